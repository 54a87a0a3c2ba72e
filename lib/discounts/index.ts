export { combineDiscountNames, STRIPE_COUPON_NAME_MAX_LENGTH } from './coupon-name';
export { DEMO_RULES } from './demo-rules';
export { evaluateDiscounts, readsHistory } from './evaluate-discounts';
export { findPromotionCodeRule, normalizeCode } from './normalize-code';
export { expired as expiredCodeRefusal, paused as pausedCodeRefusal } from './refusals';
export { parseRules, ruleSchema } from './rule-schema';
export type {
  AppliedDiscount,
  AutomaticRule,
  CombinedDiscount,
  CustomerOfferRule,
  DiscountContext,
  DiscountDecision,
  DiscountOrder,
  DiscountValue,
  DisplayName,
  EpochMs,
  LineSelector,
  LocationRule,
  LoyaltyRule,
  LoyaltyTier,
  OrderLine,
  PerCurrency,
  PromotionCodeOutcome,
  PromotionCodeRule,
  PromotionCodeValue,
  RedemptionCounts,
  Refusal,
  RefusalCode,
  Rule,
  RuleKind,
  ThresholdRule,
  ThresholdTier,
  TimeWindowRule,
} from './types';
