import { notFound } from 'next/navigation';
import { ElementsPlayground } from '@/components/dev/elements-playground';
import { getOwnedCart } from '@/lib/checkout/use-cases';
import { getShopper } from '@/lib/http/identity';
import { getStore } from '@/lib/store/app-store';
import { getLocalStripeInstance, getStripe } from '@/lib/stripe/server';

export const dynamic = 'force-dynamic';

/**
 * A bare page that runs react-stripe-js's real CheckoutElementsProvider, PaymentElement and
 * ShippingAddressElement against the local Stripe's Stripe.js stand-in, for the e2e suite. It
 * exists only without Stripe keys, and only for a checkout this browser owns.
 */
export default async function StripeElementsPlayground({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (getLocalStripeInstance() === null) notFound();
  const { session_id: sessionId } = await searchParams;
  if (typeof sessionId !== 'string') notFound();
  const owned = await getOwnedCart(await getStore(), await getShopper(), sessionId);
  if (owned.kind !== 'ok') notFound();
  const session = await getStripe().checkout.sessions.retrieve(sessionId);
  if (session.client_secret === null) notFound();
  return (
    <main>
      <h1>Stripe elements playground</h1>
      <ElementsPlayground clientSecret={session.client_secret} sessionId={sessionId} />
    </main>
  );
}
