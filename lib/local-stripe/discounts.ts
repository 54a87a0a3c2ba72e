import type { Engine } from './engine';
import { invalidRequest, resourceMissing } from './errors';
import { sessionEmail } from './render';
import { getOwn, type StoredCoupon, type StoredSession } from './state';

/** What a discount is checked against: the session as it will be after the change. */
export interface DiscountTarget {
  currency: string;
  customer: string | null;
  email: string | null;
  subtotal: number;
  /** Products on the order, for coupons restricted with `applies_to`. */
  products: readonly string[];
  /** The session's clock (test helpers can move it ahead of the global one). */
  now: number;
}

export function targetFor(engine: Engine, session: StoredSession): DiscountTarget {
  const totals = engine.render.sessionTotals(session);
  return {
    currency: session.currency,
    customer: session.customer,
    email: sessionEmail(engine.state, session),
    subtotal: totals.subtotal,
    products: session.line_items.map((item) => getOwn(engine.state.prices, item.price)?.product ?? ''),
    now: engine.sessionNow(session),
  };
}

export function getCoupon(engine: Engine, id: string, param?: string): StoredCoupon {
  const coupon = getOwn(engine.state.coupons, id);
  if (!coupon) throw resourceMissing('coupon', id, param);
  return coupon;
}

export function assertCouponUsable(coupon: StoredCoupon, target: DiscountTarget, param: string): void {
  if (coupon.redeem_by !== null && target.now >= coupon.redeem_by) {
    throw invalidRequest(`The coupon \`${coupon.id}\` has expired.`, { code: 'coupon_expired', param });
  }
  if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions) {
    throw invalidRequest(`The coupon \`${coupon.id}\` has reached its maximum number of redemptions.`, {
      code: 'coupon_expired',
      param,
    });
  }
  if (coupon.amount_off !== null && coupon.currency !== target.currency) {
    throw invalidRequest(
      `The coupon \`${coupon.id}\` is in ${coupon.currency ?? 'no currency'}, but the Checkout Session is in ${target.currency}.`,
      { param },
    );
  }
}

export function appliesToAnyLine(coupon: StoredCoupon, target: DiscountTarget): boolean {
  return (
    coupon.applies_to === null || target.products.some((product) => coupon.applies_to?.includes(product))
  );
}
