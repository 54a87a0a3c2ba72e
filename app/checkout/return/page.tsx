import type { Metadata } from 'next';
import Link from 'next/link';
import { ClearCart } from '@/components/checkout/clear-cart';
import { OrderNumberStatus } from '@/components/orders/order-number-status';
import { SiteHeader } from '@/components/ui/site-header';
import { CHECKOUT_SESSION_ID_PATTERN } from '@/lib/checkout/schemas';
import { getShopper } from '@/lib/http/identity';
import { readPaymentOutcome } from '@/lib/orders/payment-outcome';
import { getStore } from '@/lib/store/app-store';
import { getStripe } from '@/lib/stripe/server';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your order' };

/** Where Stripe sends the shopper after paying (the session's return_url). */
export default async function ReturnPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { session_id: raw } = await searchParams;
  const sessionId = typeof raw === 'string' && CHECKOUT_SESSION_ID_PATTERN.test(raw) ? raw : null;
  const outcome =
    sessionId === null
      ? null
      : await readPaymentOutcome(
          { store: await getStore(), stripe: getStripe() },
          await getShopper(),
          sessionId,
        );

  if (sessionId === null || outcome === null || outcome.kind !== 'found') {
    return (
      <Page>
        <h1>We couldn't find this order</h1>
        <p>This link does not match a checkout started in this browser.</p>
        <Link href="/">Back to the shop</Link>
      </Page>
    );
  }

  const { session, orderNumber } = outcome;
  const reference = outcome.cart.reference;
  if (session.status === 'complete' && session.payment_status === 'paid') {
    return (
      <Page>
        <ClearCart />
        <h1>Thank you for your order</h1>
        <p>
          Your order reference is <strong data-testid="order-reference">{reference}</strong>. A receipt is on
          its way to {session.customer_details?.email ?? 'your email'}.
        </p>
        <OrderNumberStatus orderNumber={orderNumber} />
        <Link href="/">Continue shopping</Link>
      </Page>
    );
  }
  if (session.status === 'complete') {
    return (
      <Page>
        <ClearCart />
        <h1>Your order is waiting for payment</h1>
        <p>
          Order <strong data-testid="order-reference">{reference}</strong> is reserved. Complete the payment
          with the instructions you received; we ship once it arrives.
        </p>
        <OrderNumberStatus orderNumber={orderNumber} />
        <Link href="/">Continue shopping</Link>
      </Page>
    );
  }
  return (
    <Page>
      <h1>Your payment was not completed</h1>
      <p>Nothing was charged.</p>
      {session.status === 'open' ? (
        <Link href={`/checkout/${encodeURIComponent(sessionId)}`}>Return to checkout</Link>
      ) : (
        <Link href="/">Back to your cart</Link>
      )}
    </Page>
  );
}

function Page({ children }: { children: React.ReactNode }) {
  return (
    <>
      <SiteHeader />
      <main>{children}</main>
    </>
  );
}
