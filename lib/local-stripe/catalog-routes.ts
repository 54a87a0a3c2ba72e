import type { Engine } from './engine';
import {
  invalidParam,
  invalidRequest,
  parameterMissing,
  parametersExclusive,
  resourceMissing,
} from './errors';
import { currency, customId, url } from './fields';
import { nestParamName } from './form';
import { newId } from './ids';
import type { JsonObject } from './json';
import { answerList } from './lists';
import { MAXIMUM_AMOUNT } from './money';
import {
  applyEmptyable,
  array,
  boolean,
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
import { pathParam, type Route, type RouteContext, resourceRoutes, retrieveRoute } from './route';
import { getOwn, type StoredPrice, type StoredProduct } from './state';

export const unitAmount = () => integer({ min: 0, max: MAXIMUM_AMOUNT });
const taxBehavior = () => enumeration(['exclusive', 'inclusive', 'unspecified']);

export const productDataShape = {
  name: required(string({ maxLength: 250 })),
  description: string({ maxLength: 40000 }),
  images: array(url(), { maxItems: 8 }),
  metadata: metadata(),
  tax_code: string(),
  unit_label: string({ maxLength: 12 }),
};

export interface ProductInput {
  id?: string;
  name: string;
  active?: boolean;
  description?: string;
  images?: string[];
  metadata?: Record<string, string>;
  shippable?: boolean;
  statement_descriptor?: string;
  tax_code?: string;
  unit_label?: string;
  url?: string;
}

function withoutEmptyValues(values: Record<string, string> | undefined): Record<string, string> {
  return mergeMetadata({}, values);
}

export function createProduct(engine: Engine, input: ProductInput, inline: boolean): StoredProduct {
  const id = input.id ?? newId.product();
  if (getOwn(engine.state.products, id)) {
    throw invalidRequest('Product already exists.', { code: 'resource_already_exists', param: 'id' });
  }
  const now = engine.now();
  const product: StoredProduct = {
    id,
    seq: engine.seq(),
    created: now,
    updated: now,
    name: input.name,
    active: input.active ?? true,
    description: input.description ?? null,
    images: input.images ?? [],
    metadata: withoutEmptyValues(input.metadata),
    default_price: null,
    shippable: input.shippable ?? null,
    statement_descriptor: input.statement_descriptor ?? null,
    tax_code: input.tax_code ?? null,
    unit_label: input.unit_label ?? null,
    url: input.url ?? null,
    inline,
  };
  engine.state.products[id] = product;
  engine.markDirty();
  return product;
}

export interface PriceInput {
  currency: string;
  unit_amount: number;
  product: string;
  active?: boolean;
  lookup_key?: string;
  transfer_lookup_key?: boolean;
  metadata?: Record<string, string>;
  nickname?: string;
  tax_behavior?: string;
}

function claimLookupKey(engine: Engine, lookupKey: string, transfer: boolean, priceId: string | null): void {
  const holder = Object.values(engine.state.prices).find(
    (price) => price.lookup_key === lookupKey && price.id !== priceId,
  );
  if (!holder) return;
  if (!transfer) {
    throw invalidRequest(
      `A price (\`${holder.id}\`) already uses that lookup key. Pass \`transfer_lookup_key=true\` to move it.`,
      { param: 'lookup_key' },
    );
  }
  holder.lookup_key = null;
}

export function createPrice(engine: Engine, input: PriceInput, inline: boolean): StoredPrice {
  if (input.lookup_key !== undefined) {
    claimLookupKey(engine, input.lookup_key, input.transfer_lookup_key ?? false, null);
  }
  const price: StoredPrice = {
    id: newId.price(),
    seq: engine.seq(),
    created: engine.now(),
    // Ad-hoc prices from `price_data` are created inactive, as Stripe does.
    active: inline ? false : (input.active ?? true),
    currency: input.currency,
    unit_amount: input.unit_amount,
    product: input.product,
    lookup_key: input.lookup_key ?? null,
    metadata: withoutEmptyValues(input.metadata),
    nickname: input.nickname ?? null,
    tax_behavior: input.tax_behavior ?? 'unspecified',
    inline,
  };
  engine.state.prices[price.id] = price;
  engine.markDirty();
  return price;
}

/** `unit_amount` or an integral `unit_amount_decimal` (fractional minor units are not modelled). */
export function resolveUnitAmount(
  input: { unit_amount?: number; unit_amount_decimal?: string },
  prefix: string,
): number {
  const name = (key: string) => nestParamName(prefix, key);
  if (input.unit_amount !== undefined && input.unit_amount_decimal !== undefined) {
    throw parametersExclusive([name('unit_amount'), name('unit_amount_decimal')]);
  }
  if (input.unit_amount !== undefined) return input.unit_amount;
  if (input.unit_amount_decimal !== undefined) {
    const value = Number(input.unit_amount_decimal);
    if (!Number.isSafeInteger(value) || value < 0 || value > MAXIMUM_AMOUNT) {
      throw invalidParam(
        `Invalid ${name('unit_amount_decimal')}: the local Stripe supports only whole minor units.`,
        name('unit_amount_decimal'),
      );
    }
    return value;
  }
  throw parameterMissing(name('unit_amount'));
}

export function getProduct(engine: Engine, id: string, param?: string): StoredProduct {
  const product = getOwn(engine.state.products, id);
  if (!product) throw resourceMissing('product', id, param);
  return product;
}

export function getPrice(engine: Engine, id: string, param?: string): StoredPrice {
  const price = getOwn(engine.state.prices, id);
  if (!price) throw resourceMissing('price', id, param);
  return price;
}

function render(engine: Engine, object: JsonObject, expand: string[] | undefined): JsonObject {
  return expand ? engine.render.expand(object, expand) : object;
}

// Products

function createProductRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams(
    {
      id: customId(),
      name: required(string({ maxLength: 250 })),
      active: boolean(),
      description: string({ maxLength: 40000 }),
      images: array(url(), { maxItems: 8 }),
      metadata: metadata(),
      default_price_data: object({
        currency: required(currency()),
        unit_amount: unitAmount(),
        unit_amount_decimal: string(),
        tax_behavior: taxBehavior(),
        metadata: metadata(),
      }),
      shippable: boolean(),
      statement_descriptor: string({ maxLength: 22 }),
      tax_code: string(),
      unit_label: string({ maxLength: 12 }),
      url: url(),
      expand: expandParam(),
    },
    context.params,
  );
  const defaultPriceData = params.default_price_data;
  const amount = defaultPriceData ? resolveUnitAmount(defaultPriceData, 'default_price_data') : null;
  const product = createProduct(engine, params, false);
  if (defaultPriceData && amount !== null) {
    const price = createPrice(
      engine,
      {
        currency: defaultPriceData.currency,
        unit_amount: amount,
        product: product.id,
        tax_behavior: defaultPriceData.tax_behavior,
        metadata: defaultPriceData.metadata,
      },
      false,
    );
    product.default_price = price.id;
  }
  return render(engine, engine.render.product(product), params.expand);
}

function updateProductRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const product = getProduct(engine, pathParam(context, 'id'));
  const params = parseParams(
    {
      name: string({ maxLength: 250 }),
      active: boolean(),
      description: emptyable(string({ maxLength: 40000 })),
      images: emptyable(array(url(), { maxItems: 8 })),
      metadata: emptyable(metadata()),
      default_price: string(),
      shippable: boolean(),
      statement_descriptor: emptyable(string({ maxLength: 22 })),
      tax_code: emptyable(string()),
      unit_label: emptyable(string({ maxLength: 12 })),
      url: emptyable(url()),
      expand: expandParam(),
    },
    context.params,
  );
  if (params.default_price !== undefined) {
    const price = getPrice(engine, params.default_price, 'default_price');
    if (price.product !== product.id) {
      throw invalidRequest(`The price \`${price.id}\` does not belong to this product.`, {
        param: 'default_price',
      });
    }
    product.default_price = price.id;
  }
  if (params.name !== undefined) product.name = params.name;
  if (params.active !== undefined) product.active = params.active;
  if (params.shippable !== undefined) product.shippable = params.shippable;
  if (params.images !== undefined) product.images = params.images === '' ? [] : params.images;
  product.description = applyEmptyable(product.description, params.description);
  product.statement_descriptor = applyEmptyable(product.statement_descriptor, params.statement_descriptor);
  product.tax_code = applyEmptyable(product.tax_code, params.tax_code);
  product.unit_label = applyEmptyable(product.unit_label, params.unit_label);
  product.url = applyEmptyable(product.url, params.url);
  product.metadata = mergeMetadata(product.metadata, params.metadata);
  product.updated = engine.now();
  engine.markDirty();
  return render(engine, engine.render.product(product), params.expand);
}

function listProductsRoute(context: RouteContext): JsonObject {
  return answerList(context, {
    url: '/v1/products',
    kind: 'product',
    filters: {
      active: boolean(),
      ids: array(string(), { maxItems: 100 }),
      shippable: boolean(),
      url: string(),
    },
    items: Object.values(context.engine.state.products),
    keep: (product, params) =>
      !product.inline &&
      (params.active === undefined || product.active === params.active) &&
      (params.ids === undefined || params.ids.includes(product.id)) &&
      (params.shippable === undefined || product.shippable === params.shippable) &&
      (params.url === undefined || product.url === params.url),
    render: (product) => context.engine.render.product(product),
  });
}

// Prices

function createPriceRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams(
    {
      currency: required(currency()),
      unit_amount: unitAmount(),
      unit_amount_decimal: string(),
      product: string(),
      product_data: object({
        ...productDataShape,
        id: customId(),
        active: boolean(),
        statement_descriptor: string({ maxLength: 22 }),
      }),
      active: boolean(),
      lookup_key: string({ maxLength: 200 }),
      transfer_lookup_key: boolean(),
      metadata: metadata(),
      nickname: string(),
      tax_behavior: taxBehavior(),
      expand: expandParam(),
    },
    context.params,
  );
  const amount = resolveUnitAmount(params, '');
  // Checked before anything is created, so a conflicting request leaves no orphan product.
  if (params.lookup_key !== undefined && !params.transfer_lookup_key) {
    claimLookupKey(engine, params.lookup_key, false, null);
  }
  if (params.product !== undefined && params.product_data !== undefined) {
    throw parametersExclusive(['product', 'product_data']);
  }
  let productId: string;
  if (params.product !== undefined) productId = getProduct(engine, params.product, 'product').id;
  else if (params.product_data !== undefined)
    productId = createProduct(engine, params.product_data, false).id;
  else throw parameterMissing('product');
  const price = createPrice(engine, { ...params, unit_amount: amount, product: productId }, false);
  return render(engine, engine.render.price(price), params.expand);
}

function listPricesRoute(context: RouteContext): JsonObject {
  return answerList(context, {
    url: '/v1/prices',
    kind: 'price',
    filters: {
      active: boolean(),
      currency: currency(),
      product: string(),
      lookup_keys: array(string({ maxLength: 200 }), { maxItems: 10 }),
      type: enumeration(['one_time', 'recurring']),
    },
    items: Object.values(context.engine.state.prices),
    keep: (price, params) =>
      !price.inline &&
      (params.active === undefined || price.active === params.active) &&
      (params.currency === undefined || price.currency === params.currency) &&
      (params.product === undefined || price.product === params.product) &&
      (params.lookup_keys === undefined ||
        (price.lookup_key !== null && params.lookup_keys.includes(price.lookup_key))) &&
      (params.type === undefined || params.type === 'one_time'),
    render: (price) => context.engine.render.price(price),
  });
}

export const catalogRoutes: Route[] = [
  ...resourceRoutes('/v1/products', {
    create: createProductRoute,
    list: listProductsRoute,
    retrieve: retrieveRoute(getProduct, (engine, product, expand) =>
      render(engine, engine.render.product(product), expand),
    ),
    update: updateProductRoute,
  }),
  ...resourceRoutes('/v1/prices', {
    create: createPriceRoute,
    list: listPricesRoute,
    retrieve: retrieveRoute(getPrice, (engine, price, expand) =>
      render(engine, engine.render.price(price), expand),
    ),
  }),
];
