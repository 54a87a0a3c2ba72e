import 'server-only';
import { countOrders } from '@/lib/customers/history';
import {
  type DiscountContext,
  type DiscountDecision,
  evaluateDiscounts,
  expiredCodeRefusal,
  findPromotionCodeRule,
  normalizeCode,
  parseRules,
  pausedCodeRefusal,
  type Rule,
} from '@/lib/discounts';
import type { Queryable } from '@/lib/store/types';
import type { Cart } from './cart';
import { orderLinesOf } from './order-lines';
import {
  countRedemptions,
  holdsReservation,
  keepOnlyReservation,
  releaseReservations,
  releaseSiblingReservations,
  reserveRedemption,
} from './redemptions';

/**
 * The glue between the pure discount engine and the database: rules are rows (so limits can be
 * locked and counted); history comes from lib/customers, redemption counts from ./redemptions.
 */

export async function seedDiscountRules(db: Queryable, rules: readonly Rule[]): Promise<void> {
  for (const rule of rules) {
    await db.query(
      'INSERT INTO discount_rules (id, definition) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
      [rule.id, rule],
    );
  }
}

/**
 * The active rules, read on every decision (a rule changed in the table applies at once). Parsing
 * and validating them is the costly part, so the last parse is kept, keyed by the rows' exact text;
 * the kept rules are frozen, so nobody can change what the next decision reads.
 */
export async function loadDiscountRules(db: Queryable): Promise<readonly Rule[]> {
  const { rows } = await db.query<{ definition: string }>(
    'SELECT definition::text AS definition FROM discount_rules WHERE active ORDER BY id',
  );
  const key = JSON.stringify(rows.map((row) => row.definition));
  if (parsedRules?.key !== key) {
    parsedRules = { key, rules: deepFreeze(parseRules(rows.map((row) => JSON.parse(row.definition)))) };
  }
  return parsedRules.rules;
}

let parsedRules: { key: string; rules: readonly Rule[] } | null = null;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function customerKeyOf(cart: Pick<Cart, 'customerId' | 'email'>): string | null {
  if (cart.customerId !== null) return `customer:${cart.customerId}`;
  if (cart.email !== null) return `email:${cart.email.trim().toLowerCase()}`;
  return null;
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
): Promise<Decided> {
  const rules = await loadDiscountRules(tx);
  const codeRule = cart.promotionCode === null ? null : findPromotionCodeRule(rules, cart.promotionCode);
  // First-order codes are reserved like limited ones: one open reservation per email and customer.
  const limited =
    codeRule !== null &&
    (codeRule.maxRedemptions !== undefined ||
      codeRule.maxRedemptionsPerCustomer !== undefined ||
      codeRule.firstOrderOnly === true);
  // A cart that already holds a reservation for the code is within the limit by construction, so
  // only a cart taking a new one queues on the rule's row. The lock is held until the end of this
  // short transaction, which reserves before it commits (reserveDecided): never across Stripe.
  const held = limited ? await holdsReservation(tx, cart.id, codeRule.id) : false;
  if (limited && !held) {
    await tx.query('SELECT id FROM discount_rules WHERE id = $1 FOR UPDATE', [codeRule.id]);
  }

  const customerKey = customerKeyOf(cart);
  const redemptions: Record<string, { total: number; byCustomer: number }> = {};
  if (codeRule !== null) {
    redemptions[codeRule.id] = await countRedemptions(tx, codeRule.id, {
      exceptCartId: cart.id,
      customerKey,
    });
  }

  const context: DiscountContext = {
    now: now.getTime(),
    customer: cart.customerId === null ? null : { id: cart.customerId },
    email: cart.email,
    history: await countOrders(tx, cart),
    redemptions,
    shippingCountry: cart.shipping?.address.country ?? null,
    rules,
  };
  const decision = evaluateDiscounts(
    { currency: cart.currency, lines: orderLinesOf(cart), promotionCode: cart.promotionCode },
    context,
  );
  return { decision: await sayWhyInactive(tx, decision), limitedRuleId: limited ? codeRule.id : null, held };
}

/**
 * The engine sees only active rules, so a code the merchant paused or ended reads as unknown to it.
 * The shopper is told the reason instead: paused ("not available at the moment") or ended ("has
 * expired"). Only a refusal of an unknown code costs this one extra query.
 */
async function sayWhyInactive(tx: Queryable, decision: DiscountDecision): Promise<DiscountDecision> {
  const outcome = decision.promotionCode;
  if (outcome?.status !== 'refused' || outcome.refusal.code !== 'unknown_code') return decision;
  const code = normalizeCode(outcome.code);
  const { rows } = await tx.query<{ id: string; ended: boolean }>(
    `SELECT id, ended_at IS NOT NULL AS ended FROM discount_rules
     WHERE NOT active AND upper(btrim(definition->>'code')) = $1
     ORDER BY ended_at DESC NULLS FIRST, updated_at DESC LIMIT 1`,
    [code],
  );
  const rule = rows[0];
  if (rule === undefined) return decision;
  const refusal = rule.ended ? expiredCodeRefusal(rule.id, code) : pausedCodeRefusal(rule.id, code);
  return { ...decision, promotionCode: { ...outcome, ruleId: rule.id, refusal } };
}

export interface Decided {
  decision: DiscountDecision;
  limitedRuleId: string | null;
  /** Whether the cart already held a live reservation of the limited code when it was decided. */
  held: boolean;
}

/**
 * Reserves the decided limited code for the cart before its session is pushed to Stripe, in the
 * transaction that counted (and locked the rule's row): the count stays exact while the Stripe call
 * runs outside any transaction. Returns the rule whose reservation this call newly took, so a push
 * that fails can give it back; other reservations are left for syncReservations after the save.
 */
export async function reserveDecided(
  tx: Queryable,
  cart: Pick<Cart, 'id' | 'customerId' | 'email'>,
  { decision, limitedRuleId, held }: Decided,
): Promise<string | null> {
  if (
    limitedRuleId === null ||
    decision.promotionCode?.status !== 'applied' ||
    decision.promotionCode.ruleId !== limitedRuleId
  ) {
    return null;
  }
  // `held` was read in this transaction, under the rule's lock when it was false.
  await reserveRedemption(tx, cart.id, limitedRuleId, customerKeyOf(cart));
  if (!held) await releaseSiblingReservations(tx, cart.id, limitedRuleId, customerKeyOf(cart));
  return held ? null : limitedRuleId;
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
  if (keep === null) await releaseReservations(tx, cart.id);
  else await keepOnlyReservation(tx, cart.id, keep, customerKeyOf(cart));
}

/** A rule as the back office sees it: its stored definition and where it stands. */
export interface StoredRule {
  id: string;
  /** As stored; the back office re-validates it before showing or changing it. */
  definition: unknown;
  status: 'active' | 'paused' | 'ended';
  createdAt: Date;
  updatedAt: Date;
}

interface StoredRuleRow extends Record<string, unknown> {
  id: string;
  definition: unknown;
  active: boolean;
  ended_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const STORED_RULE_COLUMNS = 'id, definition, active, ended_at, created_at, updated_at';

function toStoredRule(row: StoredRuleRow): StoredRule {
  const status = row.ended_at !== null ? 'ended' : row.active ? 'active' : 'paused';
  return {
    id: row.id,
    definition: row.definition,
    status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Every rule, paused and ended ones included, oldest first. */
export async function listStoredRules(db: Queryable): Promise<StoredRule[]> {
  const { rows } = await db.query<StoredRuleRow>(
    `SELECT ${STORED_RULE_COLUMNS} FROM discount_rules ORDER BY created_at, id`,
  );
  return rows.map(toStoredRule);
}

/**
 * One rule, its row locked: checkouts taking a reservation of the rule lock the same row
 * (decideDiscounts), so a change decided under this lock sees every reservation counted.
 */
export async function lockStoredRule(tx: Queryable, id: string): Promise<StoredRule | null> {
  const { rows } = await tx.query<StoredRuleRow>(
    `SELECT ${STORED_RULE_COLUMNS} FROM discount_rules WHERE id = $1 FOR UPDATE`,
    [id],
  );
  const row = rows[0];
  return row === undefined ? null : toStoredRule(row);
}

/**
 * Back-office changes queue behind each other (a transaction-scoped advisory lock), so the check
 * that the active rules still parse together (no two active rules with one code) sees every
 * earlier change. Checkouts do not take this lock.
 */
export async function serializeRuleChanges(tx: Queryable): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('discount_rules:changes'))");
}

/** The active rules' definitions, as the engine would load them, with one rule replaced or added. */
export async function activeRulesWith(
  tx: Queryable,
  rule: Rule | null,
  exceptId: string,
): Promise<unknown[]> {
  const { rows } = await tx.query<{ definition: unknown }>(
    'SELECT definition FROM discount_rules WHERE active AND id <> $1 ORDER BY id',
    [exceptId],
  );
  return [...rows.map((row) => row.definition), ...(rule === null ? [] : [rule])];
}

export async function insertRule(tx: Queryable, rule: Rule): Promise<void> {
  await tx.query('INSERT INTO discount_rules (id, definition) VALUES ($1, $2)', [rule.id, rule]);
}

export async function updateRuleDefinition(tx: Queryable, rule: Rule): Promise<void> {
  await tx.query('UPDATE discount_rules SET definition = $2, updated_at = now() WHERE id = $1', [
    rule.id,
    rule,
  ]);
}

/** Pauses (false) or resumes (true) a rule that has not ended. */
export async function setRuleActive(tx: Queryable, id: string, active: boolean): Promise<void> {
  await tx.query(
    'UPDATE discount_rules SET active = $2, updated_at = now() WHERE id = $1 AND ended_at IS NULL',
    [id, active],
  );
}

/** Ends a rule for good: it stays for its history but is never offered again. */
export async function endRule(tx: Queryable, id: string, at: Date): Promise<void> {
  await tx.query(
    'UPDATE discount_rules SET active = false, ended_at = $2, updated_at = now() WHERE id = $1 AND ended_at IS NULL',
    [id, at],
  );
}
