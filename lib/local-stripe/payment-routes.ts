import { resourceMissing } from './errors';
import type { JsonObject } from './json';
import { answerList } from './lists';
import { array, expandParam, parseParams, string } from './params';
import { pathParam, type Route, type RouteContext, resourceRoutes } from './route';
import { getOwn, type StoredEvent } from './state';

function retrievePaymentIntentRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams({ expand: expandParam(), client_secret: string() }, context.params);
  const intent = getOwn(engine.state.paymentIntents, pathParam(context, 'id'));
  if (!intent) throw resourceMissing('payment_intent', pathParam(context, 'id'));
  return engine.render.expand(engine.render.paymentIntent(intent), params.expand ?? []);
}

function listPaymentIntentsRoute(context: RouteContext): JsonObject {
  return answerList(context, {
    url: '/v1/payment_intents',
    kind: 'payment_intent',
    filters: { customer: string() },
    items: Object.values(context.engine.state.paymentIntents),
    keep: (intent, params) => params.customer === undefined || intent.customer === params.customer,
    render: (intent) => context.engine.render.paymentIntent(intent),
  });
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
  let matchers: ((type: string) => boolean)[] | undefined;
  return answerList(context, {
    url: '/v1/events',
    kind: 'event',
    filters: { type: string(), types: array(string(), { maxItems: 20 }) },
    items: Object.values(context.engine.state.events),
    keep: (event, params) => {
      matchers ??= [...(params.type !== undefined ? [params.type] : []), ...(params.types ?? [])].map(
        typeMatcher,
      );
      return matchers.length === 0 || matchers.some((matches) => matches(event.type));
    },
    render: (event) => renderEvent(context, event),
  });
}

export const paymentRoutes: Route[] = [
  ...resourceRoutes('/v1/payment_intents', {
    list: listPaymentIntentsRoute,
    retrieve: retrievePaymentIntentRoute,
  }),
  ...resourceRoutes('/v1/events', { list: listEventsRoute, retrieve: retrieveEventRoute }),
];
