import {
  type DiscountContext,
  type DiscountDecision,
  evaluateDiscounts,
  normalizeCode,
  type PromotionCodeRule,
  parseRules,
  type Rule,
} from '@/lib/discounts';
import type { Queryable } from '@/lib/store/types';
import type { Cart } from './cart';
import { orderLinesOf } from './order-lines';

/**
 * The glue between the pure discount engine and the database: rules are rows (so limits can be
 * locked and counted), history and redemption counts are queries.
 */

export async function seedDiscountRules(db: Queryable, rules: readonly Rule[]): Promise<void> {
  for (const rule of rules) {
    await db.query(
      'INSERT INTO discount_rules (id, definition) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
      [rule.id, rule],
    );
  }
}

export async function loadDiscountRules(db: Queryable): Promise<Rule[]> {
  const { rows } = await db.query<{ definition: unknown }>(
    'SELECT definition FROM discount_rules WHERE active ORDER BY id',
  );
  return parseRules(rows.map((row) => row.definition));
}

export function customerKeyOf(cart: Pick<Cart, 'customerId' | 'email'>): string | null {
  if (cart.customerId !== null) return `customer:${cart.customerId}`;
  if (cart.email !== null) return `email:${cart.email.trim().toLowerCase()}`;
  return null;
}

function findCodeRule(rules: readonly Rule[], code: string | null): PromotionCodeRule | null {
  if (code === null) return null;
  const normalized = normalizeCode(code);
  return (
    rules.find(
      (rule): rule is PromotionCodeRule =>
        rule.kind === 'promotion_code' && normalizeCode(rule.code) === normalized,
    ) ?? null
  );
}

/**
 * Evaluates the cart's discounts. When its code has redemption limits, the code's rule row is
 * locked first, so concurrent checkouts count and reserve one at a time (never more than the limit).
 */
export async function decideDiscounts(
  tx: Queryable,
  cart: Pick<
    Cart,
    'id' | 'currency' | 'items' | 'addOns' | 'promotionCode' | 'customerId' | 'email' | 'shipping'
  >,
  now: Date,
): Promise<{ decision: DiscountDecision; limitedRuleId: string | null }> {
  const rules = await loadDiscountRules(tx);
  const codeRule = findCodeRule(rules, cart.promotionCode);
  const limited =
    codeRule !== null &&
    (codeRule.maxRedemptions !== undefined || codeRule.maxRedemptionsPerCustomer !== undefined);
  // A cart that already holds a reservation for the code is within the limit by construction, so
  // only a cart taking a new one queues on the rule's row: the lock is held until commit, Stripe
  // call included, and the other carts of a popular code must not wait for it on every change.
  if (limited && !(await holdsReservation(tx, cart.id, codeRule.id))) {
    await tx.query('SELECT id FROM discount_rules WHERE id = $1 FOR UPDATE', [codeRule.id]);
  }

  const customerKey = customerKeyOf(cart);
  const redemptions: Record<string, { total: number; byCustomer: number }> = {};
  if (codeRule !== null) {
    // This cart's own reservation is left out, or a recompute at the limit would refuse its owner.
    const { rows } = await tx.query<{ total: number; by_customer: number }>(
      `SELECT count(*) AS total, count(*) FILTER (WHERE customer_key = $3) AS by_customer
       FROM redemptions WHERE rule_id = $1 AND status IN ('reserved', 'redeemed') AND cart_id <> $2`,
      [codeRule.id, cart.id, customerKey],
    );
    redemptions[codeRule.id] = { total: rows[0]?.total ?? 0, byCustomer: rows[0]?.by_customer ?? 0 };
  }

  const context: DiscountContext = {
    now: now.getTime(),
    customer: cart.customerId === null ? null : { id: cart.customerId },
    email: cart.email,
    history: { paidOrderCount: await paidOrderCount(tx, cart) },
    redemptions,
    shippingCountry: cart.shipping?.address.country ?? null,
    rules,
  };
  const decision = evaluateDiscounts(
    { currency: cart.currency, lines: orderLinesOf(cart), promotionCode: cart.promotionCode },
    context,
  );
  return { decision, limitedRuleId: limited ? codeRule.id : null };
}

async function holdsReservation(tx: Queryable, cartId: string, ruleId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    "SELECT 1 FROM redemptions WHERE cart_id = $1 AND rule_id = $2 AND status IN ('reserved', 'redeemed')",
    [cartId, ruleId],
  );
  return rowCount > 0;
}

/** Paid orders of the signed-in customer, or for a guest, of the email they gave (first-order rules). */
async function paidOrderCount(db: Queryable, cart: Pick<Cart, 'customerId' | 'email'>): Promise<number> {
  if (cart.customerId !== null) {
    const { rows } = await db.query<{ paid_order_count: number }>(
      'SELECT paid_order_count FROM customers WHERE id = $1',
      [cart.customerId],
    );
    return rows[0]?.paid_order_count ?? 0;
  }
  if (cart.email === null) return 0;
  const { rows } = await db.query<{ count: number }>(
    "SELECT count(*) AS count FROM orders WHERE lower(email) = lower($1) AND status = 'paid'",
    [cart.email.trim()],
  );
  return rows[0]?.count ?? 0;
}

/**
 * Makes the cart's reservations match the decision: a reservation for an applied limited code
 * (kept if it exists), released for anything else.
 */
export async function syncReservations(
  tx: Queryable,
  cart: Pick<Cart, 'id' | 'customerId' | 'email'>,
  decision: DiscountDecision,
  limitedRuleId: string | null,
): Promise<void> {
  const keep =
    limitedRuleId !== null &&
    decision.promotionCode?.status === 'applied' &&
    decision.promotionCode.ruleId === limitedRuleId
      ? limitedRuleId
      : null;
  await tx.query(
    `UPDATE redemptions SET status = 'released', updated_at = now()
     WHERE cart_id = $1 AND status = 'reserved' AND ($2::text IS NULL OR rule_id <> $2)`,
    [cart.id, keep],
  );
  if (keep !== null) {
    // The shopper's identity may have become known since the reservation (a guest typed an email):
    // per-customer limits count by it.
    await tx.query(
      "UPDATE redemptions SET customer_key = $3, updated_at = now() WHERE cart_id = $1 AND rule_id = $2 AND status = 'reserved' AND customer_key IS DISTINCT FROM $3",
      [cart.id, keep, customerKeyOf(cart)],
    );
    await tx.query(
      `INSERT INTO redemptions (id, rule_id, cart_id, customer_key, status)
       SELECT $1, $2, $3, $4, 'reserved'
       WHERE NOT EXISTS (SELECT 1 FROM redemptions WHERE cart_id = $3 AND rule_id = $2 AND status IN ('reserved', 'redeemed'))`,
      [crypto.randomUUID(), keep, cart.id, customerKeyOf(cart)],
    );
  }
}

export async function releaseReservations(tx: Queryable, cartId: string): Promise<void> {
  await tx.query(
    "UPDATE redemptions SET status = 'released', updated_at = now() WHERE cart_id = $1 AND status = 'reserved'",
    [cartId],
  );
}
