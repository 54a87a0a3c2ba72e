import 'server-only';
import type Stripe from 'stripe';
import type { Queryable } from '@/lib/store/types';
import type { OrderStatus } from './order';

/**
 * The owner of webhook_events: the ids of the Stripe events applied so far. Every handler inserts
 * its event's id in the same transaction as the event's effect, so a redelivery (same id) finds the
 * row and changes nothing; two copies delivered at once race on the primary key, and the loser
 * waits for the winner's commit and then sees the conflict.
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
