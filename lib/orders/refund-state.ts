import 'server-only';
import { removeRefundFromHistory } from '@/lib/customers/history';
import type { Queryable } from '@/lib/store/types';
import { markOrderDisputed, type Order, type OrderStatus, setOrderRefundState } from './order';
import { nextOrderStatus, refundStatusFor } from './order-status';
import { sumOrderRefunds } from './refund-records';

/**
 * How refunds and disputes move an order, from whichever side learns of them first (our own call's
 * answer, or one of Stripe's events, in any order and any number of times). Callers hold the order's
 * row lock in the transaction that recorded the refund rows, so what changes here changes once.
 */

/**
 * Brings the order's refunded amount up to what its refunds add up to (and to `reported`, Stripe's
 * own total for the charge, when an event carries it), sets the status that follows, and takes
 * what is newly refunded off the customer's history. The amount only grows: a stale event carrying
 * a smaller total changes nothing.
 */
export async function applyRefundedAmount(
  tx: Queryable,
  order: Order,
  facts: { reported?: number; chargeId?: string | null } = {},
): Promise<{ status: OrderStatus; amountRefunded: number; changed: boolean }> {
  const { succeeded } = await sumOrderRefunds(tx, order.id);
  const amountRefunded = Math.min(
    order.amountTotal,
    Math.max(order.amountRefunded, succeeded, facts.reported ?? 0),
  );
  const status =
    nextOrderStatus(order.status, refundStatusFor(amountRefunded, order.amountTotal)) ?? order.status;
  const newlyRefunded = amountRefunded - order.amountRefunded;
  const chargeId = facts.chargeId ?? null;
  if (newlyRefunded === 0 && status === order.status && (chargeId === null || order.chargeId !== null)) {
    return { status, amountRefunded, changed: false };
  }
  await setOrderRefundState(tx, order.id, { amountRefunded, status, chargeId });
  if (newlyRefunded > 0) {
    const wasFull = order.amountRefunded >= order.amountTotal;
    await removeRefundFromHistory(tx, order, {
      amount: newlyRefunded,
      fullyRefunded: !wasFull && amountRefunded >= order.amountTotal,
    });
  }
  return { status, amountRefunded, changed: newlyRefunded > 0 || status !== order.status };
}

/** A chargeback was opened on the order's charge: `disputed` from then on (order-status.ts). */
export async function applyDispute(
  tx: Queryable,
  order: Order,
  facts: { at: Date; chargeId: string | null },
): Promise<{ status: OrderStatus; changed: boolean }> {
  const next = nextOrderStatus(order.status, 'disputed');
  if (next === null) return { status: order.status, changed: false };
  await markOrderDisputed(tx, order.id, facts);
  return { status: next, changed: true };
}
