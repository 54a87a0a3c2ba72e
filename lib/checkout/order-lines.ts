import type Stripe from 'stripe';
import { ADD_ONS, type AddOnId, getAddOn, getProduct } from '@/lib/catalog';
import type { CombinedDiscount, OrderLine } from '@/lib/discounts';
import { type Cart, lineKey } from './cart';

/**
 * Pure translations between the server's cart and what Stripe is sent. Every line item we create
 * carries our line key in its metadata, and that key - never the name Stripe shows - is how a line
 * item Stripe returns is matched back to our line: a product renamed in Stripe or in the catalog
 * keeps its line item.
 */

export const ALLOWED_SHIPPING_COUNTRIES = ['US', 'JP', 'GB', 'CA', 'AU', 'DE', 'FR'] as const;

type CartContent = Pick<Cart, 'currency' | 'items' | 'addOns'>;

/** The line item metadata key holding our line key (see lineKey), e.g. `add_on:gift_wrap`. */
export const LINE_KEY_METADATA = 'line_key';

interface DesiredLine {
  key: string;
  line: OrderLine;
}

export function desiredLines(cart: CartContent): DesiredLine[] {
  const products = cart.items.map((item) => {
    const product = getProduct(item.productId);
    return {
      key: lineKey('product', product.id),
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
        line: { id: addOn.id, kind: 'add_on', unitAmount: addOn.prices[cart.currency], quantity: 1 },
      }) satisfies DesiredLine,
  );
  return [...products, ...addOns];
}

export function orderLinesOf(cart: CartContent): OrderLine[] {
  return desiredLines(cart).map((desired) => desired.line);
}

/** A session's lines at creation, in the fixed order: products as in the cart, then add-ons. */
export function lineItemsForCreate(
  cart: CartContent,
  priceIds: Record<string, string>,
): Stripe.Checkout.SessionCreateParams.LineItem[] {
  return desiredLines(cart).map((desired) => newLineItem(cart, desired, priceIds));
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
  return desiredLines(cart).map((desired) => {
    const existing = lineItemIds[desired.key];
    if (existing !== undefined) return { id: existing, quantity: desired.line.quantity };
    return newLineItem(cart, desired, priceIds);
  });
}

/** Products by their catalog Price, add-ons by `price_data`; each tagged with its line key. */
function newLineItem(
  cart: CartContent,
  { key, line }: DesiredLine,
  priceIds: Record<string, string>,
): Stripe.Checkout.SessionCreateParams.LineItem & Stripe.Checkout.SessionUpdateParams.LineItem {
  const metadata = { [LINE_KEY_METADATA]: key };
  if (line.kind === 'product') {
    return { price: priceIdFor(priceIds, line.id), quantity: line.quantity, metadata };
  }
  const addOn = getAddOn(line.id as AddOnId);
  return {
    price_data: { currency: cart.currency, unit_amount: line.unitAmount, product_data: { name: addOn.name } },
    quantity: line.quantity,
    metadata,
  };
}

function priceIdFor(priceIds: Record<string, string>, productId: string): string {
  const id = priceIds[productId];
  if (id === undefined) throw new Error(`No Stripe price for ${productId}: run npm run stripe:sync`);
  return id;
}

/**
 * Which Stripe line item is which of our lines, by the line key in its metadata. A line with no
 * match (a line item created without a key, or one Stripe no longer has) gets no id, so the next
 * push adds it afresh and drops the unkeyed item, rather than claiming an id that may belong to
 * another line.
 */
export function matchLineItemIds(
  cart: CartContent,
  items: readonly Pick<Stripe.LineItem, 'id' | 'metadata'>[],
): Record<string, string> {
  const wanted = new Set(desiredLines(cart).map((desired) => desired.key));
  const result: Record<string, string> = {};
  for (const item of items) {
    const key = item.metadata?.[LINE_KEY_METADATA];
    if (key !== undefined && wanted.has(key) && result[key] === undefined) result[key] = item.id;
  }
  return result;
}

/** What a new session is made of, besides the cart: the caller decides the coupon and the customer. */
export interface SessionCreateInput {
  cart: Pick<Cart, 'id' | 'reference' | 'currency' | 'items' | 'addOns' | 'clientReferenceId' | 'expiresAt'>;
  priceIds: Record<string, string>;
  stripeCustomerId: string | null;
  returnUrl: string;
  locale?: 'en' | 'ja';
  /** The combined discount as an existing Coupon (creation names one; only updates take coupon_data). */
  couponId: string | null;
}

/** The parameters of `checkout.sessions.create`: server-only permissions, so the server may update it. */
export function sessionCreateParams(input: SessionCreateInput): Stripe.Checkout.SessionCreateParams {
  const { cart } = input;
  return {
    ui_mode: 'elements',
    mode: 'payment',
    line_items: lineItemsForCreate(cart, input.priceIds),
    permissions: {
      update_discounts: 'server_only',
      update_line_items: 'server_only',
      update_shipping_details: 'server_only',
    },
    shipping_address_collection: { allowed_countries: [...ALLOWED_SHIPPING_COUNTRIES] },
    return_url: input.returnUrl,
    ...(input.locale === undefined ? {} : { locale: input.locale }),
    ...(input.couponId === null ? {} : { discounts: [{ coupon: input.couponId }] }),
    ...(cart.clientReferenceId === null ? {} : { client_reference_id: cart.clientReferenceId }),
    ...(input.stripeCustomerId === null ? {} : { customer: input.stripeCustomerId }),
    expires_at: Math.floor(cart.expiresAt.getTime() / 1000),
    metadata: { cart_id: cart.id, cart_reference: cart.reference },
    // The server decides the currency and every amount; Adaptive Pricing would let Stripe convert.
    adaptive_pricing: { enabled: false },
    expand: ['line_items'],
  };
}

/**
 * The parameters of one `checkout.sessions.update` pushing a cart's complete state. With
 * `keepDiscount`, `discounts` is omitted and Stripe keeps the session's coupon: a new
 * `coupon_data` would leave one more coupon.
 */
export function sessionUpdateParams(
  cart: CartContent & Pick<Cart, 'shipping'>,
  combined: CombinedDiscount | null,
  lineItemIds: Record<string, string>,
  priceIds: Record<string, string>,
  keepDiscount = false,
): Stripe.Checkout.SessionUpdateParams {
  return {
    line_items: lineItemsForUpdate(cart, lineItemIds, priceIds),
    ...(keepDiscount ? {} : { discounts: discountsParam(combined) }),
    ...(cart.shipping === null ? {} : { collected_information: { shipping_details: cart.shipping } }),
    expand: ['line_items'],
  };
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
