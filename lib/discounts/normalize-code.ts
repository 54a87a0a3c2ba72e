import type { PromotionCodeRule, Rule } from './types';

/** Codes match case-insensitively after trimming: "  save20 " is SAVE20, and refusals quote it so. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

/** The promotion code rule a typed code names, or null when no rule has that code. */
export function findPromotionCodeRule(rules: readonly Rule[], typed: string): PromotionCodeRule | null {
  const code = normalizeCode(typed);
  return (
    rules.find(
      (rule): rule is PromotionCodeRule =>
        rule.kind === 'promotion_code' && normalizeCode(rule.code) === code,
    ) ?? null
  );
}
