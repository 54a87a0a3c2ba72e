import { z } from 'zod';
import { normalizeCode } from './normalize-code';
import type { Rule } from './types';

// Rules are merchant-edited data stored as JSON; this schema is the gate they pass before the
// engine trusts them, so a typo fails loudly at load time instead of mis-pricing an order.

const minorUnits = z.int().min(0);

const perCurrencyAmount = z.strictObject({ usd: minorUnits, jpy: minorUnits });

// A promotion code may be offered in some currencies only: a currency without its amount off or
// minimum is not offered the code (the engine refuses it there as not applicable).
const somePerCurrencyAmount = z
  .strictObject({ usd: minorUnits.optional(), jpy: minorUnits.optional() })
  .refine((amounts) => amounts.usd !== undefined || amounts.jpy !== undefined, {
    message: 'Give an amount in at least one currency',
  });

const displayName = z.union([
  z.string().trim().min(1),
  z.strictObject({ usd: z.string().trim().min(1), jpy: z.string().trim().min(1) }),
]);

const percent = z
  .number()
  .min(0)
  .max(100)
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) <= 1e-6, {
    message: 'A percentage may have at most two decimals',
  });

const discountValue = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('percent'), percent }),
  z.strictObject({ type: z.literal('amount_off'), amountOff: perCurrencyAmount }),
]);

const lineSelector = z
  .strictObject({
    productIds: z.array(z.string().min(1)).optional(),
    addOnIds: z.array(z.string().min(1)).optional(),
  })
  .refine((selector) => (selector.productIds?.length ?? 0) + (selector.addOnIds?.length ?? 0) > 0, {
    message: 'appliesTo must name at least one product or add-on',
  });

const epochMs = z.int().min(0);
const count = z.int().min(0);

// Ids key the redemption counts, so they are checked rather than trimmed into something else.
const ruleId = z
  .string()
  .min(1)
  .refine((id) => id === id.trim(), { message: 'A rule id may not start or end with spaces' });

const base = { id: ruleId, name: displayName };

const windowIsOrdered = (rule: { startsAt?: number | undefined; endsAt?: number | undefined }) =>
  rule.startsAt === undefined || rule.endsAt === undefined || rule.startsAt < rule.endsAt;
const windowMessage = { message: 'startsAt must be before endsAt', path: ['endsAt'] };

const promotionCodeValue = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('percent'), percent }),
  z.strictObject({ type: z.literal('amount_off'), amountOff: somePerCurrencyAmount }),
]);

const promotionCodeRule = z
  .strictObject({
    id: ruleId,
    // Defaults to the code: most merchants name a code by itself.
    name: displayName.optional(),
    kind: z.literal('promotion_code'),
    code: z.string().trim().min(1),
    value: promotionCodeValue,
    appliesTo: lineSelector.optional(),
    minimumSubtotal: somePerCurrencyAmount.optional(),
    firstOrderOnly: z.boolean().optional(),
    allowedCustomerIds: z.array(z.string().min(1)).optional(),
    startsAt: epochMs.optional(),
    endsAt: epochMs.optional(),
    maxRedemptions: count.optional(),
    maxRedemptionsPerCustomer: count.optional(),
    exclusive: z.boolean().optional(),
  })
  .refine(windowIsOrdered, windowMessage)
  .transform(({ name, ...rule }) => ({ ...rule, name: name ?? rule.code }));

const thresholdRule = z.strictObject({
  ...base,
  kind: z.literal('threshold'),
  tiers: z
    .array(
      z.strictObject({
        minimumSubtotal: perCurrencyAmount,
        value: discountValue,
        name: displayName.optional(),
      }),
    )
    .min(1),
});

const loyaltyRule = z.strictObject({
  ...base,
  kind: z.literal('loyalty'),
  tiers: z.array(z.strictObject({ minPaidOrders: count, percent, name: displayName.optional() })).min(1),
});

const timeWindowRule = z
  .strictObject({
    ...base,
    kind: z.literal('time_window'),
    value: discountValue,
    startsAt: epochMs,
    endsAt: epochMs,
    appliesTo: lineSelector.optional(),
  })
  .refine(windowIsOrdered, windowMessage);

const locationRule = z.strictObject({
  ...base,
  kind: z.literal('location'),
  countries: z.array(z.string().regex(/^[A-Za-z]{2}$/, 'Use ISO 3166-1 alpha-2 country codes')).min(1),
  value: discountValue,
  appliesTo: lineSelector.optional(),
});

const customerOfferRule = z.strictObject({
  ...base,
  kind: z.literal('customer_offer'),
  customerIds: z.array(z.string().min(1)).min(1),
  value: discountValue,
  appliesTo: lineSelector.optional(),
});

export const ruleSchema = z.discriminatedUnion('kind', [
  promotionCodeRule,
  thresholdRule,
  loyaltyRule,
  timeWindowRule,
  locationRule,
  customerOfferRule,
]);

const rulesSchema = z.array(ruleSchema).superRefine((rules, context) => {
  const ids = new Set<string>();
  const codes = new Set<string>();
  rules.forEach((rule, index) => {
    if (ids.has(rule.id)) {
      context.addIssue({ code: 'custom', message: `Duplicate rule id "${rule.id}"`, path: [index, 'id'] });
    }
    ids.add(rule.id);
    if (rule.kind !== 'promotion_code') return;
    const code = normalizeCode(rule.code);
    if (codes.has(code)) {
      context.addIssue({
        code: 'custom',
        message: `Duplicate promotion code "${code}"`,
        path: [index, 'code'],
      });
    }
    codes.add(code);
  });
});

/** Validates stored rule data; the error lists every offending field by its path. */
export function parseRules(input: unknown): Rule[] {
  const result = rulesSchema.safeParse(input);
  if (!result.success) {
    throw new Error(`Invalid discount rules:\n${z.prettifyError(result.error)}`, { cause: result.error });
  }
  return result.data;
}
