import type { Rule } from '@/lib/discounts';

export interface LoyaltyTierInfo {
  percent: number;
  name: string;
}

/**
 * The loyalty tier a paid-order count earns under the merchant's rules: the best tier of all
 * loyalty rules, as the discount engine applies it (never two). Null below the first tier.
 */
export function loyaltyTierFor(rules: readonly Rule[], paidOrderCount: number): LoyaltyTierInfo | null {
  let best: LoyaltyTierInfo | null = null;
  for (const rule of rules) {
    if (rule.kind !== 'loyalty') continue;
    for (const tier of rule.tiers) {
      if (tier.minPaidOrders > paidOrderCount || (best !== null && tier.percent <= best.percent)) continue;
      const name = tier.name ?? rule.name;
      // A per-currency name cannot be shown outside an order; the percentage says the same.
      best = {
        percent: tier.percent,
        name: typeof name === 'string' ? name : `Loyalty ${tier.percent}% off`,
      };
    }
  }
  return best;
}
