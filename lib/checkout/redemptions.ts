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
/**
 * A reservation of an open cart lapses after this long without a change to that cart (each change
 * and the final recompute before Pay renew it), well before the session expires (60 minutes), so an
 * abandoned or hoarding session cannot keep a limited code from shoppers who pay. A lapsed one no
 * longer counts; its cart re-checks the limit at its next change or Pay. A cart whose session is
 * complete (a delayed payment outstanding) keeps its reservation until fulfilment settles it.
 */
export const RESERVATION_IDLE_MINUTES = 15;

/** A redemption row that counts: redeemed, or reserved and not lapsed. `r` is the redemptions row. */
const LIVE = `(r.status = 'redeemed' OR (r.status = 'reserved' AND (
    r.updated_at > now() - make_interval(mins => ${RESERVATION_IDLE_MINUTES})
    OR EXISTS (SELECT 1 FROM carts c WHERE c.id = r.cart_id AND c.status <> 'open'))))`;

export async function countRedemptions(
  db: Queryable,
  ruleId: string,
  options: { exceptCartId: string; customerKey: string | null },
): Promise<RedemptionCount> {
  const { rows } = await db.query<{ total: number; by_customer: number }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE r.customer_key = $3) AS by_customer
     FROM redemptions r WHERE r.rule_id = $1 AND r.cart_id <> $2 AND ${LIVE}`,
    [ruleId, options.exceptCartId, options.customerKey],
  );
  return { total: rows[0]?.total ?? 0, byCustomer: rows[0]?.by_customer ?? 0 };
}

/** Whether the cart holds a live (not lapsed) redemption of the rule. */
export async function holdsReservation(db: Queryable, cartId: string, ruleId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `SELECT 1 FROM redemptions r WHERE r.cart_id = $1 AND r.rule_id = $2 AND ${LIVE}`,
    [cartId, ruleId],
  );
  return rowCount > 0;
}

/**
 * At most one open reservation of a code per browser and per customer: taking one releases the
 * same code's reservations of the browser's or customer's other open carts (the latest checkout
 * keeps it; the others are told at their next change). 100 sessions of one browser hold one slot.
 */
export async function releaseSiblingReservations(
  tx: Queryable,
  cartId: string,
  ruleId: string,
  customerKey: string | null,
): Promise<void> {
  await tx.query(
    `UPDATE redemptions r SET status = 'released', updated_at = now()
     FROM carts c, carts mine
     WHERE r.rule_id = $2 AND r.status = 'reserved' AND r.cart_id <> $1 AND c.id = r.cart_id
       AND c.status = 'open' AND mine.id = $1
       AND ((c.browser_id IS NOT NULL AND c.browser_id = mine.browser_id)
         OR ($3::text IS NOT NULL AND r.customer_key = $3))`,
    [cartId, ruleId, customerKey],
  );
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
  await tx.query(`${RENEW_OR_RESERVE} SELECT 1`, [randomUUID(), ruleId, cartId, customerKey]);
}

/**
 * Renews the cart's reservation of `ruleId` (every change renews it, RESERVATION_IDLE_MINUTES) or
 * takes one, in one statement: both parts see the rows as they were before it, and the renewal
 * never changes whether a live row exists, so the insert happens exactly when there is none.
 * Parameters: $1 a new id, $2 the rule, $3 the cart, $4 the customer key.
 */
const RENEW_OR_RESERVE = `WITH renewed AS (
    UPDATE redemptions SET customer_key = $4, updated_at = now()
    WHERE cart_id = $3 AND rule_id = $2 AND status = 'reserved' RETURNING id
  ), reserved AS (
    INSERT INTO redemptions (id, rule_id, cart_id, customer_key, status)
    SELECT $1, $2, $3, $4, 'reserved'
    WHERE NOT EXISTS (SELECT 1 FROM redemptions WHERE cart_id = $3 AND rule_id = $2 AND status IN ('reserved', 'redeemed'))
    RETURNING id
  )`;

/**
 * The cart keeps (renews, or takes) its reservation of `ruleId` and gives back every other one, in
 * one statement (the three parts touch different rows).
 */
export async function keepOnlyReservation(
  tx: Queryable,
  cartId: string,
  ruleId: string,
  customerKey: string | null,
): Promise<void> {
  await tx.query(
    `${RENEW_OR_RESERVE}, released AS (
       UPDATE redemptions SET status = 'released', updated_at = now()
       WHERE cart_id = $3 AND status = 'reserved' AND rule_id <> $2 RETURNING id
     ) SELECT 1`,
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

export interface RuleUsage {
  /** Held by open checkouts now (lapsed reservations left out). */
  reserved: number;
  /** Paid orders that used the rule. */
  redeemed: number;
}

/** Live reservations and redemptions per rule id (rules without any are absent). */
export async function countUsageByRule(db: Queryable, ruleId?: string): Promise<Map<string, RuleUsage>> {
  const { rows } = await db.query<{ rule_id: string; reserved: number; redeemed: number }>(
    `SELECT r.rule_id, count(*) FILTER (WHERE r.status = 'reserved') AS reserved,
       count(*) FILTER (WHERE r.status = 'redeemed') AS redeemed
     FROM redemptions r WHERE ($1::text IS NULL OR r.rule_id = $1) AND ${LIVE} GROUP BY r.rule_id`,
    [ruleId ?? null],
  );
  return new Map(rows.map((row) => [row.rule_id, { reserved: row.reserved, redeemed: row.redeemed }]));
}
