import { notFound } from 'next/navigation';
import { LazyElementsPlayground } from '@/e2e/playground/lazy-elements-playground';
import { getOwnedCart } from '@/lib/checkout/use-cases';
import { getConfig } from '@/lib/config';
import { getShopper } from '@/lib/http/identity';
import { getStore } from '@/lib/store/app-store';
import { getStripe } from '@/lib/stripe/server';

export const dynamic = 'force-dynamic';

/**
 * The e2e playground (e2e/stripe-elements.spec.ts): react-stripe-js's real CheckoutElementsProvider,
 * PaymentElement and ShippingAddressElement on the local Stripe's Stripe.js stand-in. Its component
 * lives with the e2e support code (e2e/playground); this page only mounts it, where this process
 * serves the local Stripe, and only for a checkout this browser owns. Everywhere else it is a 404.
 */
export default async function StripeElementsPlayground({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!getConfig().servesLocalStripe) notFound();
  const { session_id: sessionId } = await searchParams;
  if (typeof sessionId !== 'string') notFound();
  const owned = await getOwnedCart(await getStore(), await getShopper(), sessionId);
  if (owned.kind !== 'ok') notFound();
  const session = await getStripe().checkout.sessions.retrieve(sessionId);
  if (session.client_secret === null) notFound();
  return (
    <main>
      <h1>Stripe elements playground</h1>
      <LazyElementsPlayground clientSecret={session.client_secret} sessionId={sessionId} />
    </main>
  );
}
