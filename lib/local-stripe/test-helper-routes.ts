import { createCharge } from './charges';
import { renderSession } from './checkout-routes';
import { getSession } from './checkout-sessions';
import { invalidRequest } from './errors';
import { renderFault } from './faults';
import type { JsonObject } from './json';
import { boolean, enumeration, expandParam, integer, parseParams, required, string } from './params';
import { renderRequestCount } from './request-log';
import { pathParam, type Route, type RouteContext } from './route';
import { getOwn } from './state';

/** Controls for tests; they exist only in the local Stripe and take the secret key. */

const TEN_YEARS = 10 * 366 * 24 * 60 * 60;

function advanceClockRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams(
    { seconds: required(integer({ min: 0, max: TEN_YEARS })), expand: expandParam() },
    context.params,
  );
  const session = getSession(engine, pathParam(context, 'id'), context.request);
  session.clock_offset += params.seconds;
  engine.sessionClockChanged(session);
  engine.markDirty();
  engine.expireIfDue(session, context.request);
  return renderSession(engine, session, params.expand);
}

function asyncPaymentRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams(
    { outcome: required(enumeration(['succeeded', 'failed'])), expand: expandParam() },
    context.params,
  );
  const session = getSession(engine, pathParam(context, 'id'), context.request);
  const intent =
    session.payment_intent === null ? undefined : getOwn(engine.state.paymentIntents, session.payment_intent);
  if (
    session.status !== 'complete' ||
    session.payment_status !== 'unpaid' ||
    intent?.status !== 'requires_action'
  ) {
    throw invalidRequest(
      'Only a complete Checkout Session with a pending asynchronous payment (konbini) can be settled.',
    );
  }
  intent.next_action = null;
  if (params.outcome === 'succeeded') {
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    createCharge(engine, intent, { type: 'konbini' });
    session.payment_status = 'paid';
    engine.markDirty();
    engine.emitSessionEvent('checkout.session.async_payment_succeeded', session, context.request);
  } else {
    intent.status = 'requires_payment_method';
    intent.last_payment_error = {
      type: 'invalid_request_error',
      code: 'payment_intent_payment_attempt_expired',
      message: 'The customer did not pay at the konbini before the payment expired.',
    };
    engine.markDirty();
    engine.emitSessionEvent('checkout.session.async_payment_failed', session, context.request);
  }
  return renderSession(engine, session, params.expand);
}

function addFaultRoute(context: RouteContext): JsonObject {
  const params = parseParams(
    {
      path: required(string({ maxLength: 500 })),
      method: enumeration(['GET', 'POST', 'DELETE']),
      count: integer({ min: 1, max: 1000 }),
      kind: required(enumeration(['server_error', 'rate_limit', 'lock_timeout', 'timeout'])),
      delay_ms: integer({ min: 0, max: 600_000 }),
      execute: boolean(),
    },
    context.params,
  );
  const fault = context.faults.add({
    path: params.path,
    method: params.method,
    count: params.count ?? 1,
    kind: params.kind,
    delayMs: params.delay_ms,
    execute: params.execute,
  });
  return renderFault(fault);
}

function clearFaultsRoute(context: RouteContext): JsonObject {
  parseParams({}, context.params);
  return { object: 'test_helpers.faults', deleted: true, cleared: context.faults.clear() };
}

function requestCountRoute(context: RouteContext): JsonObject {
  const params = parseParams(
    {
      path: string({ maxLength: 500 }),
      method: enumeration(['GET', 'POST', 'DELETE']),
      key_type: enumeration(['secret', 'publishable']),
    },
    context.params,
  );
  return renderRequestCount(
    context.requests.count({ path: params.path, method: params.method, auth: params.key_type }),
  );
}

export const testHelperRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/v1/test_helpers/checkout/sessions/:id/advance_clock',
    auth: 'test_helper',
    handler: advanceClockRoute,
  },
  {
    method: 'POST',
    pattern: '/v1/test_helpers/checkout/sessions/:id/async_payment',
    auth: 'test_helper',
    handler: asyncPaymentRoute,
  },
  { method: 'GET', pattern: '/v1/test_helpers/requests', auth: 'test_helper', handler: requestCountRoute },
  { method: 'POST', pattern: '/v1/test_helpers/faults', auth: 'test_helper', handler: addFaultRoute },
  { method: 'DELETE', pattern: '/v1/test_helpers/faults', auth: 'test_helper', handler: clearFaultsRoute },
];
