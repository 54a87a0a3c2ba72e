import 'server-only';
import type Stripe from 'stripe';
import type { Shopper } from '@/lib/checkout/shopper';
import type { Store } from '@/lib/store/types';
import type { OrderStatus } from './order';
import { PAID_STATUSES } from './order-status';

/** What the return page shows of the Checkout Session. */
export interface CheckoutState {
  status: Stripe.Checkout.Session.Status | null;
  /** Paid, or nothing to pay (a free order): the shopper is thanked. */
  paid: boolean;
  /** Where the receipt goes; null when Stripe has none yet. */
  email: string | null;
}

export type PaymentOutcome =
  | { kind: 'unknown' }
  | { kind: 'found'; reference: string; checkout: CheckoutState; orderNumber: string | null };

/**
 * What the return page shows: the shopper's own cart's reference, where the payment stands, and
 * the order number once the webhook has written it. The cart and its order are one read. Stripe is
 * asked (one retrieve) only until the order is recorded as paid: the webhook may not have arrived
 * yet, and a delayed payment may have settled since. A paid order holds all the page shows: its
 * session is complete and paid for good (refunds and disputes do not change that), and its email
 * is the one Stripe confirmed, trimmed and lower-cased.
 */
export async function readPaymentOutcome(
  deps: { store: Store; stripe: Stripe },
  shopper: Pick<Shopper, 'browserId'>,
  sessionId: string,
): Promise<PaymentOutcome> {
  // Read only: carts belong to lib/checkout/cart.ts. Another browser's cart is not found, as
  // getOwnedCart answers.
  const { rows } = await deps.store.query<{
    browser_id: string;
    reference: string;
    number: string | null;
    status: OrderStatus | null;
    email: string | null;
  }>(
    `SELECT c.browser_id, c.reference, o.number, o.status, o.email
     FROM carts c LEFT JOIN orders o ON o.stripe_session_id = c.stripe_session_id
     WHERE c.stripe_session_id = $1`,
    [sessionId],
  );
  const row = rows[0];
  if (row === undefined || row.browser_id !== shopper.browserId) return { kind: 'unknown' };
  const found = { kind: 'found' as const, reference: row.reference, orderNumber: row.number };
  if (row.status !== null && PAID_STATUSES.includes(row.status)) {
    return { ...found, checkout: { status: 'complete', paid: true, email: row.email } };
  }
  const session = await deps.stripe.checkout.sessions.retrieve(sessionId);
  return {
    ...found,
    checkout: {
      status: session.status,
      paid: session.payment_status === 'paid' || session.payment_status === 'no_payment_required',
      email: session.customer_details?.email ?? null,
    },
  };
}
