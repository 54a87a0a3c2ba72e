import 'server-only';
import type Stripe from 'stripe';
import type { Cart } from '@/lib/checkout/cart';
import type { Shopper } from '@/lib/checkout/shopper';
import { getOwnedCart } from '@/lib/checkout/use-cases';
import type { Store } from '@/lib/store/types';
import { findOrderBySession } from './order';

export type PaymentOutcome =
  | { kind: 'unknown' }
  | { kind: 'found'; cart: Cart; session: Stripe.Checkout.Session; orderNumber: string | null };

/**
 * What the return page shows: the shopper's own cart, Stripe's word on the payment (one retrieve:
 * the webhook may not have arrived yet), and the order number once the webhook has written it.
 */
export async function readPaymentOutcome(
  deps: { store: Store; stripe: Stripe },
  shopper: Pick<Shopper, 'browserId'>,
  sessionId: string,
): Promise<PaymentOutcome> {
  const owned = await getOwnedCart(deps.store, shopper, sessionId);
  if (owned.kind !== 'ok') return { kind: 'unknown' };
  const session = await deps.stripe.checkout.sessions.retrieve(sessionId);
  const orderNumber = (await findOrderBySession(deps.store, sessionId))?.number ?? null;
  return { kind: 'found', cart: owned.cart, session, orderNumber };
}
