import type Stripe from 'stripe';
import type { DiscountDecision } from '@/lib/discounts';
import { CheckoutError } from '@/lib/http/errors';
import { isStripeTimeout, stripeErrorType } from '@/lib/stripe/errors';
import type { Cart } from './cart';
import { discountsParam, lineItemsForUpdate, matchLineItemIds } from './order-lines';

/**
 * Pushes the complete desired state of a cart to its Checkout Session in one update and returns
 * Stripe's line item ids. When the outcome is unknown (a timeout), it reads the session back and
 * pushes the same desired state again, so the answer the shopper gets is true either way.
 */
export async function pushCartToStripe(
  stripe: Stripe,
  cart: Cart,
  decision: DiscountDecision,
  priceIds: Record<string, string>,
): Promise<Record<string, string>> {
  const params = (lineItemIds: Record<string, string>): Stripe.Checkout.SessionUpdateParams => ({
    line_items: lineItemsForUpdate(cart, lineItemIds, priceIds),
    discounts: discountsParam(decision.combined),
    ...(cart.shipping === null ? {} : { collected_information: { shipping_details: cart.shipping } }),
    expand: ['line_items'],
  });

  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.update(cart.sessionId, params(cart.lineItemIds));
  } catch (error) {
    if (!isStripeTimeout(error)) throw await explainRefusal(stripe, cart, error);
    const current = await stripe.checkout.sessions.retrieve(cart.sessionId, { expand: ['line_items'] });
    assertOpen(current);
    const currentIds = matchLineItemIds(cart, await allLineItems(stripe, current));
    session = await stripe.checkout.sessions.update(cart.sessionId, params(currentIds));
  }
  return matchLineItemIds(cart, await allLineItems(stripe, session));
}

/** The session's line items; the expanded list holds only the first page. */
export async function allLineItems(
  stripe: Stripe,
  session: Stripe.Checkout.Session,
): Promise<Stripe.LineItem[]> {
  const expanded = session.line_items;
  if (expanded !== undefined && expanded !== null && !expanded.has_more) return expanded.data;
  const items: Stripe.LineItem[] = [];
  for await (const item of stripe.checkout.sessions.listLineItems(session.id, { limit: 100 }))
    items.push(item);
  return items;
}

export function assertOpen(session: Pick<Stripe.Checkout.Session, 'status'>): void {
  if (session.status === 'complete') {
    throw new CheckoutError('session_not_open', 'This checkout is already complete.');
  }
  if (session.status === 'expired') {
    throw new CheckoutError(
      'session_not_open',
      'This checkout has expired. Start a new checkout from your cart.',
    );
  }
}

/** A refused update is usually a session that closed meanwhile; say so rather than "Stripe refused". */
async function explainRefusal(stripe: Stripe, cart: Cart, error: unknown): Promise<unknown> {
  if (stripeErrorType(error) !== 'StripeInvalidRequestError') return error;
  try {
    assertOpen(await stripe.checkout.sessions.retrieve(cart.sessionId));
  } catch (closed) {
    if (closed instanceof CheckoutError) return closed;
  }
  return error;
}
