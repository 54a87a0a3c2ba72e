import {
  assertAmountAllowed,
  assertOpen,
  buildLineItems,
  createDiscountShape,
  createLineItemShape,
  getSession,
  permission,
  resolveDiscount,
  SERVER_UPDATE_BETA,
  setDiscount,
  shippingDetails,
  toShippingDetails,
  updateDiscountShape,
  updateLineItemShape,
} from './checkout-sessions';
import { getCustomer } from './customer-routes';
import { targetFor } from './discounts';
import type { Engine } from './engine';
import { invalidParam, invalidRequest, parameterMissing, parametersExclusive } from './errors';
import { country, currency, email, UNSUPPORTED_SHIPPING_COUNTRIES, url } from './fields';
import { newId } from './ids';
import type { JsonObject } from './json';
import { answerList, paginate, paginationShape } from './lists';
import {
  array,
  boolean,
  emptyable,
  enumeration,
  expandParam,
  integer,
  mergeMetadata,
  metadata,
  type ObjectOutput,
  object,
  parseParams,
  required,
  string,
} from './params';
import { includes } from './render';
import { pathParam, type Route, type RouteContext, resourceRoutes } from './route';
import type { StoredSession } from './state';

const MIN_EXPIRY_SECONDS = 30 * 60;
const MAX_EXPIRY_SECONDS = 24 * 60 * 60;
const permissionValue = () => enumeration(['client_only', 'server_only']);

/** Renders a session with the includable properties its `expand[]` asks for, then expands ids. */
export function renderSession(
  engine: Engine,
  session: StoredSession,
  expand: readonly string[] = [],
): JsonObject {
  const rendered = engine.render.session(session, {
    includeLineItems: includes(expand, 'line_items'),
    includeBreakdown: includes(expand, 'total_details.breakdown'),
    includeLineDiscounts: includes(expand, 'line_items.data.discounts'),
  });
  return engine.render.expand(rendered, expand);
}

/** Beta parameters need exactly the known preview in `Stripe-Version`; an unknown beta is refused too. */
function assertBeta(context: RouteContext, param: string): void {
  const unknown = [...context.betas].filter((beta) => beta !== SERVER_UPDATE_BETA);
  if (unknown.length > 0) {
    throw invalidRequest(
      `Unknown beta in Stripe-Version: ${unknown.join(', ')}. Your account is not enrolled in it.`,
      { code: 'invalid_beta', replayable: false },
    );
  }
  if (!context.betas.has(SERVER_UPDATE_BETA)) betaRequired(param);
}

/** Stripe's guide: a server update of these needs the session's permission to be `server_only`. */
function assertServerOnly(
  session: StoredSession,
  name: 'discounts' | 'line_items' | 'shipping_details',
  param: string,
): void {
  if (permission(session, name) === 'server_only') return;
  throw invalidRequest(
    `You cannot update \`${param}\` on this Checkout Session from the server: create it with \`permissions[update_${name}]=server_only\`.`,
    { param, replayable: false },
  );
}

function betaRequired(param: string): never {
  throw invalidParam(
    `Received unknown parameter: ${param}. It requires the \`${SERVER_UPDATE_BETA}\` preview: send \`Stripe-Version: <version>; ${SERVER_UPDATE_BETA}=v1\`.`,
    param,
    'parameter_unknown',
  );
}

const createSessionShape = {
  ui_mode: string(),
  mode: string(),
  line_items: array(object(createLineItemShape), { maxItems: 100 }),
  discounts: array(object(createDiscountShape)),
  permissions: object({
    update_discounts: permissionValue(),
    update_line_items: permissionValue(),
    update_shipping_details: permissionValue(),
    update: object({ line_items: permissionValue(), shipping_details: permissionValue() }),
  }),
  client_reference_id: string({ maxLength: 200 }),
  adaptive_pricing: object({ enabled: boolean() }),
  customer: string(),
  customer_email: email(),
  return_url: url(),
  redirect_on_completion: enumeration(['always', 'if_required', 'never']),
  success_url: url(),
  cancel_url: url(),
  expires_at: integer(),
  metadata: metadata(),
  shipping_address_collection: object({
    allowed_countries: required(array(country(), { maxItems: 250 })),
  }),
  payment_method_types: array(enumeration(['card', 'konbini'])),
  currency: currency(),
  locale: string(),
  expand: expandParam(),
};

type CreateSessionParams = ObjectOutput<typeof createSessionShape>;

/** Only `ui_mode: 'elements'` payment sessions are modelled; refuses the rest as Stripe words it. */
function assertElementsPayment(params: CreateSessionParams): void {
  if (params.ui_mode !== 'elements') {
    throw invalidParam(
      `The local Stripe supports only \`ui_mode: 'elements'\` Checkout Sessions${params.ui_mode === undefined ? '; pass `ui_mode=elements`' : `, not '${params.ui_mode}'`}.`,
      'ui_mode',
    );
  }
  if (params.mode === undefined) throw parameterMissing('mode');
  if (params.mode !== 'payment') {
    throw invalidParam(`The local Stripe supports only \`mode: 'payment'\`, not '${params.mode}'.`, 'mode');
  }
  for (const key of ['success_url', 'cancel_url'] as const) {
    if (params[key] !== undefined) {
      throw invalidParam(
        `\`${key}\` is not allowed when \`ui_mode\` is \`elements\`; use \`return_url\`.`,
        key,
      );
    }
  }
}

function assertExpiresAt(expiresAt: number | undefined, now: number): void {
  if (expiresAt === undefined) return;
  if (expiresAt < now + MIN_EXPIRY_SECONDS) {
    throw invalidParam(
      'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
      'expires_at',
    );
  }
  if (expiresAt > now + MAX_EXPIRY_SECONDS) {
    throw invalidParam(
      'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
      'expires_at',
    );
  }
}

function allowedCountriesOf(params: CreateSessionParams): string[] | null {
  const allowedCountries = params.shipping_address_collection?.allowed_countries ?? null;
  for (const [index, code] of (allowedCountries ?? []).entries()) {
    if (UNSUPPORTED_SHIPPING_COUNTRIES.has(code)) {
      throw invalidParam(
        `Checkout cannot ship to \`${code}\`.`,
        `shipping_address_collection[allowed_countries][${index}]`,
      );
    }
  }
  return allowedCountries === null ? null : [...new Set(allowedCountries)];
}

function createSessionRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams(createSessionShape, context.params);
  assertElementsPayment(params);
  const redirect = params.redirect_on_completion ?? 'always';
  if (params.return_url === undefined && redirect !== 'never') throw parameterMissing('return_url');
  if (params.permissions?.update_discounts !== undefined)
    assertBeta(context, 'permissions[update_discounts]');
  if (params.customer !== undefined && params.customer_email !== undefined) {
    throw parametersExclusive(['customer', 'customer_email']);
  }
  if (params.customer !== undefined) getCustomer(engine, params.customer, 'customer');
  if (params.line_items === undefined) throw parameterMissing('line_items');

  const now = engine.now();
  assertExpiresAt(params.expires_at, now);
  const allowedCountries = allowedCountriesOf(params);

  const { items, currency: itemsCurrency } = buildLineItems(engine, params.line_items, null);
  if (params.currency !== undefined && params.currency !== itemsCurrency) {
    throw invalidParam(
      `The line items are in ${itemsCurrency}, which does not match \`currency: ${params.currency}\`.`,
      'currency',
    );
  }
  const methods = params.payment_method_types ?? (itemsCurrency === 'jpy' ? ['card', 'konbini'] : ['card']);
  if (methods.includes('konbini') && itemsCurrency !== 'jpy') {
    throw invalidParam('The payment method `konbini` only supports jpy.', 'payment_method_types');
  }

  const id = newId.checkoutSession();
  const session: StoredSession = {
    id,
    seq: engine.seq(),
    created: now,
    client_secret: newId.clientSecret(id),
    status: 'open',
    payment_status: 'unpaid',
    currency: itemsCurrency,
    line_items: items,
    discount: null,
    permissions: params.permissions ?? null,
    client_reference_id: params.client_reference_id ?? null,
    customer: params.customer ?? null,
    customer_email: params.customer_email ?? null,
    collected_email: null,
    return_url: params.return_url ?? null,
    redirect_on_completion: redirect,
    expires_at: params.expires_at ?? now + MAX_EXPIRY_SECONDS,
    metadata: mergeMetadata({}, params.metadata),
    allowed_countries: allowedCountries,
    shipping_details: null,
    payment_intent: null,
    payment_method_types: [...new Set(methods)],
    locale: params.locale ?? null,
    clock_offset: 0,
    api_version: context.apiVersion,
  };
  if (params.discounts !== undefined) {
    session.discount = resolveDiscount(engine, params.discounts, targetFor(engine, session), null);
  }
  assertAmountAllowed(engine, session);
  engine.state.sessions[id] = session;
  engine.sessionClockChanged(session);
  engine.markDirty();
  return renderSession(engine, session, params.expand);
}

function retrieveSessionRoute(context: RouteContext): JsonObject {
  const params = parseParams({ expand: expandParam() }, context.params);
  const session = getSession(context.engine, pathParam(context, 'id'), context.request);
  return renderSession(context.engine, session, params.expand);
}

function updateSessionRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams(
    {
      line_items: array(object(updateLineItemShape), { maxItems: 100 }),
      discounts: emptyable(array(object(updateDiscountShape))),
      collected_information: object({ shipping_details: shippingDetails() }),
      metadata: emptyable(metadata()),
      expand: expandParam(),
    },
    context.params,
  );
  if (params.discounts !== undefined) assertBeta(context, 'discounts');
  const session = getSession(engine, pathParam(context, 'id'), context.request);
  assertOpen(session, 'updated');
  if (params.discounts !== undefined) assertServerOnly(session, 'discounts', 'discounts');
  if (params.line_items !== undefined) assertServerOnly(session, 'line_items', 'line_items');
  if (params.collected_information?.shipping_details !== undefined) {
    assertServerOnly(session, 'shipping_details', 'collected_information[shipping_details]');
  }

  if (params.line_items !== undefined) {
    const { items, currency: itemsCurrency } = buildLineItems(engine, params.line_items, session.line_items);
    if (itemsCurrency !== session.currency) {
      throw invalidRequest(
        `The line items are in ${itemsCurrency}, but this Checkout Session is in ${session.currency}.`,
        { param: 'line_items' },
      );
    }
    session.line_items = items;
  }
  const shipping = params.collected_information?.shipping_details;
  if (shipping !== undefined) {
    session.shipping_details = toShippingDetails(
      session,
      shipping,
      'collected_information[shipping_details]',
    );
  }
  if (params.discounts !== undefined) {
    // Checked against the order as it is after this update's line items and address.
    setDiscount(
      engine,
      session,
      resolveDiscount(engine, params.discounts, targetFor(engine, session), session.discount),
    );
  }
  session.metadata = mergeMetadata(session.metadata, params.metadata);
  assertAmountAllowed(engine, session);
  engine.markDirty();
  return renderSession(engine, session, params.expand);
}

function listSessionsRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  engine.sweep();
  return answerList(context, {
    url: '/v1/checkout/sessions',
    kind: 'checkout.session',
    filters: {
      customer: string(),
      payment_intent: string(),
      status: enumeration(['open', 'complete', 'expired']),
    },
    items: Object.values(engine.state.sessions),
    keep: (session, params) =>
      (params.customer === undefined || session.customer === params.customer) &&
      (params.payment_intent === undefined || session.payment_intent === params.payment_intent) &&
      (params.status === undefined || session.status === params.status),
    render: (session, params) => {
      const listExpand = (params.expand ?? []).map((path) => path.replace(/^data\./, ''));
      return engine.render.session(session, { includeLineItems: includes(listExpand, 'line_items') });
    },
  });
}

function listLineItemsRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams({ ...paginationShape, expand: expandParam() }, context.params);
  const session = getSession(engine, pathParam(context, 'id'), context.request);
  const expand = params.expand ?? [];
  const items = engine.render.lineItems(session, { includeDiscounts: includes(expand, 'data.discounts') });
  const withIds = items.map((item) => ({ id: String(item.id), item }));
  const list = paginate(
    withIds,
    params,
    `/v1/checkout/sessions/${session.id}/line_items`,
    (entry) => entry.item,
    'line item',
  );
  return engine.render.expand(list, expand);
}

function expireSessionRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams({ expand: expandParam() }, context.params);
  const session = getSession(engine, pathParam(context, 'id'), context.request);
  if (session.status !== 'open') {
    throw invalidRequest(
      `Only Checkout Sessions with a status of \`open\` can be expired; this one is \`${session.status}\`.`,
    );
  }
  engine.expire(session, context.request);
  return renderSession(engine, session, params.expand);
}

export const checkoutRoutes: Route[] = [
  ...resourceRoutes('/v1/checkout/sessions', {
    create: createSessionRoute,
    list: listSessionsRoute,
    retrieve: retrieveSessionRoute,
    update: updateSessionRoute,
  }),
  {
    method: 'GET',
    pattern: '/v1/checkout/sessions/:id/line_items',
    auth: 'secret',
    handler: listLineItemsRoute,
  },
  {
    method: 'POST',
    pattern: '/v1/checkout/sessions/:id/expire',
    auth: 'secret',
    handler: expireSessionRoute,
  },
];
