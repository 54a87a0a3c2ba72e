import { allocate, assertMinorUnits, type Currency, percentOf } from '@/lib/money';
import { combineDiscountNames } from './coupon-name';
import { findPromotionCodeRule, normalizeCode } from './normalize-code';
import * as refusals from './refusals';
import type {
  AppliedDiscount,
  AutomaticRule,
  DiscountContext,
  DiscountDecision,
  DiscountOrder,
  DiscountValue,
  DisplayName,
  LineSelector,
  OrderLine,
  PromotionCodeOutcome,
  PromotionCodeRule,
  PromotionCodeValue,
  Refusal,
  Rule,
} from './types';

interface PricedLine {
  readonly line: OrderLine;
  readonly amount: number;
}

interface Candidate {
  readonly rule: Rule;
  readonly name: string;
  readonly amount: number;
}

interface Evaluation {
  readonly currency: Currency;
  readonly lines: readonly PricedLine[];
  readonly subtotal: number;
  /** The subtotal after item-level discounts: what order-level discounts and minimums use. */
  readonly orderSubtotal: number;
  readonly context: DiscountContext;
}

type PromotionResult =
  | {
      readonly status: 'valid';
      readonly code: string;
      readonly rule: PromotionCodeRule;
      readonly candidate: Candidate;
    }
  | { readonly status: 'refused'; readonly code: string; readonly refusal: Refusal };

/**
 * Whether evaluating `order` reads `context.history`, so a caller may leave the shopper's past
 * orders unread (zero) when it does not: only loyalty tiers, for a signed-in customer, and a
 * first-order code read them. Keep it in step with the readers of `context.history` below.
 */
export function readsHistory(
  order: Pick<DiscountOrder, 'promotionCode'>,
  rules: readonly Rule[],
  signedIn: boolean,
): boolean {
  if (signedIn && rules.some((rule) => rule.kind === 'loyalty')) return true;
  if (!order.promotionCode) return false;
  return findPromotionCodeRule(rules, order.promotionCode)?.firstOrderOnly === true;
}

/**
 * Decides every discount for an order: the best valid combination for the shopper, computed
 * purely from the order, the rules and the injected context (clock, identity, history, counts).
 *
 * Arithmetic (DESIGN.md "Discounts"): the subtotal is every line, add-ons included. Item-level
 * discounts (a rule with `appliesTo`) come first, on their own lines' amount; every order-level
 * discount is then computed independently on the subtotal after the automatic item-level
 * discounts, and minimums compare against that same reduced subtotal, so a free add-on never
 * lowers a total or unlocks a code. The amounts are summed and capped at the subtotal. Percentages round half-up per discount.
 * Rules are processed in id order, so the result never depends on the order they are stored in.
 */
export function evaluateDiscounts(order: DiscountOrder, context: DiscountContext): DiscountDecision {
  const lines = order.lines.map(priceLine);
  const subtotal = lines.reduce((sum, { amount }) => sum + amount, 0);
  assertMinorUnits(subtotal, 'subtotal');
  const rules = sortRules(context.rules);
  const evaluation = withItemLevelDiscounts(rules, {
    currency: order.currency,
    lines,
    subtotal,
    orderSubtotal: subtotal,
    context,
  });
  const automatic = evaluateAutomaticRules(rules, evaluation);
  const promotion = evaluatePromotionCode(order.promotionCode, rules, evaluation);

  const refused: Refusal[] = [];
  let chosen: readonly Candidate[] = automatic;
  let promotionCode: PromotionCodeOutcome | null = null;

  if (promotion?.status === 'refused') {
    refused.push(promotion.refusal);
    promotionCode = refusedOutcome(promotion.code, promotion.refusal);
  } else if (promotion?.status === 'valid') {
    const { rule } = promotion;
    const exclusive = rule.exclusive === true;
    const codeSaves = Math.min(promotion.candidate.amount, subtotal);
    const automaticSaves = Math.min(sumAmounts(automatic), subtotal);
    if (exclusive && automaticSaves > codeSaves) {
      // An exclusive code that saves less than the automatic discounts would make the shopper pay
      // more for having typed it; keep the automatic discounts and say why the code was not used.
      const refusal = refusals.codeOutweighed(rule.id, promotion.code);
      refused.push(refusal);
      promotionCode = refusedOutcome(promotion.code, refusal);
    } else {
      chosen = exclusive ? [promotion.candidate] : [promotion.candidate, ...automatic];
      if (exclusive) {
        for (const displaced of automatic) {
          refused.push(refusals.automaticDisplaced(displaced.rule.id, displaced.name, promotion.code));
        }
      }
      promotionCode = { code: promotion.code, status: 'applied', ruleId: rule.id };
    }
  }

  const applied = capAtSubtotal(chosen, subtotal);
  const totalDiscount = sumAmounts(applied);
  return {
    currency: order.currency,
    subtotal,
    applied,
    totalDiscount,
    total: subtotal - totalDiscount,
    combined:
      totalDiscount > 0
        ? {
            amountOff: totalDiscount,
            currency: order.currency,
            name: combineDiscountNames(applied.map(({ name }) => name)),
          }
        : null,
    refusals: refused,
    promotionCode,
  };
}

/** Computes the automatic item-level discounts first and reduces the order-level subtotal by them. */
function withItemLevelDiscounts(rules: readonly Rule[], evaluation: Evaluation): Evaluation {
  let itemLevel = 0;
  for (const rule of rules) {
    if (rule.kind === 'promotion_code' || rule.kind === 'threshold' || rule.kind === 'loyalty') continue;
    if (rule.appliesTo === undefined) continue;
    itemLevel += evaluateAutomaticRule(rule, evaluation)?.amount ?? 0;
  }
  return { ...evaluation, orderSubtotal: Math.max(0, evaluation.subtotal - itemLevel) };
}

function priceLine(line: OrderLine, index: number): PricedLine {
  assertMinorUnits(line.unitAmount, `lines[${index}].unitAmount`);
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
    throw new RangeError(`lines[${index}].quantity must be a positive integer, got ${line.quantity}`);
  }
  const amount = line.unitAmount * line.quantity;
  assertMinorUnits(amount, `lines[${index}] amount`);
  return { line, amount };
}

/** Sorts by id and rejects ambiguous configuration: a duplicate id or promotion code. */
function sortRules(rules: readonly Rule[]): Rule[] {
  const sorted = [...rules].sort((a, b) => compareStrings(a.id, b.id));
  const codes = new Set<string>();
  sorted.forEach((rule, index) => {
    if (index > 0 && sorted[index - 1]?.id === rule.id) {
      throw new Error(`Duplicate discount rule id "${rule.id}"`);
    }
    if (rule.kind === 'promotion_code') {
      const code = normalizeCode(rule.code);
      if (codes.has(code)) throw new Error(`Duplicate promotion code "${code}"`);
      codes.add(code);
    }
  });
  return sorted;
}

// Code-unit comparison rather than localeCompare: identical on every machine and locale.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function evaluateAutomaticRules(rules: readonly Rule[], evaluation: Evaluation): Candidate[] {
  const candidates: Candidate[] = [];
  let bestLoyalty: Candidate | null = null;
  for (const rule of rules) {
    if (rule.kind === 'promotion_code') continue;
    const candidate = evaluateAutomaticRule(rule, evaluation);
    if (candidate === null || candidate.amount === 0) continue;
    if (rule.kind === 'loyalty') {
      // Loyalty tiers never stack, not even across two loyalty rules: the best one wins.
      if (bestLoyalty === null || candidate.amount > bestLoyalty.amount) bestLoyalty = candidate;
      continue;
    }
    candidates.push(candidate);
  }
  if (bestLoyalty !== null) candidates.push(bestLoyalty);
  return candidates.sort((a, b) => compareStrings(a.rule.id, b.rule.id));
}

function evaluateAutomaticRule(rule: AutomaticRule, evaluation: Evaluation): Candidate | null {
  const { context, currency, orderSubtotal: subtotal } = evaluation;
  switch (rule.kind) {
    case 'threshold': {
      let best: Candidate | null = null;
      for (const tier of rule.tiers) {
        if (subtotal < tier.minimumSubtotal[currency]) continue;
        const amount = computeAmount(tier.value, subtotal, currency);
        if (best === null || amount > best.amount) {
          best = { rule, name: resolveName(tier.name ?? rule.name, currency), amount };
        }
      }
      return best;
    }
    case 'loyalty': {
      // Only the signed-in identity earns loyalty; an email typed at checkout proves nothing.
      if (!context.customer) return null;
      let best: Candidate | null = null;
      for (const tier of rule.tiers) {
        if (context.history.paidOrderCount < tier.minPaidOrders) continue;
        const amount = percentOf(subtotal, tier.percent);
        if (best === null || amount > best.amount) {
          best = { rule, name: resolveName(tier.name ?? rule.name, currency), amount };
        }
      }
      return best;
    }
    case 'time_window':
      if (!isWithinWindow(context.now, rule.startsAt, rule.endsAt)) return null;
      return itemCandidate(rule, rule.value, rule.appliesTo, evaluation);
    case 'location': {
      const country = context.shippingCountry?.trim().toUpperCase();
      if (!country || !rule.countries.some((listed) => listed.toUpperCase() === country)) return null;
      return itemCandidate(rule, rule.value, rule.appliesTo, evaluation);
    }
    case 'customer_offer': {
      const customerId = context.customer?.id;
      if (customerId === undefined || !rule.customerIds.includes(customerId)) return null;
      return itemCandidate(rule, rule.value, rule.appliesTo, evaluation);
    }
  }
}

function itemCandidate(
  rule: Rule,
  value: DiscountValue,
  appliesTo: LineSelector | undefined,
  evaluation: Evaluation,
): Candidate {
  const base = discountableAmount(evaluation, appliesTo);
  return {
    rule,
    name: resolveName(rule.name, evaluation.currency),
    amount: computeAmount(value, base, evaluation.currency),
  };
}

function evaluatePromotionCode(
  typed: string | null | undefined,
  rules: readonly Rule[],
  evaluation: Evaluation,
): PromotionResult | null {
  const code = normalizeCode(typed ?? '');
  if (code === '') return null;
  const rule = findPromotionCodeRule(rules, code);
  if (rule === null) return { status: 'refused', code, refusal: refusals.unknownCode() };
  const refusal = checkPromotionCode(rule, code, evaluation);
  if (refusal !== null) return { status: 'refused', code, refusal };
  return {
    status: 'valid',
    code,
    rule,
    candidate: {
      rule,
      name: resolveName(rule.name, evaluation.currency),
      amount: computeAmount(rule.value, discountableAmount(evaluation, rule.appliesTo), evaluation.currency),
    },
  };
}

/** The first reason, in a fixed order, why the code cannot be used; null when it can. */
function checkPromotionCode(rule: PromotionCodeRule, code: string, evaluation: Evaluation): Refusal | null {
  const { context, currency, orderSubtotal: subtotal } = evaluation;
  if (rule.startsAt !== undefined && context.now < rule.startsAt) return refusals.notYetValid(rule.id, code);
  if (rule.endsAt !== undefined && context.now >= rule.endsAt) return refusals.expired(rule.id, code);
  if (rule.allowedCustomerIds !== undefined) {
    const customerId = context.customer?.id;
    if (customerId === undefined || !rule.allowedCustomerIds.includes(customerId)) {
      return refusals.notEligible(rule.id, code);
    }
  }
  const counts = context.redemptions[rule.id];
  if (rule.firstOrderOnly === true) {
    // Fail closed: a guest the server knows no email of cannot be checked for a first order.
    const known = (context.customer ?? null) !== null || (context.email ?? null) !== null;
    if (!known) return refusals.firstOrderUnknownShopper(rule.id, code);
    // A first-order code held (or redeemed) by another cart of the same customer or email counts as
    // that first order: two sessions cannot both use it.
    // A refunded order still happened: `placedOrderCount` keeps counting it.
    const placed = context.history.placedOrderCount ?? context.history.paidOrderCount;
    if (placed > 0 || (counts?.byCustomer ?? 0) > 0) {
      return refusals.firstOrderOnly(rule.id, code);
    }
  }
  if (rule.maxRedemptions !== undefined && (counts?.total ?? 0) >= rule.maxRedemptions) {
    return refusals.limitReached(rule.id, code);
  }
  if (
    rule.maxRedemptionsPerCustomer !== undefined &&
    (counts?.byCustomer ?? 0) >= rule.maxRedemptionsPerCustomer
  ) {
    return refusals.customerLimitReached(rule.id, code);
  }
  if (rule.appliesTo !== undefined && !evaluation.lines.some(({ line }) => matches(rule.appliesTo, line))) {
    return refusals.notApplicable(rule.id, code);
  }
  if (!offeredIn(rule, currency)) return refusals.notApplicable(rule.id, code);
  const minimum = rule.minimumSubtotal?.[currency];
  if (minimum !== undefined && subtotal < minimum) {
    return refusals.minimumNotMet(rule.id, code, minimum, subtotal, currency);
  }
  return null;
}

/**
 * A code whose amount off or minimum is given for some currencies only is not offered in the
 * others (a merchant who set "minimum 50.00 USD" said nothing about yen orders).
 */
function offeredIn(rule: PromotionCodeRule, currency: Currency): boolean {
  if (rule.value.type === 'amount_off' && rule.value.amountOff[currency] === undefined) return false;
  return rule.minimumSubtotal === undefined || rule.minimumSubtotal[currency] !== undefined;
}

function isWithinWindow(now: number, startsAt: number, endsAt: number): boolean {
  return startsAt <= now && now < endsAt;
}

function discountableAmount(evaluation: Evaluation, appliesTo: LineSelector | undefined): number {
  if (appliesTo === undefined) return evaluation.orderSubtotal;
  return evaluation.lines
    .filter(({ line }) => matches(appliesTo, line))
    .reduce((sum, { amount }) => sum + amount, 0);
}

function matches(selector: LineSelector | undefined, line: OrderLine): boolean {
  if (selector === undefined) return true;
  const ids = line.kind === 'product' ? selector.productIds : selector.addOnIds;
  return ids?.includes(line.id) ?? false;
}

/** A single discount never exceeds the amount it is computed on. */
function computeAmount(value: DiscountValue | PromotionCodeValue, base: number, currency: Currency): number {
  if (value.type === 'percent') return percentOf(base, value.percent);
  // Codes are refused in a currency they give nothing in (offeredIn), before they get here.
  const amountOff = value.amountOff[currency] ?? 0;
  assertMinorUnits(amountOff, 'amountOff');
  return Math.min(amountOff, base);
}

function resolveName(name: DisplayName, currency: Currency): string {
  return typeof name === 'string' ? name : name[currency];
}

/**
 * When the discounts add up to more than the subtotal, the subtotal is shared among them in
 * proportion to their amounts (largest remainder), so the breakdown still sums to the total
 * discount. Automatic discounts left at zero are dropped; a valid code stays listed.
 */
function capAtSubtotal(chosen: readonly Candidate[], subtotal: number): AppliedDiscount[] {
  const raw = chosen.map(({ amount }) => amount);
  const amounts = sumAmounts(chosen) > subtotal ? allocate(subtotal, raw) : raw;
  return chosen
    .map(({ rule, name }, index) => ({ ruleId: rule.id, kind: rule.kind, name, amount: amounts[index] ?? 0 }))
    .filter(({ kind, amount }) => kind === 'promotion_code' || amount > 0);
}

function sumAmounts(items: readonly { readonly amount: number }[]): number {
  return items.reduce((sum, { amount }) => sum + amount, 0);
}

function refusedOutcome(code: string, refusal: Refusal): PromotionCodeOutcome {
  return { code, status: 'refused', ruleId: refusal.ruleId, refusal };
}
