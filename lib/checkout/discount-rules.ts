import 'server-only';
import { countOrders, type OrderCounts } from '@/lib/customers/history';
import {
  type DiscountContext,
  type DiscountDecision,
  evaluateDiscounts,
  expiredCodeRefusal,
  findPromotionCodeRule,
  normalizeCode,
  type PromotionCodeRule,
  parseRules,
  pausedCodeRefusal,
  type Rule,
  readsHistory,
} from '@/lib/discounts';
import type { Queryable, StatementPart, Store } from '@/lib/store/types';
import type { Cart } from './cart';
import { orderLinesOf } from './order-lines';
import {
  countRedemptions,
  type RedemptionCount,
  type ReservationLimits,
  readRedemptions,
  renewReservation,
  reservationsOnSave,
  reserveWithinLimits,
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
 * The rules' version (migration 0012: a random value every write of discount_rules replaces in the
 * same transaction), as a scalar subquery: the checkout's lease statement reads it with the cart, so
 * a change whose rules have not changed since this instance last read them reads no rules at all.
 */
export const RULES_VERSION_QUERY = '(SELECT version::text FROM discount_rules_version)';

/**
 * The active rules, checked on every decision (a rule changed in the table applies at the next one).
 * Given the version a statement of this decision already read (RULES_VERSION_QUERY), the rules kept
 * for that version are returned without a statement; otherwise, or when the version moved, the rules
 * and their version are read together (one statement, one snapshot). Parsing and validating them is
 * the costly part, so the last parse is kept, keyed by the rows' exact text; the kept rules are
 * frozen, so nobody can change what the next decision reads.
 */
export async function loadDiscountRules(
  db: Queryable,
  seenVersion?: string | null,
): Promise<readonly Rule[]> {
  if (seenVersion != null && seenVersion === rulesOfVersion?.version) return rulesOfVersion.rules;
  // The LEFT JOIN keeps the version's row when no rule is active.
  const { rows } = await db.query<{ version: string; definition: string | null }>(
    `SELECT v.version::text AS version, r.definition::text AS definition
     FROM discount_rules_version v LEFT JOIN discount_rules r ON r.active ORDER BY r.id`,
  );
  const definitions = rows.flatMap((row) => (row.definition === null ? [] : [row.definition]));
  const key = JSON.stringify(definitions);
  if (parsedRules?.key !== key) {
    parsedRules = { key, rules: deepFreeze(parseRules(definitions.map((text) => JSON.parse(text)))) };
  }
  const version = rows[0]?.version;
  if (version !== undefined) rulesOfVersion = { version, rules: parsedRules.rules };
  return parsedRules.rules;
}

/** The rules last read with their version (one entry: an instance serves one database). */
let rulesOfVersion: { version: string; rules: readonly Rule[] } | null = null;
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

type DecidedCart = Pick<
  Cart,
  'id' | 'currency' | 'items' | 'addOns' | 'promotionCode' | 'customerId' | 'email' | 'shipping'
>;

/** What a decision reads besides the cart and the code's redemptions. */
interface DecisionInputs {
  rules: readonly Rule[];
  history: OrderCounts;
  /** The cart's code's rule, when it has redemption limits (reserved while the cart holds it). */
  limited: PromotionCodeRule | null;
}

/**
 * The active rules and, only when a rule will read them, the shopper's past orders: plain reads
 * that lock nothing, so they need no transaction.
 */
async function readDecisionInputs(
  db: Queryable,
  cart: DecidedCart,
  rulesVersion?: string | null,
): Promise<DecisionInputs> {
  const rules = await loadDiscountRules(db, rulesVersion);
  const history = readsHistory(cart, rules, cart.customerId !== null)
    ? await countOrders(db, cart)
    : { paidOrderCount: 0, placedOrderCount: 0 };
  const codeRule = cart.promotionCode === null ? null : findPromotionCodeRule(rules, cart.promotionCode);
  // First-order codes are reserved like limited ones: one open reservation per email and customer.
  const limited =
    codeRule !== null &&
    (codeRule.maxRedemptions !== undefined ||
      codeRule.maxRedemptionsPerCustomer !== undefined ||
      codeRule.firstOrderOnly === true);
  return { rules, history, limited: limited ? codeRule : null };
}

async function evaluate(
  db: Queryable,
  cart: DecidedCart,
  now: Date,
  inputs: DecisionInputs,
  redemptions: Record<string, RedemptionCount>,
): Promise<DiscountDecision> {
  const context: DiscountContext = {
    now: now.getTime(),
    customer: cart.customerId === null ? null : { id: cart.customerId },
    email: cart.email,
    history: inputs.history,
    redemptions,
    shippingCountry: cart.shipping?.address.country ?? null,
    rules: inputs.rules,
  };
  const decision = evaluateDiscounts(
    { currency: cart.currency, lines: orderLinesOf(cart), promotionCode: cart.promotionCode },
    context,
  );
  return sayWhyInactive(db, decision);
}

/**
 * Evaluates the cart's discounts without reserving anything (a new checkout's first decision): the
 * code's redemptions, if it has limits, are counted as they stand.
 */
export async function decideDiscounts(
  db: Queryable,
  cart: DecidedCart,
  now: Date,
  /** The rules' version a statement of the caller read (RULES_VERSION_QUERY), if it did. */
  rulesVersion?: string | null,
): Promise<DiscountDecision> {
  const inputs = await readDecisionInputs(db, cart, rulesVersion);
  const { limited } = inputs;
  const redemptions =
    limited === null
      ? {}
      : {
          [limited.id]: await countRedemptions(db, limited.id, {
            exceptCartId: cart.id,
            customerKey: customerKeyOf(cart),
          }),
        };
  return evaluate(db, cart, now, inputs, redemptions);
}

/**
 * Looks at each decision before anything is reserved: throws to refuse the change (nothing stays
 * reserved), or answers 'drop_code' to decide again without the cart's code.
 */
export type ReviewDecision = (decision: DiscountDecision) => 'accept' | 'drop_code';

export interface Decided {
  decision: DiscountDecision;
  /** The review dropped the cart's code: the decision is the one without it. */
  codeDropped: boolean;
  /** The limited code's rule whose reservation the cart keeps with this decision, if any. */
  reservedRuleId: string | null;
  /** The rule whose reservation this call newly took, so a change that fails can give it back. */
  newlyReserved: string | null;
}

/**
 * Decides a change's discounts, with as few statements as its code needs. Without a limited code
 * nothing is locked or written: the rules are read outside any transaction (or not at all, when the
 * lease statement read their version and this instance holds those rules). A cart that holds a live
 * reservation of its limited code is within the limit by construction: it reads the counts and, only
 * when the reservation is not fresh (RESERVATION_FRESH_MINUTES), renews it so it cannot lapse while
 * Stripe answers; a fresh one is renewed by the save. A
 * cart taking a new reservation (or whose reservation was taken over since it was read) decides with
 * the counts it read, then reserves with one statement that locks the rule's row, counts again and
 * takes a use only within the limits (reserveWithinLimits), so concurrent checkouts count and
 * reserve one at a time (never more than the limit) and the lock lasts only that statement.
 */
export async function decideAndReserve(
  store: Store,
  cart: DecidedCart,
  now: Date,
  review: ReviewDecision,
  /** The rules' version the change's lease statement read (RULES_VERSION_QUERY), if it did. */
  rulesVersion?: string | null,
): Promise<Decided> {
  const inputs = await readDecisionInputs(store, cart, rulesVersion);
  const { limited } = inputs;
  const reviewed = (db: Queryable, redemptions: Record<string, RedemptionCount>) =>
    decideReviewed(db, cart, now, inputs, redemptions, review);
  if (limited === null) {
    return { ...(await reviewed(store, {})), ...NOTHING_RESERVED };
  }
  const customerKey = customerKeyOf(cart);
  const { held, fresh, ...counted } = await readRedemptions(store, limited.id, {
    cartId: cart.id,
    customerKey,
  });
  if (held) {
    const settled = await reviewed(store, { [limited.id]: counted });
    if (!appliesRule(settled.decision, limited.id)) return { ...settled, ...NOTHING_RESERVED };
    // Fresh: it cannot lapse before the save renews it. If another checkout of the same shopper
    // takes the code over meanwhile, the save finds nothing to renew, as it would after a renewal here.
    if (fresh) return { ...settled, reservedRuleId: limited.id, newlyReserved: null };
    // Renewed only if still there: taken over meanwhile, it is counted again under the lock below.
    if (await renewReservation(store, cart.id, limited.id, customerKey)) {
      return { ...settled, reservedRuleId: limited.id, newlyReserved: null };
    }
  }
  // Decided with the counts read above, without a lock; the reservation itself counts again under
  // the rule's lock and takes a use only within the limits (one statement, reserveWithinLimits).
  const settled = await reviewed(store, { [limited.id]: counted });
  if (!appliesRule(settled.decision, limited.id)) return { ...settled, ...NOTHING_RESERVED };
  const taken = await reserveWithinLimits(
    store,
    cart.id,
    limited.id,
    customerKey,
    reservationLimits(limited),
  );
  if (taken.reserved) return { ...settled, reservedRuleId: limited.id, newlyReserved: limited.id };
  // The last use went to another checkout meanwhile: decided again with the counts under the lock.
  const refused = await reviewed(store, { [limited.id]: taken.counts });
  if (appliesRule(refused.decision, limited.id)) {
    throw new Error(`The discount engine and reserve_redemption disagree on the limits of ${limited.id}`);
  }
  return { ...refused, ...NOTHING_RESERVED };
}

/**
 * What the engine checks against a limited code's counts (lib/discounts, checkPromotionCode), for the
 * reservation to enforce under the lock: uses in all, uses per customer, and for a first-order code
 * none held by the same customer or email.
 */
function reservationLimits(rule: PromotionCodeRule): ReservationLimits {
  const perCustomer = [rule.maxRedemptionsPerCustomer, rule.firstOrderOnly === true ? 1 : undefined].filter(
    (limit): limit is number => limit !== undefined,
  );
  return {
    total: rule.maxRedemptions ?? null,
    byCustomer: perCustomer.length === 0 ? null : Math.min(...perCustomer),
  };
}

async function decideReviewed(
  db: Queryable,
  cart: DecidedCart,
  now: Date,
  inputs: DecisionInputs,
  redemptions: Record<string, RedemptionCount>,
  review: ReviewDecision,
): Promise<{ decision: DiscountDecision; codeDropped: boolean }> {
  const decision = await evaluate(db, cart, now, inputs, redemptions);
  if (review(decision) === 'accept') return { decision, codeDropped: false };
  const withoutCode = await evaluate(db, { ...cart, promotionCode: null }, now, inputs, {});
  if (review(withoutCode) !== 'accept') throw new Error('A decision without a code has no code to drop.');
  return { decision: withoutCode, codeDropped: true };
}

const NOTHING_RESERVED = { reservedRuleId: null, newlyReserved: null } as const;

function appliesRule(decision: DiscountDecision, ruleId: string): boolean {
  return decision.promotionCode?.status === 'applied' && decision.promotionCode.ruleId === ruleId;
}

/**
 * The cart's reservation writes for its save (one statement with it): the reservation of the code it
 * keeps is renewed (or taken), every other one is given back.
 */
export function reservationsToSave(
  cart: Pick<Cart, 'id' | 'customerId' | 'email'>,
  reservedRuleId: string | null,
): StatementPart {
  return reservationsOnSave(
    cart.id,
    reservedRuleId === null ? null : { ruleId: reservedRuleId, customerKey: customerKeyOf(cart) },
  );
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
