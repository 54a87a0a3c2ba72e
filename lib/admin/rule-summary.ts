import type { DiscountValue, PromotionCodeValue, Rule } from '@/lib/discounts';
import { CURRENCIES, type Currency, formatMoney } from '@/lib/money';

/** What the rules table says about a rule, in English (the back office is English only). */

/** How the back office names a rule's status. */
export const RULE_STATUS_LABEL = { active: 'Active', paused: 'Paused', ended: 'Ended' } as const;

export function ruleLabel(rule: Rule): string {
  if (rule.kind === 'promotion_code') return rule.code;
  return typeof rule.name === 'string' ? rule.name : rule.name.usd;
}

export function ruleKindLabel(rule: Rule): string {
  return rule.kind === 'promotion_code' ? 'Code' : 'Automatic';
}

function amounts(values: Partial<Record<Currency, number>>): string {
  return CURRENCIES.flatMap((currency) => {
    const value = values[currency];
    return value === undefined ? [] : [formatMoney(value, currency)];
  }).join(' / ');
}

function valueText(value: DiscountValue | PromotionCodeValue): string {
  return value.type === 'percent' ? `${value.percent} % off` : `${amounts(value.amountOff)} off`;
}

/** What the rule gives. */
export function describeValue(rule: Rule): string {
  switch (rule.kind) {
    case 'threshold':
      return rule.tiers
        .map((tier) => `${valueText(tier.value)} from ${amounts(tier.minimumSubtotal)}`)
        .join('; ');
    case 'loyalty':
      return rule.tiers
        .map((tier) => `${tier.percent} % off from ${tier.minPaidOrders} paid orders`)
        .join('; ');
    default:
      return valueText(rule.value);
  }
}

/** Who and what the rule is limited to. */
export function describeConditions(rule: Rule): string[] {
  const conditions: string[] = [];
  if ('appliesTo' in rule && rule.appliesTo !== undefined) {
    const ids = [...(rule.appliesTo.productIds ?? []), ...(rule.appliesTo.addOnIds ?? [])];
    conditions.push(`Only on ${ids.join(', ')}`);
  }
  switch (rule.kind) {
    case 'promotion_code':
      if (rule.minimumSubtotal !== undefined)
        conditions.push(`Minimum subtotal ${amounts(rule.minimumSubtotal)}`);
      if (rule.firstOrderOnly === true) conditions.push('First order only');
      if (rule.allowedCustomerIds !== undefined)
        conditions.push(`Customers: ${rule.allowedCustomerIds.join(', ')}`);
      if (rule.maxRedemptionsPerCustomer !== undefined) {
        conditions.push(`At most ${rule.maxRedemptionsPerCustomer} per customer`);
      }
      if (rule.exclusive === true) conditions.push('Exclusive: not combined with automatic discounts');
      break;
    case 'loyalty':
      conditions.push('Signed-in customers, by paid orders');
      break;
    case 'location':
      conditions.push(`Shipping to ${rule.countries.join(', ')}`);
      break;
    case 'customer_offer':
      conditions.push(`Customers: ${rule.customerIds.join(', ')}`);
      break;
    default:
      break;
  }
  return conditions;
}

function utc(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** When the rule is valid: "Always", "From ...", "Until ...", "From ... until ...". */
export function describeWindow(rule: Rule): string {
  const startsAt = 'startsAt' in rule ? rule.startsAt : undefined;
  const endsAt = 'endsAt' in rule ? rule.endsAt : undefined;
  if (startsAt === undefined && endsAt === undefined) return 'Always';
  if (endsAt === undefined) return `From ${utc(startsAt as number)}`;
  if (startsAt === undefined) return `Until ${utc(endsAt)}`;
  return `From ${utc(startsAt)} until ${utc(endsAt)}`;
}

export function ruleLimit(rule: Rule): number | null {
  return rule.kind === 'promotion_code' ? (rule.maxRedemptions ?? null) : null;
}
