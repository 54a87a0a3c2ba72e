import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Queryable } from '@/lib/store/types';

/**
 * The owner of the refunds table: one row per refund of an order. A refund asked for here starts as
 * a `reserved` row (written before Stripe is called, so two presses cannot both take what is left)
 * and takes Stripe's id and status once Stripe answered or an event told us; a refund made in the
 * Dashboard gets its row from the events. Every write happens under the order's row lock.
 */

export type RefundStatus = 'reserved' | 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';

export interface RefundRecord {
  id: string;
  orderId: string;
  stripeRefundId: string | null;
  amount: number;
  currency: string;
  status: RefundStatus;
  idempotencyKey: string | null;
  requestedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface RefundRow extends Record<string, unknown> {
  id: string;
  order_id: string;
  stripe_refund_id: string | null;
  amount: number;
  currency: string;
  status: RefundStatus;
  idempotency_key: string | null;
  requested_by: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, order_id, stripe_refund_id, amount, currency, status, idempotency_key, requested_by, created_at, updated_at';

function toRecord(row: RefundRow): RefundRecord {
  return {
    id: row.id,
    orderId: row.order_id,
    stripeRefundId: row.stripe_refund_id,
    amount: Number(row.amount),
    currency: row.currency,
    status: row.status,
    idempotencyKey: row.idempotency_key,
    requestedBy: row.requested_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Statuses whose amount is not refunded yet but may still be: it is held against what is left. */
const OUTSTANDING = "('reserved', 'pending', 'requires_action')";

/** An order's refunds, newest first (the back office's order page lists them). */
export async function listOrderRefunds(db: Queryable, orderId: string): Promise<RefundRecord[]> {
  const { rows } = await db.query<RefundRow>(
    `SELECT ${COLUMNS} FROM refunds WHERE order_id = $1 ORDER BY created_at DESC, id`,
    [orderId],
  );
  return rows.map(toRecord);
}

export async function findRefundByKey(
  db: Queryable,
  orderId: string,
  idempotencyKey: string,
): Promise<RefundRecord | null> {
  const { rows } = await db.query<RefundRow>(
    `SELECT ${COLUMNS} FROM refunds WHERE order_id = $1 AND idempotency_key = $2`,
    [orderId, idempotencyKey],
  );
  const row = rows[0];
  return row === undefined ? null : toRecord(row);
}

/** What an order's refunds add up to: succeeded, and still outstanding (held against what is left). */
export async function sumOrderRefunds(
  db: Queryable,
  orderId: string,
): Promise<{ succeeded: number; outstanding: number }> {
  const { rows } = await db.query<{ succeeded: number | string; outstanding: number | string }>(
    `SELECT COALESCE(sum(amount) FILTER (WHERE status = 'succeeded'), 0) AS succeeded,
       COALESCE(sum(amount) FILTER (WHERE status IN ${OUTSTANDING}), 0) AS outstanding
     FROM refunds WHERE order_id = $1`,
    [orderId],
  );
  return { succeeded: Number(rows[0]?.succeeded ?? 0), outstanding: Number(rows[0]?.outstanding ?? 0) };
}

/** Holds `amount` of an order for a refund about to be asked of Stripe. */
export async function reserveRefund(
  db: Queryable,
  reservation: {
    orderId: string;
    amount: number;
    currency: string;
    idempotencyKey: string;
    requestedBy: string;
  },
): Promise<RefundRecord> {
  const { rows } = await db.query<RefundRow>(
    `INSERT INTO refunds (id, order_id, amount, currency, status, idempotency_key, requested_by)
     VALUES ($1, $2, $3, $4, 'reserved', $5, $6) RETURNING ${COLUMNS}`,
    [
      randomUUID(),
      reservation.orderId,
      reservation.amount,
      reservation.currency,
      reservation.idempotencyKey,
      reservation.requestedBy,
    ],
  );
  const row = rows[0];
  if (row === undefined) throw new Error('INSERT ... RETURNING gave no row');
  return toRecord(row);
}

/** Gives a reservation back: Stripe refused the refund, so nothing of it is held any more. */
export async function releaseReservation(db: Queryable, refundId: string): Promise<void> {
  await db.query("DELETE FROM refunds WHERE id = $1 AND status = 'reserved'", [refundId]);
}

/** A refund as Stripe reports it (the parts of Stripe.Refund this table keeps). */
export interface StripeRefundFacts {
  id: string;
  amount: number;
  currency: string;
  status: string | null;
  metadata: Record<string, string> | null;
}

function statusOf(status: string | null): RefundStatus {
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
 * Records a refund as Stripe reports it, whatever told us (Stripe's answer to our request, or an
 * event) and in any order: the row with its Stripe id; else our reservation with the same press key
 * (Stripe's metadata carries it); else a new row (a refund made in the Dashboard). A refund that
 * Stripe finished (succeeded, failed, canceled) never goes back to pending through a late event.
 */
export async function recordStripeRefund(
  db: Queryable,
  orderId: string,
  refund: StripeRefundFacts,
): Promise<void> {
  const status = statusOf(refund.status);
  const keepFinal = `NOT (status IN ('succeeded', 'failed', 'canceled') AND $3 IN ${OUTSTANDING})`;
  const byId = await db.query(
    `UPDATE refunds SET status = $3, amount = $2, updated_at = now() WHERE stripe_refund_id = $1 AND ${keepFinal}`,
    [refund.id, refund.amount, status],
  );
  if (byId.rowCount > 0) return;
  const known = await db.query('SELECT 1 FROM refunds WHERE stripe_refund_id = $1', [refund.id]);
  if (known.rowCount > 0) return;
  const key = refund.metadata?.idempotency_key ?? null;
  if (key !== null) {
    const byKey = await db.query(
      `UPDATE refunds SET stripe_refund_id = $1, amount = $2, status = $3, updated_at = now()
       WHERE order_id = $4 AND idempotency_key = $5 AND stripe_refund_id IS NULL`,
      [refund.id, refund.amount, status, orderId, key],
    );
    if (byKey.rowCount > 0) return;
  }
  await db.query(
    `INSERT INTO refunds (id, order_id, stripe_refund_id, amount, currency, status, idempotency_key, requested_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
    [
      randomUUID(),
      orderId,
      refund.id,
      refund.amount,
      refund.currency,
      status,
      key,
      refund.metadata?.requested_by ?? 'stripe',
    ],
  );
}

export async function findRefundByStripeId(
  db: Queryable,
  stripeRefundId: string,
): Promise<RefundRecord | null> {
  const { rows } = await db.query<RefundRow>(`SELECT ${COLUMNS} FROM refunds WHERE stripe_refund_id = $1`, [
    stripeRefundId,
  ]);
  const row = rows[0];
  return row === undefined ? null : toRecord(row);
}
