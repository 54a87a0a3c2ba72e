import type { Engine } from './engine';
import { invalidRequest, resourceMissing } from './errors';
import { formatAmount } from './money';
import { sessionEmail } from './render';
import { getOwn, type StoredCoupon, type StoredPromotionCode, type StoredSession } from './state';

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
  if (!coupon || coupon.deleted) throw resourceMissing('coupon', id, param);
  return coupon;
}

export function assertCouponUsable(coupon: StoredCoupon, target: DiscountTarget, param: string): void {
  if (coupon.deleted) throw resourceMissing('coupon', coupon.id, param);
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

/** Whether the shopper (customer id, else email) already completed a paid Checkout Session. */
function hasPreviousPayment(engine: Engine, target: DiscountTarget): boolean {
  return Object.values(engine.state.sessions).some((session) => {
    if (session.status !== 'complete' || session.payment_status !== 'paid') return false;
    if (target.customer !== null) return session.customer === target.customer;
    const email = sessionEmail(engine.state, session);
    return target.email !== null && email !== null && email.toLowerCase() === target.email.toLowerCase();
  });
}

export function assertPromotionCodeUsable(
  engine: Engine,
  code: StoredPromotionCode,
  target: DiscountTarget,
  param: string,
): StoredCoupon {
  if (!code.active) throw invalidRequest(`The promotion code \`${code.code}\` is inactive.`, { param });
  if (code.expires_at !== null && target.now >= code.expires_at) {
    throw invalidRequest(`The promotion code \`${code.code}\` has expired.`, { param });
  }
  if (code.max_redemptions !== null && code.times_redeemed >= code.max_redemptions) {
    throw invalidRequest(
      `The promotion code \`${code.code}\` has reached its maximum number of redemptions.`,
      {
        param,
      },
    );
  }
  if (code.customer !== null && code.customer !== target.customer) {
    throw invalidRequest(`The promotion code \`${code.code}\` cannot be redeemed by this customer.`, {
      param,
    });
  }
  if (code.first_time_transaction && hasPreviousPayment(engine, target)) {
    throw invalidRequest(
      `The promotion code \`${code.code}\` is only valid for a customer's first purchase.`,
      {
        param,
      },
    );
  }
  if (code.minimum_amount !== null && code.minimum_amount_currency !== null) {
    if (code.minimum_amount_currency !== target.currency || target.subtotal < code.minimum_amount) {
      throw invalidRequest(
        `The promotion code \`${code.code}\` requires a minimum order of ${formatAmount(code.minimum_amount, code.minimum_amount_currency)}.`,
        { param },
      );
    }
  }
  const coupon = getOwn(engine.state.coupons, code.coupon);
  if (!coupon) throw resourceMissing('coupon', code.coupon, param);
  assertCouponUsable(coupon, target, param);
  return coupon;
}

/** Active promotion code by its customer-facing code, compared case-insensitively as Stripe does. */
export function findActivePromotionCode(engine: Engine, code: string): StoredPromotionCode | undefined {
  const wanted = code.trim().toLowerCase();
  return Object.values(engine.state.promotionCodes).find(
    (candidate) => candidate.active && candidate.code.toLowerCase() === wanted,
  );
}

export function appliesToAnyLine(coupon: StoredCoupon, target: DiscountTarget): boolean {
  return (
    coupon.applies_to === null || target.products.some((product) => coupon.applies_to?.includes(product))
  );
}
