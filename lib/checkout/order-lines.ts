import type Stripe from 'stripe';
import { ADD_ONS, getAddOn, getProduct } from '@/lib/catalog';
import type { CombinedDiscount, OrderLine } from '@/lib/discounts';
import { type Cart, lineKey } from './cart';

/**
 * Pure translations between the server's cart and what Stripe is sent. Lines go in a fixed order
 * (products as in the cart, then add-ons in catalog order) so the answer can be matched line by line.
 */

export const ALLOWED_SHIPPING_COUNTRIES = ['US', 'JP', 'GB', 'CA', 'AU', 'DE', 'FR'] as const;
export type AllowedShippingCountry = (typeof ALLOWED_SHIPPING_COUNTRIES)[number];

type CartContent = Pick<Cart, 'currency' | 'items' | 'addOns'>;

interface DesiredLine {
  key: string;
  description: string;
  line: OrderLine;
}

export function desiredLines(cart: CartContent): DesiredLine[] {
  const products = cart.items.map((item) => {
    const product = getProduct(item.productId);
    return {
      key: lineKey('product', product.id),
      description: product.name,
      line: {
        id: product.id,
        kind: 'product',
        unitAmount: product.prices[cart.currency],
        quantity: item.quantity,
      },
    } satisfies DesiredLine;
  });
  const addOns = ADD_ONS.filter((addOn) => cart.addOns.includes(addOn.id)).map(
    (addOn) =>
      ({
        key: lineKey('add_on', addOn.id),
        description: addOn.name,
        line: { id: addOn.id, kind: 'add_on', unitAmount: addOn.prices[cart.currency], quantity: 1 },
      }) satisfies DesiredLine,
  );
  return [...products, ...addOns];
}

export function orderLinesOf(cart: CartContent): OrderLine[] {
  return desiredLines(cart).map((desired) => desired.line);
}

/**
 * The complete `line_items` array for a session update: lines Stripe already has are kept by id
 * (so their ids survive), new ones are added from the catalog, and anything omitted is dropped.
 */
export function lineItemsForUpdate(
  cart: CartContent,
  lineItemIds: Record<string, string>,
  priceIds: Record<string, string>,
): Stripe.Checkout.SessionUpdateParams.LineItem[] {
  return desiredLines(cart).map(({ key, line }) => {
    const existing = lineItemIds[key];
    if (existing !== undefined) return { id: existing, quantity: line.quantity };
    if (line.kind === 'product') {
      return { price: priceIdFor(priceIds, line.id), quantity: line.quantity };
    }
    const addOn = getAddOn(line.id as Parameters<typeof getAddOn>[0]);
    return {
      price_data: {
        currency: cart.currency,
        unit_amount: line.unitAmount,
        product_data: { name: addOn.name },
      },
      quantity: 1,
    };
  });
}

export function lineItemsForCreate(
  cart: CartContent,
  priceIds: Record<string, string>,
): Stripe.Checkout.SessionCreateParams.LineItem[] {
  return cart.items.map((item) => ({ price: priceIdFor(priceIds, item.productId), quantity: item.quantity }));
}

function priceIdFor(priceIds: Record<string, string>, productId: string): string {
  const id = priceIds[productId];
  if (id === undefined) throw new Error(`No Stripe price for ${productId}: run npm run stripe:sync`);
  return id;
}

/**
 * Which Stripe line item is which of ours, matched by description (the product's or add-on's name,
 * unique in the catalog). A line with no match gets no id, so the next push adds it afresh rather
 * than claiming an id that belongs to another line.
 */
export function matchLineItemIds(
  cart: CartContent,
  items: readonly Pick<Stripe.LineItem, 'id' | 'description'>[],
): Record<string, string> {
  const desired = desiredLines(cart);
  const result: Record<string, string> = {};
  const unmatched = [...items];
  for (const line of desired) {
    const index = unmatched.findIndex((item) => item.description === line.description);
    if (index >= 0) {
      const [item] = unmatched.splice(index, 1);
      if (item !== undefined) result[line.key] = item.id;
    }
  }
  return result;
}

export function discountsParam(
  combined: CombinedDiscount | null,
): Stripe.Checkout.SessionUpdateParams['discounts'] {
  if (combined === null) return '';
  return [
    {
      coupon_data: {
        amount_off: combined.amountOff,
        currency: combined.currency,
        duration: 'once',
        name: combined.name,
      },
    },
  ];
}
