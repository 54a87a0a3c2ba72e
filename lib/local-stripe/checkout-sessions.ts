import {
  createPrice,
  createProduct,
  getPrice,
  getProduct,
  productDataShape,
  resolveUnitAmount,
  unitAmount,
} from './catalog-routes';
import { couponDataShape, createCoupon } from './discount-routes';
import { assertCouponUsable, type DiscountTarget, getCoupon } from './discounts';
import type { Engine, RequestInfo } from './engine';
import {
  invalidParam,
  invalidRequest,
  parameterMissing,
  parametersExclusive,
  resourceMissing,
} from './errors';
import { currency, shippingDetailsField, toAddress } from './fields';
import { newId } from './ids';
import { formatAmount, MAXIMUM_AMOUNT, minimumChargeAmount } from './money';
import {
  boolean,
  emptyable,
  enumeration,
  integer,
  mergeMetadata,
  metadata,
  object,
  required,
  string,
} from './params';
import {
  getOwn,
  type ShippingDetails,
  type StoredDiscount,
  type StoredLineItem,
  type StoredSession,
} from './state';

/** The preview flag that unlocks server-side discount updates (`Stripe-Version: ...; checkout_server_update_beta=v1`). */
export const SERVER_UPDATE_BETA = 'checkout_server_update_beta';

const adjustableQuantityShape = {
  enabled: required(boolean()),
  minimum: integer({ min: 0, max: 999_999 }),
  maximum: integer({ min: 1, max: 999_999 }),
};

const priceDataShape = {
  currency: required(currency()),
  unit_amount: unitAmount(),
  unit_amount_decimal: string(),
  product: string(),
  product_data: object(productDataShape),
  tax_behavior: enumeration(['exclusive', 'inclusive', 'unspecified']),
};

export const createLineItemShape = {
  price: string(),
  price_data: object(priceDataShape),
  quantity: integer({ min: 1, max: 999_999 }),
  metadata: metadata(),
  adjustable_quantity: object(adjustableQuantityShape),
};

export const updateLineItemShape = {
  ...createLineItemShape,
  id: string(),
  metadata: emptyable(metadata()),
};

export const createDiscountShape = {
  coupon: string(),
  coupon_data: object(couponDataShape),
  promotion_code: string(),
};

// Update accepts `coupon` or `coupon_data` only (the SDK's SessionUpdateParams.Discount).
export const updateDiscountShape = {
  coupon: string(),
  coupon_data: object(couponDataShape),
};

export const shippingDetails = shippingDetailsField;

type PriceDataInput = {
  currency: string;
  unit_amount?: number;
  unit_amount_decimal?: string;
  product?: string;
  product_data?: { name: string; description?: string; images?: string[]; metadata?: Record<string, string> };
  tax_behavior?: string;
};

interface LineItemInput {
  id?: string;
  price?: string;
  price_data?: PriceDataInput;
  quantity?: number;
  metadata?: Record<string, string> | '';
  adjustable_quantity?: { enabled: boolean; minimum?: number; maximum?: number };
}

interface DiscountInput {
  coupon?: string;
  coupon_data?: Parameters<typeof createCoupon>[1];
  promotion_code?: string;
}

export function getSession(engine: Engine, id: string, request?: RequestInfo): StoredSession {
  const session = getOwn(engine.state.sessions, id);
  if (!session) throw resourceMissing('checkout.session', id);
  engine.expireIfDue(session, request);
  return session;
}

/** Refuses changes to sessions that are no longer open, naming why. */
export function assertOpen(session: StoredSession, action: string): void {
  if (session.status === 'complete') {
    throw invalidRequest(`This Checkout Session is already complete, so it can no longer be ${action}.`);
  }
  if (session.status === 'expired') {
    throw invalidRequest(`This Checkout Session has expired, so it can no longer be ${action}.`);
  }
}

function resolvePriceInput(
  engine: Engine,
  input: { price?: string; price_data?: PriceDataInput },
  param: string,
): string | undefined {
  if (input.price !== undefined && input.price_data !== undefined) {
    throw parametersExclusive([`${param}[price]`, `${param}[price_data]`]);
  }
  if (input.price !== undefined) {
    const price = getPrice(engine, input.price, `${param}[price]`);
    if (!price.active) {
      throw invalidRequest(`The price specified is inactive. This field only accepts active prices.`, {
        param: `${param}[price]`,
      });
    }
    const product = getOwn(engine.state.products, price.product);
    if (!product?.active) {
      throw invalidRequest(`The price specified belongs to an inactive product.`, {
        param: `${param}[price]`,
      });
    }
    return price.id;
  }
  const data = input.price_data;
  if (data === undefined) return undefined;
  const prefix = `${param}[price_data]`;
  const amount = resolveUnitAmount(data, prefix);
  if (data.product !== undefined && data.product_data !== undefined) {
    throw parametersExclusive([`${prefix}[product]`, `${prefix}[product_data]`]);
  }
  let productId: string;
  if (data.product !== undefined) {
    const product = getProduct(engine, data.product, `${prefix}[product]`);
    if (!product.active) {
      throw invalidRequest('The product specified is inactive.', { param: `${prefix}[product]` });
    }
    productId = product.id;
  } else if (data.product_data !== undefined) {
    productId = createProduct(engine, data.product_data, true).id;
  } else {
    throw parameterMissing(`${prefix}[product]`);
  }
  const price = createPrice(
    engine,
    { currency: data.currency, unit_amount: amount, product: productId, tax_behavior: data.tax_behavior },
    true,
  );
  return price.id;
}

function adjustable(input: LineItemInput['adjustable_quantity']): StoredLineItem['adjustable_quantity'] {
  if (input === undefined) return null;
  return { enabled: input.enabled, minimum: input.minimum ?? null, maximum: input.maximum ?? null };
}

/**
 * Builds a session's line items. With `existing` (an update) entries carrying an `id` keep that
 * item (and its id) with any new values, entries without one are added, and items left out are
 * dropped; array order is the new order.
 */
export function buildLineItems(
  engine: Engine,
  inputs: readonly LineItemInput[],
  existing: readonly StoredLineItem[] | null,
): { items: StoredLineItem[]; currency: string } {
  if (inputs.length === 0) throw invalidParam('You must provide at least one line item.', 'line_items');
  const byId = new Map((existing ?? []).map((item) => [item.id, item]));
  const seen = new Set<string>();
  let sessionCurrency: string | null = null;
  const items = inputs.map((input, index) => {
    const param = `line_items[${index}]`;
    let item: StoredLineItem;
    if (input.id !== undefined) {
      const current = byId.get(input.id);
      if (!current) throw resourceMissing('line item', input.id, `${param}[id]`);
      if (seen.has(input.id)) {
        throw invalidParam(`The line item \`${input.id}\` appears more than once.`, `${param}[id]`);
      }
      seen.add(input.id);
      const price = resolvePriceInput(engine, input, param) ?? current.price;
      item = {
        id: current.id,
        price,
        quantity: input.quantity ?? current.quantity,
        metadata: mergeMetadata(current.metadata, input.metadata),
        adjustable_quantity:
          input.adjustable_quantity !== undefined
            ? adjustable(input.adjustable_quantity)
            : current.adjustable_quantity,
      };
    } else {
      const price = resolvePriceInput(engine, input, param);
      if (price === undefined) {
        throw invalidParam(
          `You must specify either \`price\` or \`price_data\` in \`${param}\`.`,
          param,
          'parameter_missing',
        );
      }
      if (input.quantity === undefined) throw parameterMissing(`${param}[quantity]`);
      item = {
        id: newId.lineItem(),
        price,
        quantity: input.quantity,
        metadata: mergeMetadata({}, input.metadata === '' ? undefined : input.metadata),
        adjustable_quantity: adjustable(input.adjustable_quantity),
      };
    }
    const priceCurrency = getOwn(engine.state.prices, item.price)?.currency ?? '';
    if (sessionCurrency === null) sessionCurrency = priceCurrency;
    else if (priceCurrency !== sessionCurrency) {
      throw invalidRequest(
        `All line items must use the same currency: \`${param}\` is in ${priceCurrency}, the others in ${sessionCurrency}.`,
        { param },
      );
    }
    return item;
  });
  return { items, currency: sessionCurrency ?? '' };
}

/** Resolves `discounts` (create or update) into the session's single discount, or null to clear. */
export function resolveDiscount(
  engine: Engine,
  inputs: readonly DiscountInput[] | '',
  target: DiscountTarget,
  current: StoredDiscount | null,
): StoredDiscount | null {
  if (inputs === '' || inputs.length === 0) return null;
  if (inputs.length > 1) {
    throw invalidRequest('A Checkout Session can have at most one discount.', { param: 'discounts' });
  }
  const [input] = inputs;
  if (input === undefined) return null;
  const given = (['coupon', 'coupon_data', 'promotion_code'] as const).filter(
    (key) => input[key] !== undefined,
  );
  if (given.length > 1) throw parametersExclusive(given.map((key) => `discounts[0][${key}]`));
  let couponId: string;
  if (input.coupon !== undefined) {
    const coupon = getCoupon(engine, input.coupon, 'discounts[0][coupon]');
    assertCouponUsable(coupon, target, 'discounts[0][coupon]');
    couponId = coupon.id;
  } else if (input.coupon_data !== undefined) {
    const coupon = createCoupon(engine, input.coupon_data, true, 'discounts[0][coupon_data]');
    assertCouponUsable(coupon, target, 'discounts[0][coupon_data]');
    couponId = coupon.id;
  } else if (input.promotion_code !== undefined) {
    // Promotion code objects are not modelled (see README), so every id is unknown, as Stripe says.
    throw resourceMissing('promotion code', input.promotion_code, 'discounts[0][promotion_code]');
  } else {
    throw invalidParam(
      'You must pass one of `coupon`, `coupon_data` or `promotion_code` in `discounts[0]`.',
      'discounts[0]',
      'parameter_missing',
    );
  }
  // Re-applying the same discount keeps its identity, so a repeated push changes nothing.
  if (current !== null && current.coupon === couponId) return current;
  return { id: newId.discount(), coupon: couponId, start: engine.now() };
}

/**
 * Replaces a session's discount. The coupon it had stays on the account, inline or not: Stripe does
 * not delete the coupons `coupon_data` creates, so a client that sends one per update piles them up.
 */
export function setDiscount(_engine: Engine, session: StoredSession, discount: StoredDiscount | null): void {
  session.discount = discount;
}

/** Stripe refuses a payment-mode session whose total is between zero and the currency's minimum charge. */
export function assertAmountAllowed(engine: Engine, session: StoredSession): void {
  const { total } = engine.render.sessionTotals(session);
  const minimum = minimumChargeAmount(session.currency);
  if (total > 0 && total < minimum) {
    throw invalidRequest(
      `The Checkout Session's total amount due must add up to at least ${formatAmount(minimum, session.currency)}.`,
      { code: 'amount_too_small' },
    );
  }
  if (total > MAXIMUM_AMOUNT) {
    throw invalidRequest(
      `The Checkout Session's total amount due must be no more than ${formatAmount(MAXIMUM_AMOUNT, session.currency)}.`,
      { code: 'amount_too_large' },
    );
  }
}

export function toShippingDetails(
  session: StoredSession,
  input: { name: string; address: Parameters<typeof toAddress>[0] },
  param: string,
): ShippingDetails {
  if (session.allowed_countries === null) {
    throw invalidParam(
      'Shipping details can only be set on a Checkout Session created with `shipping_address_collection`.',
      param,
    );
  }
  const country = input.address.country ?? '';
  if (!session.allowed_countries.includes(country)) {
    throw invalidParam(
      `The shipping country \`${country}\` is not one of this Checkout Session's allowed countries (${session.allowed_countries.join(', ')}).`,
      `${param}[address][country]`,
    );
  }
  return { name: input.name, address: toAddress(input.address) };
}

export function permission(
  session: StoredSession,
  name: 'discounts' | 'line_items' | 'shipping_details',
): string {
  const permissions = session.permissions;
  if (permissions === null) return 'client_only';
  const direct = permissions[`update_${name}`];
  if (typeof direct === 'string') return direct;
  const update = permissions.update;
  if (update !== null && typeof update === 'object' && !Array.isArray(update)) {
    const nested = update[name];
    if (typeof nested === 'string') return nested;
  }
  return 'client_only';
}
