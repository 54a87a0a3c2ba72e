import 'server-only';
import type Stripe from 'stripe';
import type { Queryable, StatementPart } from '@/lib/store/types';
import { ORDER_COLUMNS, type Order, type OrderRow, type OrderStatus, toOrder } from './order';

/**
 * The owner of webhook_events: the ids of the Stripe events applied so far. Every handler inserts
 * its event's id in the same transaction as the event's effect, so a redelivery (same id) finds the
 * row and changes nothing; two copies delivered at once race on the primary key, and the loser
 * waits for the winner's commit and then sees the conflict (copies of a Checkout Session event
 * queue on their cart's lock first, fulfilment.ts). A new order's event rides on the order's own
 * insert (recordedAlongside).
 */

/** What applying one event did, as the webhook route reports it. */
export type EventOutcome =
  | { kind: 'duplicate' }
  | { kind: 'ignored'; reason: string }
  | { kind: 'order'; orderNumber: string; status: OrderStatus; changed: boolean }
  | { kind: 'released'; cartId: string };

/** A cheap early answer for redeliveries; recordEvent in the transaction is what guarantees "once". */
export async function isEventRecorded(db: Queryable, eventId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM webhook_events WHERE id = $1', [eventId]);
  return rowCount > 0;
}

/** False when the event was recorded before: by an earlier delivery, or a concurrent one that committed first. */
export async function recordEvent(tx: Queryable, event: Stripe.Event): Promise<boolean> {
  const { rowCount } = await tx.query(
    'INSERT INTO webhook_events (id, type) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
    [event.id, event.type],
  );
  return rowCount === 1;
}

/**
 * What fulfilment decides on before it asks Stripe anything, in one read: whether the event was
 * applied before (a redelivery is answered at once), and the session's order if it has one.
 */
export async function readDelivery(
  db: Queryable,
  eventId: string,
  sessionId: string,
): Promise<{ recorded: boolean; order: Order | null }> {
  // LEFT JOIN: a session without an order still answers one row, its order columns null.
  const { rows } = await db.query<OrderRow & { event_recorded: boolean; has_order: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM webhook_events WHERE id = $1) AS event_recorded,
       orders.id IS NOT NULL AS has_order, ${ORDER_COLUMNS}
     FROM (SELECT 1) AS delivery LEFT JOIN orders ON stripe_session_id = $2`,
    [eventId, sessionId],
  );
  const row = rows[0];
  if (row === undefined) throw new Error('readDelivery returned no row');
  return { recorded: row.event_recorded, order: row.has_order ? toOrder(row) : null };
}

/** The event recorded in the statement that applies it, only when that statement's guard returned a row. */
export function recordedAlongside(event: Stripe.Event): StatementPart {
  return ({ guard, firstParam }) => ({
    ctes: `recorded AS (
      INSERT INTO webhook_events (id, type) SELECT $${firstParam}::text, $${firstParam + 1}::text
      WHERE EXISTS (SELECT 1 FROM ${guard}) ON CONFLICT (id) DO NOTHING RETURNING id
    )`,
    params: [event.id, event.type],
  });
}
