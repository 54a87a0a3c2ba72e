import { getProduct } from './catalog-routes';
import { getCustomer } from './customer-routes';
import { getCoupon } from './discounts';
import type { Engine } from './engine';
import {
  invalidParam,
  invalidRequest,
  parameterMissing,
  parametersExclusive,
  resourceMissing,
} from './errors';
import { currency, customId } from './fields';
import { nestParamName } from './form';
import { newId } from './ids';
import type { JsonObject } from './json';
import { createdFilter, matchesCreated, newestFirst, paginate, paginationShape } from './lists';
import { markDeleted } from './mark-deleted';
import { MAXIMUM_AMOUNT } from './money';
import {
  applyEmptyable,
  array,
  boolean,
  decimal,
  emptyable,
  enumeration,
  expandParam,
  integer,
  mergeMetadata,
  metadata,
  object,
  parseParams,
  required,
  string,
} from './params';
import { includes } from './render';
import { pathParam, type Route, type RouteContext } from './route';
import { getOwn, type StoredCoupon, type StoredPromotionCode } from './state';

export interface CouponInput {
  id?: string;
  amount_off?: number;
  currency?: string;
  percent_off?: number;
  duration?: string;
  duration_in_months?: number;
  max_redemptions?: number;
  redeem_by?: number;
  name?: string;
  metadata?: Record<string, string>;
  applies_to?: { products?: string[] };
}

export const couponDataShape = {
  amount_off: integer({ min: 1, max: MAXIMUM_AMOUNT }),
  currency: currency(),
  percent_off: decimal({ exclusiveMin: 0, max: 100 }),
  duration: enumeration(['forever', 'once', 'repeating']),
  duration_in_months: integer({ min: 1 }),
  name: string({ maxLength: 40 }),
  metadata: metadata(),
};

/** Validates and stores a coupon; `prefix` names the parameters (`discounts[0][coupon_data]`). */
export function createCoupon(engine: Engine, input: CouponInput, inline: boolean, prefix = ''): StoredCoupon {
  const name = (key: string) => nestParamName(prefix, key);
  if (input.amount_off !== undefined && input.percent_off !== undefined) {
    throw parametersExclusive([name('amount_off'), name('percent_off')]);
  }
  if (input.amount_off === undefined && input.percent_off === undefined) {
    throw invalidParam(
      `You must pass either \`${name('amount_off')}\` or \`${name('percent_off')}\`.`,
      name('percent_off'),
      'parameter_missing',
    );
  }
  if (input.amount_off !== undefined && input.currency === undefined)
    throw parameterMissing(name('currency'));
  const duration = input.duration ?? 'once';
  if (duration === 'repeating' && input.duration_in_months === undefined) {
    throw parameterMissing(name('duration_in_months'));
  }
  if (duration !== 'repeating' && input.duration_in_months !== undefined) {
    throw invalidParam(
      `\`${name('duration_in_months')}\` is only allowed with \`duration: 'repeating'\`.`,
      name('duration_in_months'),
    );
  }
  const now = engine.now();
  if (input.redeem_by !== undefined && input.redeem_by <= now) {
    throw invalidParam(`Invalid ${name('redeem_by')}: must be in the future.`, name('redeem_by'));
  }
  const products = input.applies_to?.products;
  for (const [index, product] of (products ?? []).entries()) {
    getProduct(engine, product, `applies_to[products][${index}]`);
  }
  const id = input.id ?? newId.coupon();
  if (getOwn(engine.state.coupons, id)) {
    throw invalidRequest('Coupon already exists.', { code: 'resource_already_exists', param: 'id' });
  }
  const coupon: StoredCoupon = {
    id,
    seq: engine.seq(),
    created: now,
    amount_off: input.amount_off ?? null,
    percent_off: input.percent_off ?? null,
    currency: input.amount_off !== undefined ? (input.currency ?? null) : null,
    duration,
    duration_in_months: input.duration_in_months ?? null,
    max_redemptions: input.max_redemptions ?? null,
    redeem_by: input.redeem_by ?? null,
    name: input.name ?? null,
    metadata: mergeMetadata({}, input.metadata),
    times_redeemed: 0,
    applies_to: products && products.length > 0 ? [...products] : null,
    inline,
    deleted: false,
  };
  engine.state.coupons[id] = coupon;
  engine.markDirty();
  return coupon;
}

function renderCoupon(engine: Engine, coupon: StoredCoupon, expand: string[] | undefined): JsonObject {
  const paths = expand ?? [];
  return engine.render.expand(
    engine.render.coupon(coupon, { includeAppliesTo: includes(paths, 'applies_to') }),
    paths,
  );
}

function createCouponRoute(context: RouteContext): JsonObject {
  const params = parseParams(
    {
      ...couponDataShape,
      id: customId(),
      max_redemptions: integer({ min: 1 }),
      redeem_by: integer(),
      applies_to: object({ products: array(string(), { maxItems: 100 }) }),
      expand: expandParam(),
    },
    context.params,
  );
  return renderCoupon(context.engine, createCoupon(context.engine, params, false), params.expand);
}

function retrieveCouponRoute(context: RouteContext): JsonObject {
  const params = parseParams({ expand: expandParam() }, context.params);
  return renderCoupon(context.engine, getCoupon(context.engine, pathParam(context, 'id')), params.expand);
}

function updateCouponRoute(context: RouteContext): JsonObject {
  const coupon = getCoupon(context.engine, pathParam(context, 'id'));
  const params = parseParams(
    { name: emptyable(string({ maxLength: 40 })), metadata: emptyable(metadata()), expand: expandParam() },
    context.params,
  );
  coupon.name = applyEmptyable(coupon.name, params.name);
  coupon.metadata = mergeMetadata(coupon.metadata, params.metadata);
  context.engine.markDirty();
  return renderCoupon(context.engine, coupon, params.expand);
}

function deleteCouponRoute(context: RouteContext): JsonObject {
  parseParams({}, context.params);
  const coupon = getCoupon(context.engine, pathParam(context, 'id'));
  // Sessions that already carry it still render it; it can no longer be applied.
  return markDeleted(context.engine, coupon, 'coupon');
}

function listCouponsRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams(
    { ...paginationShape, created: createdFilter(), expand: expandParam() },
    context.params,
  );
  const items = newestFirst(Object.values(engine.state.coupons)).filter(
    (coupon) => !coupon.inline && !coupon.deleted && matchesCreated(coupon.created, params.created),
  );
  const list = paginate(items, params, '/v1/coupons', (coupon) => engine.render.coupon(coupon), 'coupon');
  return engine.render.expand(list, params.expand ?? []);
}

// Promotion codes

function getPromotionCode(engine: Engine, id: string): StoredPromotionCode {
  const code = getOwn(engine.state.promotionCodes, id);
  if (!code) throw resourceMissing('promotion code', id);
  return code;
}

/** Stripe: a code is unique, regardless of case, among the active codes for the same customer. */
function assertCodeAvailable(
  engine: Engine,
  code: string,
  customer: string | null,
  selfId: string | null,
): void {
  const clash = Object.values(engine.state.promotionCodes).find(
    (other) =>
      other.id !== selfId &&
      other.active &&
      other.customer === customer &&
      other.code.toLowerCase() === code.toLowerCase(),
  );
  if (clash) {
    throw invalidRequest(`An active promotion code with \`code: ${code}\` already exists.`, {
      param: 'code',
    });
  }
}

function renderPromotionCode(
  engine: Engine,
  code: StoredPromotionCode,
  expand: string[] | undefined,
): JsonObject {
  return engine.render.expand(engine.render.promotionCode(code), expand ?? []);
}

function createPromotionCodeRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams(
    {
      promotion: required(object({ type: required(enumeration(['coupon'])), coupon: string() })),
      code: string({
        maxLength: 500,
        pattern: /^[A-Za-z0-9]+$/,
        patternMessage: 'Invalid code: valid characters are letters (a-z, A-Z) and digits (0-9).',
      }),
      active: boolean(),
      customer: string(),
      expires_at: integer(),
      max_redemptions: integer({ min: 1 }),
      metadata: metadata(),
      restrictions: object({
        first_time_transaction: boolean(),
        minimum_amount: integer({ min: 1, max: MAXIMUM_AMOUNT }),
        minimum_amount_currency: currency(),
      }),
      expand: expandParam(),
    },
    context.params,
  );
  const couponId = params.promotion.coupon;
  if (couponId === undefined) throw parameterMissing('promotion[coupon]');
  const coupon = getCoupon(engine, couponId, 'promotion[coupon]');
  if (params.customer !== undefined) getCustomer(engine, params.customer, 'customer');
  const now = engine.now();
  if (params.expires_at !== undefined) {
    if (params.expires_at <= now)
      throw invalidParam('Invalid expires_at: must be in the future.', 'expires_at');
    if (coupon.redeem_by !== null && params.expires_at > coupon.redeem_by) {
      throw invalidParam("Invalid expires_at: must not be later than the coupon's redeem_by.", 'expires_at');
    }
  }
  const restrictions = params.restrictions ?? {};
  if ((restrictions.minimum_amount === undefined) !== (restrictions.minimum_amount_currency === undefined)) {
    throw parameterMissing(
      restrictions.minimum_amount === undefined
        ? 'restrictions[minimum_amount]'
        : 'restrictions[minimum_amount_currency]',
    );
  }
  const active = params.active ?? true;
  const code = params.code ?? newId.promotionCodeCode();
  if (active) assertCodeAvailable(engine, code, params.customer ?? null, null);
  const promotionCode: StoredPromotionCode = {
    id: newId.promotionCode(),
    seq: engine.seq(),
    created: now,
    code,
    coupon: coupon.id,
    active,
    customer: params.customer ?? null,
    expires_at: params.expires_at ?? null,
    max_redemptions: params.max_redemptions ?? null,
    metadata: mergeMetadata({}, params.metadata),
    first_time_transaction: restrictions.first_time_transaction ?? false,
    minimum_amount: restrictions.minimum_amount ?? null,
    minimum_amount_currency: restrictions.minimum_amount_currency ?? null,
    times_redeemed: 0,
  };
  engine.state.promotionCodes[promotionCode.id] = promotionCode;
  engine.markDirty();
  return renderPromotionCode(engine, promotionCode, params.expand);
}

function retrievePromotionCodeRoute(context: RouteContext): JsonObject {
  const params = parseParams({ expand: expandParam() }, context.params);
  return renderPromotionCode(
    context.engine,
    getPromotionCode(context.engine, pathParam(context, 'id')),
    params.expand,
  );
}

function updatePromotionCodeRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const code = getPromotionCode(engine, pathParam(context, 'id'));
  const params = parseParams(
    { active: boolean(), metadata: emptyable(metadata()), expand: expandParam() },
    context.params,
  );
  if (params.active === true && !code.active) assertCodeAvailable(engine, code.code, code.customer, code.id);
  if (params.active !== undefined) code.active = params.active;
  code.metadata = mergeMetadata(code.metadata, params.metadata);
  engine.markDirty();
  return renderPromotionCode(engine, code, params.expand);
}

function listPromotionCodesRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams(
    {
      ...paginationShape,
      active: boolean(),
      code: string(),
      coupon: string(),
      customer: string(),
      created: createdFilter(),
      expand: expandParam(),
    },
    context.params,
  );
  const wanted = params.code?.toLowerCase();
  const items = newestFirst(Object.values(engine.state.promotionCodes)).filter(
    (code) =>
      (params.active === undefined || code.active === params.active) &&
      (wanted === undefined || code.code.toLowerCase() === wanted) &&
      (params.coupon === undefined || code.coupon === params.coupon) &&
      (params.customer === undefined || code.customer === params.customer) &&
      matchesCreated(code.created, params.created),
  );
  const list = paginate(
    items,
    params,
    '/v1/promotion_codes',
    (code) => engine.render.promotionCode(code),
    'promotion code',
  );
  return engine.render.expand(list, params.expand ?? []);
}

export const discountRoutes: Route[] = [
  { method: 'POST', pattern: '/v1/coupons', auth: 'secret', handler: createCouponRoute },
  { method: 'GET', pattern: '/v1/coupons', auth: 'secret', handler: listCouponsRoute },
  { method: 'GET', pattern: '/v1/coupons/:id', auth: 'secret', handler: retrieveCouponRoute },
  { method: 'POST', pattern: '/v1/coupons/:id', auth: 'secret', handler: updateCouponRoute },
  { method: 'DELETE', pattern: '/v1/coupons/:id', auth: 'secret', handler: deleteCouponRoute },
  { method: 'POST', pattern: '/v1/promotion_codes', auth: 'secret', handler: createPromotionCodeRoute },
  { method: 'GET', pattern: '/v1/promotion_codes', auth: 'secret', handler: listPromotionCodesRoute },
  { method: 'GET', pattern: '/v1/promotion_codes/:id', auth: 'secret', handler: retrievePromotionCodeRoute },
  { method: 'POST', pattern: '/v1/promotion_codes/:id', auth: 'secret', handler: updatePromotionCodeRoute },
];
