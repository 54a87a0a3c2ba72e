import type { AddOnId } from '@/lib/catalog';
import type { Cart, ShippingDetails } from './cart';

/** What the checkout page needs from the server besides Stripe's own session: our breakdown. */
export interface CheckoutView {
  sessionId: string;
  reference: string;
  version: number;
  currency: Cart['currency'];
  addOns: AddOnId[];
  promotionCode: string | null;
  shipping: ShippingDetails | null;
  /** The email discount rules read (the account's for a signed-in customer). */
  email: string | null;
  /** A signed-in customer's session: Stripe knows their email from the customer. */
  hasCustomer: boolean;
  subtotal: number;
  discounts: { ruleId: string; name: string; amount: number }[];
  totalDiscount: number;
  total: number;
  /** Sentences for the shopper about discounts that changed with this request (e.g. a code that no longer applies). */
  notices: string[];
}

export function toCheckoutView(cart: Cart, notices: string[] = []): CheckoutView {
  const decision = cart.decision;
  return {
    sessionId: cart.sessionId,
    reference: cart.reference,
    version: cart.version,
    currency: cart.currency,
    addOns: cart.addOns,
    promotionCode: cart.promotionCode,
    shipping: cart.shipping,
    email: cart.email,
    hasCustomer: cart.customerId !== null,
    subtotal: decision?.subtotal ?? 0,
    discounts: (decision?.applied ?? []).map(({ ruleId, name, amount }) => ({ ruleId, name, amount })),
    totalDiscount: decision?.totalDiscount ?? 0,
    total: decision?.total ?? 0,
    notices,
  };
}
