import { getProduct } from './catalog-routes';
import { getCoupon } from './discounts';
import type { Engine } from './engine';
import { invalidParam, invalidRequest, parameterMissing, parametersExclusive } from './errors';
import { currency, customId } from './fields';
import { nestParamName } from './form';
import { newId } from './ids';
import type { JsonObject } from './json';
import { answerList } from './lists';
import { MAXIMUM_AMOUNT } from './money';
import {
  array,
  decimal,
  enumeration,
  expandParam,
  integer,
  mergeMetadata,
  metadata,
  object,
  parseParams,
  string,
} from './params';
import { includes } from './render';
import { type Route, type RouteContext, resourceRoutes, retrieveRoute } from './route';
import { getOwn, type StoredCoupon } from './state';

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

function listCouponsRoute(context: RouteContext): JsonObject {
  return answerList(context, {
    url: '/v1/coupons',
    kind: 'coupon',
    filters: {},
    items: Object.values(context.engine.state.coupons),
    // Inline coupons (`coupon_data`) are coupons on the account like any other, as on Stripe.
    keep: () => true,
    render: (coupon) => context.engine.render.coupon(coupon),
  });
}

export const discountRoutes: Route[] = resourceRoutes('/v1/coupons', {
  create: createCouponRoute,
  list: listCouponsRoute,
  retrieve: retrieveRoute(getCoupon, renderCoupon),
});
