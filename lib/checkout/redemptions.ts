import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Queryable } from '@/lib/store/types';

/**
 * The owner of the `redemptions` table: one row per cart and limited promotion code, `reserved`
 * while the cart holds the code, `redeemed` once its order is paid, `released` when the code is
 * dropped, the payment fails or the session expires. Checkout reserves and releases, fulfilment
 * redeems and releases; nobody else reads or writes the table.
 */

export interface RedemptionCount {
  total: number;
  byCustomer: number;
}

/**
 * Reservations and redemptions of a rule that count against its limits. The asking cart's own are
 * left out, or a recompute at the limit would refuse the cart that holds the last one.
 */
export async function countRedemptions(
  db: Queryable,
  ruleId: string,
  options: { exceptCartId: string; customerKey: string | null },
): Promise<RedemptionCount> {
  const { rows } = await db.query<{ total: number; by_customer: number }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE customer_key = $3) AS by_customer
     FROM redemptions WHERE rule_id = $1 AND status IN ('reserved', 'redeemed') AND cart_id <> $2`,
    [ruleId, options.exceptCartId, options.customerKey],
  );
  return { total: rows[0]?.total ?? 0, byCustomer: rows[0]?.by_customer ?? 0 };
}

export async function holdsReservation(db: Queryable, cartId: string, ruleId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "SELECT 1 FROM redemptions WHERE cart_id = $1 AND rule_id = $2 AND status IN ('reserved', 'redeemed')",
    [cartId, ruleId],
  );
  return rowCount > 0;
}

/**
 * Makes sure the cart holds a reservation of the rule (idempotent). The shopper's identity may have
 * become known since the reservation was taken (a guest typed an email), and per-customer limits
 * count by it, so an existing reservation takes the current key.
 */
export async function reserveRedemption(
  tx: Queryable,
  cartId: string,
  ruleId: string,
  customerKey: string | null,
): Promise<void> {
  await tx.query(
    "UPDATE redemptions SET customer_key = $3, updated_at = now() WHERE cart_id = $1 AND rule_id = $2 AND status = 'reserved' AND customer_key IS DISTINCT FROM $3",
    [cartId, ruleId, customerKey],
  );
  await tx.query(
    `INSERT INTO redemptions (id, rule_id, cart_id, customer_key, status)
     SELECT $1, $2, $3, $4, 'reserved'
     WHERE NOT EXISTS (SELECT 1 FROM redemptions WHERE cart_id = $3 AND rule_id = $2 AND status IN ('reserved', 'redeemed'))`,
    [randomUUID(), ruleId, cartId, customerKey],
  );
}

/** Gives back the cart's reservations (all, or all but `exceptRuleId`'s); redeemed ones stay. */
export async function releaseReservations(
  tx: Queryable,
  cartId: string,
  exceptRuleId: string | null = null,
): Promise<void> {
  await tx.query(
    `UPDATE redemptions SET status = 'released', updated_at = now()
     WHERE cart_id = $1 AND status = 'reserved' AND ($2::text IS NULL OR rule_id <> $2)`,
    [cartId, exceptRuleId],
  );
}

/** Gives back one reservation the cart took for a change that did not happen. */
export async function releaseReservation(tx: Queryable, cartId: string, ruleId: string): Promise<void> {
  await tx.query(
    "UPDATE redemptions SET status = 'released', updated_at = now() WHERE cart_id = $1 AND rule_id = $2 AND status = 'reserved'",
    [cartId, ruleId],
  );
}

/** The cart's order is paid: its reservations become redemptions for good. */
export async function redeemReservations(tx: Queryable, cartId: string): Promise<void> {
  await tx.query(
    "UPDATE redemptions SET status = 'redeemed', updated_at = now() WHERE cart_id = $1 AND status = 'reserved'",
    [cartId],
  );
}
