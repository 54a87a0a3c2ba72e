import 'server-only';
import type Stripe from 'stripe';
import type { Queryable } from '@/lib/store/types';
import type { OrderDeps } from './fulfilment';
import { findOrderByPaymentIntent, type Order } from './order';
import { recordStripeRefund } from './refund-records';
import { applyDispute, applyRefundedAmount } from './refund-state';
import { type EventOutcome, isEventRecorded, recordEvent } from './webhook-events';

/**
 * Stripe's refund and dispute events, whether the refund started here or in the Dashboard:
 *
 * - `charge.refunded`: the charge says how much has been refunded in all; its refunds are read
 *   back from Stripe (outside any transaction) so a refund made in the Dashboard gets its row even
 *   when only this event is subscribed to.
 * - `refund.created` / `refund.updated`: the refund is read back from Stripe, so a late event with
 *   an old status cannot undo a newer one.
 * - `charge.dispute.created`: the order becomes `disputed`.
 *
 * Each applies once (webhook_events), under the order's row lock, and only ever raises the refunded
 * amount, so events arriving late, twice or out of order all end in the same state.
 */

type RefundEventType = 'charge.refunded' | 'refund.created' | 'refund.updated' | 'charge.dispute.created';

export const REFUND_EVENT_TYPES: readonly RefundEventType[] = [
  'charge.refunded',
  'refund.created',
  'refund.updated',
  'charge.dispute.created',
];

export function isRefundEvent(event: Stripe.Event): boolean {
  return (REFUND_EVENT_TYPES as readonly string[]).includes(event.type);
}

export async function handleRefundEvent(deps: OrderDeps, event: Stripe.Event): Promise<EventOutcome> {
  if (await isEventRecorded(deps.store, event.id)) return { kind: 'duplicate' };
  switch (event.type) {
    case 'charge.refunded':
      return chargeRefunded(deps, event, event.data.object);
    case 'refund.created':
    case 'refund.updated':
      return refundChanged(deps, event, event.data.object);
    case 'charge.dispute.created':
      return disputeCreated(deps, event, event.data.object);
    default:
      return { kind: 'ignored', reason: `${event.type} is not a refund or dispute event` };
  }
}

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value === null || value === undefined ? null : typeof value === 'string' ? value : value.id;

async function chargeRefunded(
  deps: OrderDeps,
  event: Stripe.Event,
  charge: Stripe.Charge,
): Promise<EventOutcome> {
  const paymentIntent = idOf(charge.payment_intent);
  if (paymentIntent === null) return { kind: 'ignored', reason: 'the charge has no payment intent' };
  const refunds: Stripe.Refund[] = [];
  for await (const refund of deps.stripe.refunds.list({ charge: charge.id, limit: 100 }))
    refunds.push(refund);
  return inOrderTransaction(deps, event, paymentIntent, async (tx, order) => {
    for (const refund of refunds) await recordStripeRefund(tx, order.id, refund);
    const applied = await applyRefundedAmount(tx, order, {
      reported: charge.amount_refunded,
      chargeId: charge.id,
    });
    return { kind: 'order', orderNumber: order.number, status: applied.status, changed: applied.changed };
  });
}

async function refundChanged(
  deps: OrderDeps,
  event: Stripe.Event,
  snapshot: Stripe.Refund,
): Promise<EventOutcome> {
  const refund = await deps.stripe.refunds.retrieve(snapshot.id);
  const paymentIntent = idOf(refund.payment_intent) ?? (await intentOfCharge(deps, idOf(refund.charge)));
  if (paymentIntent === null) return { kind: 'ignored', reason: 'the refund names no payment' };
  return inOrderTransaction(deps, event, paymentIntent, async (tx, order) => {
    await recordStripeRefund(tx, order.id, refund);
    const applied = await applyRefundedAmount(tx, order, { chargeId: idOf(refund.charge) });
    return { kind: 'order', orderNumber: order.number, status: applied.status, changed: applied.changed };
  });
}

async function disputeCreated(
  deps: OrderDeps,
  event: Stripe.Event,
  dispute: Stripe.Dispute,
): Promise<EventOutcome> {
  const chargeId = idOf(dispute.charge);
  const paymentIntent = idOf(dispute.payment_intent) ?? (await intentOfCharge(deps, chargeId));
  if (paymentIntent === null) return { kind: 'ignored', reason: 'the dispute names no payment' };
  const at = (deps.now ?? (() => new Date()))();
  return inOrderTransaction(deps, event, paymentIntent, async (tx, order) => {
    const applied = await applyDispute(tx, order, { at, chargeId });
    if (applied.changed) {
      (deps.log ?? console).warn(
        `[orders] Order ${order.number}: a dispute (${dispute.id}, ${dispute.reason}) was opened on its payment; respond in the Stripe Dashboard.`,
      );
    }
    return { kind: 'order', orderNumber: order.number, status: applied.status, changed: applied.changed };
  });
}

async function intentOfCharge(deps: OrderDeps, chargeId: string | null): Promise<string | null> {
  if (chargeId === null) return null;
  return idOf((await deps.stripe.charges.retrieve(chargeId)).payment_intent);
}

/** Records the event and runs `apply` on the intent's order under its row lock, in one transaction. */
function inOrderTransaction(
  deps: OrderDeps,
  event: Stripe.Event,
  paymentIntent: string,
  apply: (tx: Queryable, order: Order) => Promise<EventOutcome>,
): Promise<EventOutcome> {
  return deps.store.transaction(async (tx): Promise<EventOutcome> => {
    if (!(await recordEvent(tx, event))) return { kind: 'duplicate' };
    const order = await findOrderByPaymentIntent(tx, paymentIntent, { lock: true });
    if (order === null) {
      (deps.log ?? console).warn(
        `[orders] ${event.type} ${event.id} names payment ${paymentIntent}, which has no order here; ignored`,
      );
      return { kind: 'ignored', reason: 'no order for this payment' };
    }
    return apply(tx, order);
  });
}
