import 'server-only';
import type Stripe from 'stripe';
import { AppError } from '@/lib/errors';
import { formatMoney } from '@/lib/money';
import { isStripeTimeout, mapStripeErrors, stripeErrorType } from '@/lib/stripe/errors';
import type { OrderDeps } from './fulfilment';
import { findOrderById, type Order } from './order';
import { REFUNDABLE_STATUSES } from './order-status';
import {
  findRefundByKey,
  listOrderRefunds,
  type RefundRecord,
  recordStripeRefund,
  releaseReservation,
  reserveRefund,
  sumOrderRefunds,
} from './refund-records';
import { applyRefundedAmount } from './refund-state';

/**
 * Refunds of paid orders, asked for from the back office (issue 17), through Stripe's
 * `refunds.create` with the press's idempotency key.
 *
 * Never twice, and never more than is left, without holding a transaction across Stripe:
 * 1. A short transaction takes the order's row lock, checks the order and the amount against what
 *    is left (total - refunded - refunds still outstanding), and writes a `reserved` refund row
 *    for this press (one per order and key). A second press with the same key finds that row; a
 *    concurrent press with another key sees the amount already held.
 * 2. Stripe is called outside any transaction, with the press's key as idempotency key and the key
 *    in the refund's metadata (so events can match the refund to the row).
 * 3. A second short transaction records Stripe's refund on the row and the order (refund-state.ts),
 *    or, when Stripe refused, gives the reservation back. When Stripe's answer never came (a
 *    timeout), the payment's refunds are read back to tell (findAfterTimeout).
 */

export type { RefundRecord } from './refund-records';

export interface RefundRequest {
  orderId: string;
  /** Minor units of the order's currency; more than 0 and at most what is left to refund. */
  amount: number;
  /** One per press of "Refund" (the form carries it), so a double submit refunds once. */
  idempotencyKey: string;
  /** Who asked, kept with the refund (e.g. `admin:<admin session id>`). */
  requestedBy: string;
}

export interface RefundResult {
  /** Stripe's refund id (`re_...`). */
  refundId: string;
  amount: number;
  status: 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
  /** What the order has had refunded so far, this refund included when it succeeded. */
  amountRefunded: number;
}

/** Stripe keeps idempotency keys of up to 255 characters. */
const MAX_KEY_LENGTH = 255;

export async function refundOrder(deps: OrderDeps, request: RefundRequest): Promise<RefundResult> {
  validateRequest(request);
  return mapStripeErrors(async () => {
    const reserved = await reserve(deps, request);
    if (reserved.kind === 'settled') return reserved.result;
    const { order, row } = reserved;
    let refund: Stripe.Refund;
    try {
      refund = await deps.stripe.refunds.create(
        {
          payment_intent: order.paymentIntentId ?? '',
          amount: row.amount,
          metadata: {
            order_id: order.id,
            order_number: order.number,
            requested_by: row.requestedBy ?? request.requestedBy,
            idempotency_key: request.idempotencyKey,
          },
        },
        { idempotencyKey: request.idempotencyKey },
      );
    } catch (error) {
      if (isInProgress(error)) {
        throw new AppError(
          'refund_in_progress',
          'This refund is still being processed. Reload the order in a moment.',
          { cause: error },
        );
      }
      const found = isUnknownOutcome(error) ? await findAfterTimeout(deps, order, request) : null;
      if (found === 'unknown') throw error;
      if (found !== null) return settle(deps, order.id, found);
      // Refused, or not made: nothing was refunded, so the amount is free again.
      await deps.store.transaction((tx) => releaseReservation(tx, row.id));
      throw refusalOf(error, order) ?? error;
    }
    return settle(deps, order.id, refund);
  });
}

/**
 * After a timeout the refund may or may not exist: Stripe's refunds of the payment are read back
 * (outside any transaction) for the one carrying this press's key. Found: it is recorded as usual.
 * Absent: the reservation can go (should a slow request still land, its events record it, and
 * Stripe itself never refunds more than the charge). Unreadable: the reservation stays, for the
 * events or a retried press (which Stripe replays) to settle.
 */
async function findAfterTimeout(
  deps: OrderDeps,
  order: Order,
  request: RefundRequest,
): Promise<Stripe.Refund | null | 'unknown'> {
  try {
    for await (const refund of deps.stripe.refunds.list({
      payment_intent: order.paymentIntentId ?? '',
      limit: 100,
    })) {
      if (refund.metadata?.idempotency_key === request.idempotencyKey) return refund;
    }
    return null;
  } catch (error) {
    (deps.log ?? console).warn(
      `[orders] Refund of order ${order.number}: Stripe did not answer, and its refunds could not be read back; the amount stays reserved until its events arrive.`,
      error,
    );
    return 'unknown';
  }
}

function validateRequest(request: RefundRequest): void {
  if (!Number.isSafeInteger(request.amount) || request.amount <= 0) {
    throw new AppError(
      'invalid_request',
      'The refund amount must be a positive whole number of minor units.',
    );
  }
  const key = request.idempotencyKey;
  if (typeof key !== 'string' || key.trim() === '' || key.length > MAX_KEY_LENGTH) {
    throw new AppError(
      'invalid_request',
      `The refund needs an idempotency key of 1 to ${MAX_KEY_LENGTH} characters.`,
    );
  }
  if (typeof request.requestedBy !== 'string' || request.requestedBy.trim() === '') {
    throw new AppError('invalid_request', 'The refund must say who asked for it.');
  }
}

type Reservation =
  | { kind: 'settled'; result: RefundResult }
  | { kind: 'call'; order: Order; row: RefundRecord };

/** Step 1: checks the order and holds the amount (or finds this press's earlier row), in one short transaction. */
function reserve(deps: OrderDeps, request: RefundRequest): Promise<Reservation> {
  return deps.store.transaction(async (tx): Promise<Reservation> => {
    const order = await findOrderById(tx, request.orderId, { lock: true });
    if (order === null) throw new AppError('not_found', 'There is no such order.');
    const earlier = await findRefundByKey(tx, order.id, request.idempotencyKey);
    if (earlier !== null) {
      if (earlier.amount !== request.amount) {
        throw new AppError(
          'invalid_request',
          `This refund request was already made for ${money(earlier.amount, order)}; reload the order to refund another amount.`,
        );
      }
      // Stripe answered the first press: the same refund, without asking again.
      if (earlier.stripeRefundId !== null && earlier.status !== 'reserved') {
        return { kind: 'settled', result: resultOf(earlier, earlier.stripeRefundId, order.amountRefunded) };
      }
      // The first press's answer is not known yet: asking Stripe with the same key replays it.
      return { kind: 'call', order, row: earlier };
    }
    assertRefundable(order);
    const { outstanding } = await sumOrderRefunds(tx, order.id);
    const left = Math.max(0, order.amountTotal - order.amountRefunded - outstanding);
    if (request.amount > left) {
      throw new AppError('refund_too_large', tooLargeMessage(order, left, outstanding), {
        details: { maximum: left, currency: order.currency },
      });
    }
    const row = await reserveRefund(tx, {
      orderId: order.id,
      amount: request.amount,
      currency: order.currency,
      idempotencyKey: request.idempotencyKey,
      requestedBy: request.requestedBy.trim(),
    });
    return { kind: 'call', order, row };
  });
}

function assertRefundable(order: Order): void {
  if (!REFUNDABLE_STATUSES.includes(order.status)) {
    const why: Record<string, string> = {
      pending: 'is still waiting for its payment',
      failed: 'was never paid',
      refunded: 'has already been refunded in full',
      disputed: "is disputed: its payment is in the cardholder's bank's hands",
    };
    throw new AppError(
      'order_not_refundable',
      `Order ${order.number} ${why[order.status] ?? `is ${order.status}`}; only paid orders can be refunded.`,
    );
  }
  if (order.paymentIntentId === null) {
    throw new AppError('order_not_refundable', `Order ${order.number} has no card payment to refund.`);
  }
}

function tooLargeMessage(order: Order, left: number, outstanding: number): string {
  const held = outstanding > 0 ? ` (${money(outstanding, order)} is being refunded right now)` : '';
  if (left === 0) {
    return `Nothing is left to refund on order ${order.number}${held}: the most that can be refunded is ${money(0, order)}.`;
  }
  return `The most that can be refunded on order ${order.number} is ${money(left, order)}${held}.`;
}

/** Step 3: records Stripe's refund on its row and on the order, in one short transaction. */
function settle(deps: OrderDeps, orderId: string, refund: Stripe.Refund): Promise<RefundResult> {
  return deps.store.transaction(async (tx) => {
    const order = await findOrderById(tx, orderId, { lock: true });
    if (order === null) throw new Error(`Order ${orderId} vanished while it was being refunded`);
    await recordStripeRefund(tx, order.id, refund);
    const charge = typeof refund.charge === 'string' ? refund.charge : (refund.charge?.id ?? null);
    const { amountRefunded } = await applyRefundedAmount(tx, order, { chargeId: charge });
    return {
      refundId: refund.id,
      amount: refund.amount,
      status: publicStatus(refund.status),
      amountRefunded,
    };
  });
}

function resultOf(row: RefundRecord, refundId: string, amountRefunded: number): RefundResult {
  return { refundId, amount: row.amount, status: publicStatus(row.status), amountRefunded };
}

function publicStatus(status: string | null): RefundResult['status'] {
  switch (status) {
    case 'succeeded':
    case 'failed':
    case 'canceled':
    case 'requires_action':
      return status;
    default:
      return 'pending';
  }
}

/**
 * Stripe's refusals that mean the payment is not as this order shows it: a refund made in the
 * Dashboard whose events have not arrived yet, or a chargeback. Said in the order's terms; any other
 * refusal keeps Stripe's error mapping (502).
 */
function refusalOf(error: unknown, order: Order): AppError | null {
  if (stripeErrorType(error) !== 'StripeInvalidRequestError') return null;
  const code = (error as { code?: unknown }).code;
  if (code === 'amount_too_large' || code === 'charge_already_refunded') {
    return new AppError(
      'refund_too_large',
      `Stripe has less left to refund on order ${order.number}'s payment than this order shows (a refund may have been made in the Stripe Dashboard). Reload the order in a moment and try again.`,
      { cause: error },
    );
  }
  if (code === 'charge_disputed') {
    return new AppError(
      'order_not_refundable',
      `Order ${order.number}'s payment is disputed: it cannot be refunded while the cardholder's bank handles the dispute.`,
      { cause: error },
    );
  }
  return null;
}

/** A timeout, or Stripe's own 500: the refund may or may not have been made. */
function isUnknownOutcome(error: unknown): boolean {
  return isStripeTimeout(error) || stripeErrorType(error) === 'StripeAPIError';
}

/** Stripe's 409 while the first request with this idempotency key is still running. */
function isInProgress(error: unknown): boolean {
  return (
    stripeErrorType(error) === 'StripeInvalidRequestError' &&
    (error as { code?: unknown }).code === 'idempotency_key_in_use'
  );
}

function money(amount: number, order: Order): string {
  return formatMoney(amount, order.currency);
}

/** An order's refunds and what is left to refund (the back office's order page shows both). */
export interface RefundSummary {
  refunds: RefundRecord[];
  /** Refunded so far (succeeded). */
  amountRefunded: number;
  /** Being refunded right now (reserved or pending at Stripe): held against what is left. */
  amountOutstanding: number;
  /** The most a refund may ask for now; 0 when the order cannot be refunded. */
  refundable: number;
}

export async function getRefundSummary(
  store: OrderDeps['store'],
  orderId: string,
): Promise<RefundSummary | null> {
  const order = await findOrderById(store, orderId);
  if (order === null) return null;
  const refunds = await listOrderRefunds(store, order.id);
  const { outstanding } = await sumOrderRefunds(store, order.id);
  const open = REFUNDABLE_STATUSES.includes(order.status) && order.paymentIntentId !== null;
  return {
    refunds,
    amountRefunded: order.amountRefunded,
    amountOutstanding: outstanding,
    refundable: open ? Math.max(0, order.amountTotal - order.amountRefunded - outstanding) : 0,
  };
}
