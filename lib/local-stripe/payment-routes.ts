import { resourceMissing } from './errors';
import type { JsonObject } from './json';
import { createdFilter, matchesCreated, newestFirst, paginate, paginationShape } from './lists';
import { array, expandParam, parseParams, string } from './params';
import { pathParam, type Route, type RouteContext } from './route';
import { getOwn, type StoredEvent } from './state';

function retrievePaymentIntentRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams({ expand: expandParam(), client_secret: string() }, context.params);
  const intent = getOwn(engine.state.paymentIntents, pathParam(context, 'id'));
  if (!intent) throw resourceMissing('payment_intent', pathParam(context, 'id'));
  return engine.render.expand(engine.render.paymentIntent(intent), params.expand ?? []);
}

function listPaymentIntentsRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams(
    { ...paginationShape, customer: string(), created: createdFilter(), expand: expandParam() },
    context.params,
  );
  const items = newestFirst(Object.values(engine.state.paymentIntents)).filter(
    (intent) =>
      (params.customer === undefined || intent.customer === params.customer) &&
      matchesCreated(intent.created, params.created),
  );
  const list = paginate(
    items,
    params,
    '/v1/payment_intents',
    (intent) => engine.render.paymentIntent(intent),
    'payment_intent',
  );
  return engine.render.expand(list, params.expand ?? []);
}

export function renderEvent(context: RouteContext, event: StoredEvent): JsonObject {
  return context.engine.render.event(event, event.delivery === 'pending' ? 1 : 0);
}

function retrieveEventRoute(context: RouteContext): JsonObject {
  parseParams({ expand: expandParam() }, context.params);
  const event = getOwn(context.engine.state.events, pathParam(context, 'id'));
  if (!event) throw resourceMissing('event', pathParam(context, 'id'));
  return renderEvent(context, event);
}

/** Stripe's `type` filter accepts `*` wildcards, e.g. `checkout.session.*`. */
function typeMatcher(pattern: string): (type: string) => boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${source}$`);
  return (type) => regex.test(type);
}

function listEventsRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams(
    {
      ...paginationShape,
      type: string(),
      types: array(string(), { maxItems: 20 }),
      created: createdFilter(),
      expand: expandParam(),
    },
    context.params,
  );
  const matchers = [...(params.type !== undefined ? [params.type] : []), ...(params.types ?? [])].map(
    typeMatcher,
  );
  const items = newestFirst(Object.values(engine.state.events)).filter(
    (event) =>
      (matchers.length === 0 || matchers.some((matches) => matches(event.type))) &&
      matchesCreated(event.created, params.created),
  );
  return paginate(items, params, '/v1/events', (event) => renderEvent(context, event), 'event');
}

export const paymentRoutes: Route[] = [
  { method: 'GET', pattern: '/v1/payment_intents', auth: 'secret', handler: listPaymentIntentsRoute },
  { method: 'GET', pattern: '/v1/payment_intents/:id', auth: 'secret', handler: retrievePaymentIntentRoute },
  { method: 'GET', pattern: '/v1/events', auth: 'secret', handler: listEventsRoute },
  { method: 'GET', pattern: '/v1/events/:id', auth: 'secret', handler: retrieveEventRoute },
];
