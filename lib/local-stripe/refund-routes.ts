import { chargeOfIntent } from './charges';
import type { Engine, RequestInfo } from './engine';
import { invalidRequest, resourceMissing } from './errors';
import { newId } from './ids';
import type { JsonObject } from './json';
import { answerList } from './lists';
import { formatAmount } from './money';
import { enumeration, expandParam, integer, mergeMetadata, metadata, parseParams, string } from './params';
import { pathParam, type Route, type RouteContext, resourceRoutes, retrieveRoute } from './route';
import { getOwn, type StoredCharge, type StoredDispute, type StoredRefund } from './state';

/**
 * Charges, refunds and disputes. A charge exists once a payment intent succeeds (charges.ts); a
 * refund succeeds at once and emits `refund.created` and `charge.refunded`; a dispute is opened by a
 * test control and emits `charge.dispute.created`. Refusals are Stripe's: more than is left to
 * refund, a charge already refunded or disputed, an intent without a successful charge.
 */

const REFUND_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;
const EVIDENCE_WINDOW_SECONDS = 21 * 24 * 60 * 60;

function getCharge(engine: Engine, id: string, param?: string): StoredCharge {
  // State saved before charges were objects knows a charge only as an intent's `latest_charge`.
  const intent = Object.values(engine.state.paymentIntents).find((item) => item.latest_charge === id);
  const charge = getOwn(engine.state.charges, id) ?? (intent ? chargeOfIntent(engine, intent) : undefined);
  if (!charge) throw resourceMissing('charge', id, param);
  return charge;
}

function getRefund(engine: Engine, id: string): StoredRefund {
  const refund = getOwn(engine.state.refunds, id);
  if (!refund) throw resourceMissing('refund', id);
  return refund;
}

/** The charge a refund names: by `charge`, or the latest successful charge of `payment_intent`. */
function chargeToRefund(engine: Engine, params: { charge?: string; payment_intent?: string }): StoredCharge {
  if (params.payment_intent !== undefined) {
    const intent = getOwn(engine.state.paymentIntents, params.payment_intent);
    if (!intent) throw resourceMissing('payment_intent', params.payment_intent, 'payment_intent');
    const charge = chargeOfIntent(engine, intent);
    if (!charge) {
      throw invalidRequest(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, {
        param: 'payment_intent',
        code: 'charge_not_refundable',
      });
    }
    if (params.charge !== undefined && params.charge !== charge.id) {
      throw invalidRequest(`The charge ${params.charge} does not belong to PaymentIntent ${intent.id}.`, {
        param: 'charge',
      });
    }
    return charge;
  }
  if (params.charge !== undefined) return getCharge(engine, params.charge, 'charge');
  throw invalidRequest(
    'One of the following params should be provided for this request: payment_intent or charge.',
  );
}

function assertRefundable(charge: StoredCharge, amount: number): void {
  if (charge.disputed) {
    throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, {
      code: 'charge_disputed',
    });
  }
  const left = charge.amount - charge.amount_refunded;
  if (left <= 0) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, {
      code: 'charge_already_refunded',
    });
  }
  if (amount > left) {
    throw invalidRequest(
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(left, charge.currency)})`,
      { param: 'amount', code: 'amount_too_large' },
    );
  }
}

function emitRefundEvents(engine: Engine, refund: StoredRefund, charge: StoredCharge, context: RouteContext) {
  engine.emit('refund.created', engine.render.refund(refund), context.apiVersion, context.request);
  engine.emit('charge.refunded', engine.render.charge(charge), context.apiVersion, context.request);
}

function createRefundRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams(
    {
      payment_intent: string(),
      charge: string(),
      amount: integer({ min: 1 }),
      reason: enumeration(REFUND_REASONS),
      metadata: metadata(),
      expand: expandParam(),
    },
    context.params,
  );
  const charge = chargeToRefund(engine, params);
  const amount = params.amount ?? charge.amount - charge.amount_refunded;
  assertRefundable(charge, amount);
  const refund: StoredRefund = {
    id: newId.refund(),
    seq: engine.seq(),
    created: engine.now(),
    amount,
    currency: charge.currency,
    charge: charge.id,
    payment_intent: charge.payment_intent,
    reason: params.reason ?? null,
    // Card refunds in test mode succeed at once.
    status: 'succeeded',
    metadata: mergeMetadata({}, params.metadata),
    balance_transaction: newId.balanceTransaction(),
  };
  engine.state.refunds[refund.id] = refund;
  charge.amount_refunded += amount;
  engine.markDirty();
  emitRefundEvents(engine, refund, charge, context);
  return engine.render.expand(engine.render.refund(refund), params.expand ?? []);
}

function updateRefundRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams({ metadata: metadata(), expand: expandParam() }, context.params);
  const refund = getRefund(engine, pathParam(context, 'id'));
  if (params.metadata !== undefined) {
    refund.metadata = mergeMetadata(refund.metadata, params.metadata);
    engine.markDirty();
    engine.emit('refund.updated', engine.render.refund(refund), context.apiVersion, context.request);
  }
  return engine.render.expand(engine.render.refund(refund), params.expand ?? []);
}

function listRefundsRoute(context: RouteContext): JsonObject {
  return answerList(context, {
    url: '/v1/refunds',
    kind: 'refund',
    filters: { charge: string(), payment_intent: string() },
    items: Object.values(context.engine.state.refunds),
    keep: (refund, params) =>
      (params.charge === undefined || refund.charge === params.charge) &&
      (params.payment_intent === undefined || refund.payment_intent === params.payment_intent),
    render: (refund) => context.engine.render.refund(refund),
  });
}

function listChargesRoute(context: RouteContext): JsonObject {
  return answerList(context, {
    url: '/v1/charges',
    kind: 'charge',
    filters: { customer: string(), payment_intent: string() },
    items: Object.values(context.engine.state.charges),
    keep: (charge, params) =>
      (params.customer === undefined || charge.customer === params.customer) &&
      (params.payment_intent === undefined || charge.payment_intent === params.payment_intent),
    render: (charge) => context.engine.render.charge(charge),
  });
}

/** Opens a dispute on a charge, as a cardholder's bank would: the charge is `disputed` from then on. */
export function openDispute(
  engine: Engine,
  charge: StoredCharge,
  reason: string,
  request: RequestInfo,
  apiVersion: string,
): StoredDispute {
  if (charge.disputed) {
    throw invalidRequest(`Charge ${charge.id} already has a dispute.`, { code: 'charge_disputed' });
  }
  const dispute: StoredDispute = {
    id: newId.dispute(),
    seq: engine.seq(),
    created: engine.now(),
    amount: charge.amount - charge.amount_refunded,
    currency: charge.currency,
    charge: charge.id,
    payment_intent: charge.payment_intent,
    reason,
    status: 'needs_response',
    metadata: {},
    evidence_due_by: engine.now() + EVIDENCE_WINDOW_SECONDS,
  };
  if (dispute.amount <= 0) {
    throw invalidRequest(`Charge ${charge.id} has been fully refunded; there is nothing to dispute.`);
  }
  engine.state.disputes[dispute.id] = dispute;
  charge.disputed = true;
  engine.markDirty();
  engine.emit('charge.dispute.created', engine.render.dispute(dispute), apiVersion, request);
  return dispute;
}

function disputeRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams(
    {
      reason: enumeration(['fraudulent', 'product_not_received', 'duplicate', 'general', 'unrecognized']),
    },
    context.params,
  );
  const charge = getCharge(engine, pathParam(context, 'id'));
  const dispute = openDispute(
    engine,
    charge,
    params.reason ?? 'fraudulent',
    context.request,
    context.apiVersion,
  );
  return engine.render.dispute(dispute);
}

function retrieveDisputeRoute(context: RouteContext): JsonObject {
  parseParams({ expand: expandParam() }, context.params);
  const dispute = getOwn(context.engine.state.disputes, pathParam(context, 'id'));
  if (!dispute) throw resourceMissing('dispute', pathParam(context, 'id'));
  return context.engine.render.dispute(dispute);
}

export const refundRoutes: Route[] = [
  ...resourceRoutes('/v1/charges', {
    list: listChargesRoute,
    retrieve: retrieveRoute(getCharge, (engine, charge, expand) =>
      engine.render.expand(engine.render.charge(charge), expand),
    ),
  }),
  ...resourceRoutes('/v1/refunds', {
    create: createRefundRoute,
    list: listRefundsRoute,
    retrieve: retrieveRoute(getRefund, (engine, refund, expand) =>
      engine.render.expand(engine.render.refund(refund), expand),
    ),
    update: updateRefundRoute,
  }),
  ...resourceRoutes('/v1/disputes', { retrieve: retrieveDisputeRoute }),
  {
    method: 'POST',
    pattern: '/v1/test_helpers/charges/:id/dispute',
    auth: 'test_helper',
    handler: disputeRoute,
  },
];
