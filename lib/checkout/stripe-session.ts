import 'server-only';
import type Stripe from 'stripe';
import type { DiscountDecision } from '@/lib/discounts';
import { AppError } from '@/lib/errors';
import { createStripeBudget, type StripeBudget } from '@/lib/stripe/budget';
import { isLockTimeout, isStripeTimeout, stripeErrorType } from '@/lib/stripe/errors';
import type { Cart } from './cart';
import { matchLineItemIds, sessionCreateParams, sessionUpdateParams } from './order-lines';

/**
 * Every Stripe call on a cart's Checkout Session. The use cases hand over the cart and its decided
 * discounts and get back what they store: the session id and which Stripe line item is which of
 * their lines. The parameters are built by the pure functions in ./order-lines.
 */

/** Stripe's copy of a cart, as far as the cart needs to know it. */
export interface StripeCart {
  sessionId: string;
  /** Our line key -> Stripe line item id (Cart['lineItemIds']). */
  lineItemIds: Record<string, string>;
}

export interface NewSession {
  /** The cart to create the session for; its sessionId is not known yet. */
  cart: Cart;
  decision: DiscountDecision;
  priceIds: Record<string, string>;
  stripeCustomerId: string | null;
  returnUrl: string;
  /** The page's language, for Stripe's own texts (Stripe.js, receipts). */
  locale?: 'en' | 'ja';
  /** Derived from the request, so a replayed request sends Stripe identical calls. */
  idempotencyKey: string;
}

export async function createStripeSession(stripe: Stripe, input: NewSession): Promise<StripeCart> {
  const { cart, decision } = input;
  // Creation names a coupon that exists, where updates pass inline `coupon_data`: Stripe documents
  // `coupon_data` for session updates only, so the combined discount of a new session is a real
  // single-use Coupon (idempotent with the request, so a replay reuses it). The amounts are the same.
  const { combined } = decision;
  const coupon =
    combined === null
      ? null
      : await retryLockTimeout(() =>
          stripe.coupons.create(
            {
              amount_off: combined.amountOff,
              currency: combined.currency,
              duration: 'once',
              name: combined.name,
              max_redemptions: 1,
            },
            { idempotencyKey: `checkout-coupon:${input.idempotencyKey}` },
          ),
        );
  const params = sessionCreateParams({
    cart,
    priceIds: input.priceIds,
    stripeCustomerId: input.stripeCustomerId,
    returnUrl: input.returnUrl,
    ...(input.locale === undefined ? {} : { locale: input.locale }),
    couponId: coupon === null ? null : coupon.id,
  });
  const session = await retryLockTimeout(() =>
    stripe.checkout.sessions.create(params, { idempotencyKey: `checkout-session:${input.idempotencyKey}` }),
  );
  return { sessionId: session.id, lineItemIds: matchLineItemIds(cart, await allLineItems(stripe, session)) };
}

export interface PushOptions {
  /** The decided discount is the one the session already has: keep its coupon rather than send it again. */
  keepDiscount?: boolean;
  /**
   * Set to true once the session may hold the new state: an update went through (even if reading
   * its line items back then failed), or failed in a way that may still have changed the session (a
   * timeout, a broken connection, a Stripe 5xx). A caller that gives up must then push its stored
   * state again, or Stripe could keep a state the database never saved.
   */
  trace?: { uncertain: boolean };
}

/**
 * Stripe answers 429 `lock_timeout` when another request holds the object: nothing was applied and
 * that one is about to finish, so one more try (inside the same time budget) is worth it on every
 * call; a second refusal is the answer.
 */
export async function retryLockTimeout<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!isLockTimeout(error)) throw error;
    return call();
  }
}

/**
 * Pushes the complete desired state of a cart to its Checkout Session in one update. When Stripe's
 * copy may differ from what we believe - the outcome of a call was unknown (a timeout), or Stripe
 * refused our line item ids (an earlier change landed after we gave up on it) - it reads the session
 * back and pushes the same desired state again with the ids Stripe really has, so the state
 * converges and the shopper's answer is true.
 */
export async function pushCartToStripe(
  stripe: Stripe,
  cart: Cart,
  decision: DiscountDecision,
  priceIds: Record<string, string>,
  budget: StripeBudget = createStripeBudget(),
  options: PushOptions = {},
): Promise<StripeCart> {
  const params = (lineItemIds: Record<string, string>): Stripe.Checkout.SessionUpdateParams =>
    sessionUpdateParams(cart, decision.combined, lineItemIds, priceIds, options.keepDiscount);

  const update = async (lineItemIds: Record<string, string>) => {
    try {
      const updated = await retryLockTimeout(() =>
        stripe.checkout.sessions.update(cart.sessionId, params(lineItemIds), budget.next()),
      );
      if (options.trace !== undefined) options.trace.uncertain = true;
      return updated;
    } catch (error) {
      if (options.trace !== undefined && mayHaveLanded(error)) options.trace.uncertain = true;
      throw error;
    }
  };

  let session: Stripe.Checkout.Session;
  try {
    session = await update(cart.lineItemIds);
  } catch (error) {
    const type = stripeErrorType(error);
    if (!isStripeTimeout(error) && type !== 'StripeInvalidRequestError') throw error;
    const current = await retryLockTimeout(() =>
      stripe.checkout.sessions.retrieve(cart.sessionId, { expand: ['line_items'] }, budget.next()),
    );
    assertOpen(current);
    const currentIds = matchLineItemIds(cart, await allLineItems(stripe, current, budget));
    // A refusal that the ids we hold cannot explain is ours to report, not to retry.
    if (type === 'StripeInvalidRequestError' && sameIds(currentIds, cart.lineItemIds)) throw error;
    session = await update(currentIds);
  }
  return {
    sessionId: session.id,
    lineItemIds: matchLineItemIds(cart, await allLineItems(stripe, session, budget)),
  };
}

function sameIds(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** An update that failed this way may still have been applied: its outcome is unknown. */
function mayHaveLanded(error: unknown): boolean {
  return isStripeTimeout(error) || stripeErrorType(error) === 'StripeAPIError';
}

/** The session's line items; the expanded list holds only the first page. */
async function allLineItems(
  stripe: Stripe,
  session: Stripe.Checkout.Session,
  budget: StripeBudget = createStripeBudget(),
): Promise<Stripe.LineItem[]> {
  const expanded = session.line_items;
  if (expanded !== undefined && expanded !== null && !expanded.has_more) return expanded.data;
  const items: Stripe.LineItem[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await retryLockTimeout(() =>
      stripe.checkout.sessions.listLineItems(
        session.id,
        { limit: 100, ...(after === undefined ? {} : { starting_after: after }) },
        budget.next(),
      ),
    );
    items.push(...page.data);
    after = page.data.at(-1)?.id;
    if (!page.has_more || after === undefined) return items;
  }
}

export function assertOpen(session: Pick<Stripe.Checkout.Session, 'status'>): void {
  if (session.status === 'complete') {
    throw new AppError('session_not_open', 'This checkout is already complete.');
  }
  if (session.status === 'expired') {
    throw new AppError('session_not_open', 'This checkout has expired. Start a new checkout from your cart.');
  }
}
