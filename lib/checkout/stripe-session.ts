import type Stripe from 'stripe';
import type { DiscountDecision } from '@/lib/discounts';
import { AppError } from '@/lib/errors';
import { createStripeBudget, type StripeBudget } from '@/lib/stripe/budget';
import { isStripeTimeout, stripeErrorType } from '@/lib/stripe/errors';
import type { Cart } from './cart';
import { discountsParam, lineItemsForUpdate, matchLineItemIds } from './order-lines';

/**
 * Pushes the complete desired state of a cart to its Checkout Session in one update and returns
 * Stripe's line item ids. When Stripe's copy may differ from what we believe - the outcome of a
 * call was unknown (a timeout), or Stripe refused our line item ids (an earlier change landed after
 * we gave up on it) - it reads the session back and pushes the same desired state again with the
 * ids Stripe really has, so the state converges and the shopper's answer is true.
 */
export async function pushCartToStripe(
  stripe: Stripe,
  cart: Cart,
  decision: DiscountDecision,
  priceIds: Record<string, string>,
  budget: StripeBudget = createStripeBudget(),
): Promise<Record<string, string>> {
  const params = (lineItemIds: Record<string, string>): Stripe.Checkout.SessionUpdateParams => ({
    line_items: lineItemsForUpdate(cart, lineItemIds, priceIds),
    discounts: discountsParam(decision.combined),
    ...(cart.shipping === null ? {} : { collected_information: { shipping_details: cart.shipping } }),
    expand: ['line_items'],
  });

  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.update(cart.sessionId, params(cart.lineItemIds), budget.next());
  } catch (error) {
    const type = stripeErrorType(error);
    if (!isStripeTimeout(error) && type !== 'StripeInvalidRequestError') throw error;
    const current = await stripe.checkout.sessions.retrieve(
      cart.sessionId,
      { expand: ['line_items'] },
      budget.next(),
    );
    assertOpen(current);
    const currentIds = matchLineItemIds(cart, await allLineItems(stripe, current, budget));
    // A refusal that the ids we hold cannot explain is ours to report, not to retry.
    if (type === 'StripeInvalidRequestError' && sameIds(currentIds, cart.lineItemIds)) throw error;
    session = await stripe.checkout.sessions.update(cart.sessionId, params(currentIds), budget.next());
  }
  return matchLineItemIds(cart, await allLineItems(stripe, session, budget));
}

function sameIds(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** The session's line items; the expanded list holds only the first page. */
export async function allLineItems(
  stripe: Stripe,
  session: Stripe.Checkout.Session,
  budget: StripeBudget = createStripeBudget(),
): Promise<Stripe.LineItem[]> {
  const expanded = session.line_items;
  if (expanded !== undefined && expanded !== null && !expanded.has_more) return expanded.data;
  const items: Stripe.LineItem[] = [];
  for await (const item of stripe.checkout.sessions.listLineItems(
    session.id,
    { limit: 100 },
    budget.next(),
  )) {
    items.push(item);
  }
  return items;
}

export function assertOpen(session: Pick<Stripe.Checkout.Session, 'status'>): void {
  if (session.status === 'complete') {
    throw new AppError('session_not_open', 'This checkout is already complete.');
  }
  if (session.status === 'expired') {
    throw new AppError('session_not_open', 'This checkout has expired. Start a new checkout from your cart.');
  }
}
