import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Queryable, StatementPart } from '@/lib/store/types';

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
 * A reservation of an open cart lapses after this long without a change to that cart (each change
 * and the final recompute before Pay renew it), well before the session expires (60 minutes), so an
 * abandoned or hoarding session cannot keep a limited code from shoppers who pay. A lapsed one no
 * longer counts; its cart re-checks the limit at its next change or Pay. A cart whose session is
 * complete (a delayed payment outstanding) keeps its reservation until fulfilment settles it.
 */
export const RESERVATION_IDLE_MINUTES = 15;

/**
 * A redemption row that counts: redeemed, or reserved and not lapsed. `r` is the redemptions row. The
 * database function reserve_redemption (migration 0010) counts by the same rule.
 */
const LIVE = `(r.status = 'redeemed' OR (r.status = 'reserved' AND (
    r.updated_at > now() - make_interval(mins => ${RESERVATION_IDLE_MINUTES})
    OR EXISTS (SELECT 1 FROM carts c WHERE c.id = r.cart_id AND c.status <> 'open'))))`;

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
    `SELECT count(*) AS total, count(*) FILTER (WHERE r.customer_key = $3) AS by_customer
     FROM redemptions r WHERE r.rule_id = $1 AND r.cart_id <> $2 AND ${LIVE}`,
    [ruleId, options.exceptCartId, options.customerKey],
  );
  return { total: rows[0]?.total ?? 0, byCustomer: rows[0]?.by_customer ?? 0 };
}

/**
 * A held reservation renewed less than this long ago has at least RESERVATION_IDLE_MINUTES minus this
 * left, far longer than a change can take (its lease lasts seconds), so the change relies on its
 * save to renew it (reservationsOnSave) instead of renewing it before Stripe answers too.
 */
export const RESERVATION_FRESH_MINUTES = 5;

/**
 * The rule's live redemptions other carts hold (as countRedemptions), whether this cart holds a live
 * one itself, and whether that one is fresh: held under the same customer key and renewed within
 * RESERVATION_FRESH_MINUTES, so nothing about it needs writing before the change's save. One read.
 */
export async function readRedemptions(
  db: Queryable,
  ruleId: string,
  options: { cartId: string; customerKey: string | null },
): Promise<RedemptionCount & { held: boolean; fresh: boolean }> {
  const { rows } = await db.query<{ total: number; by_customer: number; held: boolean; fresh: boolean }>(
    `SELECT count(*) FILTER (WHERE r.cart_id <> $2) AS total,
       count(*) FILTER (WHERE r.cart_id <> $2 AND r.customer_key = $3) AS by_customer,
       coalesce(bool_or(r.cart_id = $2), false) AS held,
       coalesce(bool_or(r.cart_id = $2 AND r.status = 'reserved' AND r.customer_key IS NOT DISTINCT FROM $3
         AND r.updated_at > now() - make_interval(mins => $4)), false) AS fresh
     FROM redemptions r WHERE r.rule_id = $1 AND ${LIVE}`,
    [ruleId, options.cartId, options.customerKey, RESERVATION_FRESH_MINUTES],
  );
  const row = rows[0];
  return {
    total: row?.total ?? 0,
    byCustomer: row?.by_customer ?? 0,
    held: row?.held ?? false,
    fresh: row?.fresh ?? false,
  };
}

/**
 * Renews the reservation the cart holds of the rule, and says whether it still had one: another
 * checkout of the same browser or customer may have taken the code over since it was read (see
 * reserveReleasingSiblings), and then only a count under the rule's lock may take a new one. The
 * shopper's identity may have become known since the reservation was taken (a guest typed an
 * email), and per-customer limits count by it, so the reservation takes the current key.
 */
export async function renewReservation(
  db: Queryable,
  cartId: string,
  ruleId: string,
  customerKey: string | null,
): Promise<boolean> {
  const { rowCount } = await db.query(`WITH ${renew(placeholders(1))} SELECT 1 FROM renewed`, [
    ruleId,
    cartId,
    customerKey,
  ]);
  return rowCount > 0;
}

/** The limits a new reservation must stay within: null where the rule sets none. */
export interface ReservationLimits {
  total: number | null;
  byCustomer: number | null;
}

/**
 * Takes (or renews) the cart's reservation of the rule if the code's live redemptions held by other
 * carts stay below `limits`, and gives back the reservations of the same code that the browser's or
 * customer's other open carts hold (at most one open reservation of a code per browser and per
 * customer: the latest checkout keeps it). One statement, the database function
 * `reserve_redemption` (migration 0010): it locks the rule's row, counts under the lock and reserves,
 * so concurrent checkouts count and reserve one at a time and the lock is held only inside the
 * database. Answers whether it reserved, with the counts it saw.
 */
export async function reserveWithinLimits(
  db: Queryable,
  cartId: string,
  ruleId: string,
  customerKey: string | null,
  limits: ReservationLimits,
): Promise<{ reserved: boolean; counts: RedemptionCount }> {
  const { rows } = await db.query<{ reserved: boolean; total: number; by_customer: number }>(
    'SELECT reserved, total, by_customer FROM reserve_redemption($1, $2, $3, $4, $5, $6, $7)',
    [randomUUID(), ruleId, cartId, customerKey, limits.total, limits.byCustomer, RESERVATION_IDLE_MINUTES],
  );
  const row = rows[0];
  if (row === undefined) throw new Error('reserve_redemption returned no row');
  return { reserved: row.reserved, counts: { total: row.total, byCustomer: row.by_customer } };
}

/** Where a renewal reads its values: the rule, the cart, the customer key. */
interface Slots {
  rule: string;
  cart: string;
  key: string;
}

const placeholders = (first: number): Slots => ({
  rule: `$${first}`,
  cart: `$${first + 1}`,
  key: `$${first + 2}`,
});

/**
 * Renews the cart's reservation of the rule (every change renews it, RESERVATION_IDLE_MINUTES), only
 * `when` that condition holds: a common table expression named `renewed`. Taking a new one happens
 * only in reserveWithinLimits, under the rule's lock.
 */
function renew(s: Slots, when = 'TRUE'): string {
  return `renewed AS (
    UPDATE redemptions SET customer_key = ${s.key}, updated_at = now()
    WHERE cart_id = ${s.cart} AND rule_id = ${s.rule} AND status = 'reserved' AND ${when} RETURNING id
  )`;
}

/**
 * The reservation writes of a cart's save, for the save's own statement (cart.ts runs them only when
 * the cart row was saved): the cart renews its reservation of `keep` and gives back every other one,
 * or gives back all of them when `keep` is null. It never takes one here, outside the rule's lock:
 * the change's decision took or renewed it; if another checkout of the same shopper has taken the
 * code over since, the cart is left without one and its next decision counts again under the lock.
 * Releasing always runs, even for a cart that never held a code, so a reservation left by a change that died before its save
 * is given back by the next one.
 */
export function reservationsOnSave(
  cartId: string,
  keep: { ruleId: string; customerKey: string | null } | null,
): StatementPart {
  return ({ guard, firstParam }) => {
    const saved = `EXISTS (SELECT 1 FROM ${guard})`;
    if (keep === null) {
      return {
        ctes: `released AS (
          UPDATE redemptions SET status = 'released', updated_at = now()
          WHERE cart_id = $${firstParam} AND status = 'reserved' AND ${saved} RETURNING id
        )`,
        params: [cartId],
      };
    }
    const s = placeholders(firstParam);
    return {
      ctes: `${renew(s, saved)}, released AS (
          UPDATE redemptions SET status = 'released', updated_at = now()
          WHERE cart_id = ${s.cart} AND status = 'reserved' AND rule_id <> ${s.rule} AND ${saved} RETURNING id
        )`,
      params: [keep.ruleId, cartId, keep.customerKey],
    };
  };
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

/**
 * The cart's order is paid: its reservations become redemptions for good, in the statement that
 * records the payment (fulfilment's order insert or settle), only when that wrote its row.
 */
export function redeemAlongside(cartId: string): StatementPart {
  return ({ guard, firstParam }) => ({
    ctes: `redeemed AS (
      UPDATE redemptions SET status = 'redeemed', updated_at = now()
      WHERE cart_id = $${firstParam}::uuid AND status = 'reserved' AND EXISTS (SELECT 1 FROM ${guard}) RETURNING id
    )`,
    params: [cartId],
  });
}

/** The cart's payment failed: its reservations are given back, in the statement that records it. */
export function releaseAlongside(cartId: string): StatementPart {
  return ({ guard, firstParam }) => ({
    ctes: `released AS (
      UPDATE redemptions SET status = 'released', updated_at = now()
      WHERE cart_id = $${firstParam}::uuid AND status = 'reserved' AND EXISTS (SELECT 1 FROM ${guard}) RETURNING id
    )`,
    params: [cartId],
  });
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
