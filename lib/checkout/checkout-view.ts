import type { Cart } from './cart';
import { type CheckoutView, checkoutViewSchema } from './contract';

export type { CheckoutView } from './contract';

/**
 * What a checkout use case answers: the page's view plus our own totals and the cart's version,
 * which tests and logs check. The page shows Stripe's totals, so the routes send only the view.
 */
export interface CheckoutOutcome extends CheckoutView {
  reference: string;
  version: number;
  subtotal: number;
  totalDiscount: number;
  total: number;
}

/** The checkout page's view of a cart (see checkoutViewSchema for what the page reads). */
export function toCheckoutView(cart: Cart, notices: string[] = []): CheckoutView {
  return {
    sessionId: cart.sessionId,
    currency: cart.currency,
    addOns: cart.addOns,
    promotionCode: cart.promotionCode,
    shipping: cart.shipping,
    email: cart.email,
    hasCustomer: cart.customerId !== null,
    discounts: (cart.decision?.applied ?? []).map(({ ruleId, name, amount }) => ({ ruleId, name, amount })),
    notices,
    lineKeys: Object.fromEntries(Object.entries(cart.lineItemIds).map(([key, id]) => [id, key])),
  };
}

export function toCheckoutOutcome(cart: Cart, notices: string[] = []): CheckoutOutcome {
  const decision = cart.decision;
  return {
    ...toCheckoutView(cart, notices),
    reference: cart.reference,
    version: cart.version,
    subtotal: decision?.subtotal ?? 0,
    totalDiscount: decision?.totalDiscount ?? 0,
    total: decision?.total ?? 0,
  };
}

/** The body a checkout change route answers with: the outcome without what the page never reads. */
export function checkoutViewOf(outcome: CheckoutOutcome): CheckoutView {
  return checkoutViewSchema.parse(outcome);
}
