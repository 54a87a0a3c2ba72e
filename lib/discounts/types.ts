import type { Currency } from '@/lib/money';

/**
 * Instants are epoch milliseconds (what `Date.now()` and `Date.UTC()` return), for rule windows
 * and the injected clock alike. Windows are half-open: valid from `startsAt` inclusive until
 * `endsAt` exclusive, so a window ending on 2024-06-01T00:00Z covers all of 31 May.
 */
export type EpochMs = number;

/** An amount in minor units for every currency the store sells in. */
export type PerCurrency<T = number> = Readonly<Record<Currency, T>>;

/** A display name, either fixed or per currency ("Spend $100, save $10" / "Spend ¥15,000, save ¥1,500"). */
export type DisplayName = string | PerCurrency<string>;

export type DiscountValue =
  | { readonly type: 'percent'; readonly percent: number }
  | { readonly type: 'amount_off'; readonly amountOff: PerCurrency };

/**
 * Restricts a discount to some lines (Stripe's `applies_to`). A line matches when its id is listed
 * for its kind; the discount is then computed on the matching lines' amount only.
 */
export interface LineSelector {
  readonly productIds?: readonly string[];
  readonly addOnIds?: readonly string[];
}

interface RuleBase {
  /** Stable id: the key for redemption counts and the evaluation order. */
  readonly id: string;
  readonly name: DisplayName;
}

/** Amounts for some currencies; a currency left out is not offered what the amounts belong to. */
export type SomePerCurrency = Readonly<Partial<Record<Currency, number>>>;

/** A code's value: an amount off may be given in some currencies only. */
export type PromotionCodeValue =
  | { readonly type: 'percent'; readonly percent: number }
  | { readonly type: 'amount_off'; readonly amountOff: SomePerCurrency };

export interface PromotionCodeRule extends RuleBase {
  readonly kind: 'promotion_code';
  /** Matched case-insensitively after trimming. */
  readonly code: string;
  /** Without an amount off in the order's currency the code does not apply to the order. */
  readonly value: PromotionCodeValue;
  readonly appliesTo?: LineSelector;
  /**
   * Compared with the whole order's subtotal, even when `appliesTo` narrows the discount. A minimum
   * given in some currencies only means the code is not offered in the others.
   */
  readonly minimumSubtotal?: SomePerCurrency;
  /** Only when the shopper's identity (customer or email) has no paid order. */
  readonly firstOrderOnly?: boolean;
  /** Only for these signed-in customers; a typed email never qualifies. */
  readonly allowedCustomerIds?: readonly string[];
  readonly startsAt?: EpochMs;
  readonly endsAt?: EpochMs;
  readonly maxRedemptions?: number;
  readonly maxRedemptionsPerCustomer?: number;
  /**
   * Does not combine with automatic discounts: the shopper gets either the code alone or the
   * automatic discounts alone, whichever saves more (the code on a tie).
   */
  readonly exclusive?: boolean;
}

export interface ThresholdTier {
  readonly minimumSubtotal: PerCurrency;
  readonly value: DiscountValue;
  /** Defaults to the rule's name. */
  readonly name?: DisplayName;
}

/** Cart-value tiers; only the best reached tier applies. */
export interface ThresholdRule extends RuleBase {
  readonly kind: 'threshold';
  readonly tiers: readonly ThresholdTier[];
}

export interface LoyaltyTier {
  readonly minPaidOrders: number;
  readonly percent: number;
  /** Defaults to the rule's name. */
  readonly name?: DisplayName;
}

/** Signed-in customers only; the best tier of all loyalty rules applies, never two. */
export interface LoyaltyRule extends RuleBase {
  readonly kind: 'loyalty';
  readonly tiers: readonly LoyaltyTier[];
}

export interface TimeWindowRule extends RuleBase {
  readonly kind: 'time_window';
  readonly value: DiscountValue;
  readonly startsAt: EpochMs;
  readonly endsAt: EpochMs;
  readonly appliesTo?: LineSelector;
}

/** By shipping country, e.g. JP -> 100 % off the `express_shipping` add-on line. */
export interface LocationRule extends RuleBase {
  readonly kind: 'location';
  /** ISO 3166-1 alpha-2 codes, compared case-insensitively. */
  readonly countries: readonly string[];
  readonly value: DiscountValue;
  readonly appliesTo?: LineSelector;
}

export interface CustomerOfferRule extends RuleBase {
  readonly kind: 'customer_offer';
  readonly customerIds: readonly string[];
  readonly value: DiscountValue;
  readonly appliesTo?: LineSelector;
}

export type AutomaticRule = ThresholdRule | LoyaltyRule | TimeWindowRule | LocationRule | CustomerOfferRule;

export type Rule = PromotionCodeRule | AutomaticRule;

export type RuleKind = Rule['kind'];

export interface OrderLine {
  /** Product id or add-on id. */
  readonly id: string;
  readonly kind: 'product' | 'add_on';
  readonly unitAmount: number;
  readonly quantity: number;
}

export interface DiscountOrder {
  readonly currency: Currency;
  readonly lines: readonly OrderLine[];
  /** As the shopper typed it; blank means no code. */
  readonly promotionCode?: string | null;
}

export interface RedemptionCounts {
  /** Reserved + redeemed by everyone. */
  readonly total: number;
  /** Reserved + redeemed by this shopper's identity (customer id, else email). */
  readonly byCustomer: number;
}

export interface DiscountContext {
  readonly now: EpochMs;
  /** The signed-in customer ("Shopping as"); null for a guest. */
  readonly customer?: { readonly id: string } | null;
  /** Informational: the store already folds the email into `history` and `redemptions`. */
  readonly email?: string | null;
  /**
   * For the signed-in customer, else for the guest's email (0 when neither is known).
   * `paidOrderCount` (loyalty tiers) leaves out fully refunded orders; `placedOrderCount`
   * (first-order rules) counts every order that was paid, refunded or not, and defaults to
   * `paidOrderCount`.
   */
  readonly history: { readonly paidOrderCount: number; readonly placedOrderCount?: number };
  /**
   * Counts per rule id. They must not include this checkout's own reservation, or a recompute
   * would count the shopper against themselves at the limit.
   */
  readonly redemptions: Readonly<Record<string, RedemptionCounts>>;
  readonly shippingCountry?: string | null;
  readonly rules: readonly Rule[];
}

export interface AppliedDiscount {
  readonly ruleId: string;
  readonly kind: RuleKind;
  readonly name: string;
  readonly amount: number;
}

export type RefusalCode =
  | 'unknown_code'
  | 'expired'
  | 'not_yet_valid'
  | 'not_eligible'
  | 'first_order_only'
  | 'minimum_not_met'
  | 'limit_reached'
  | 'not_applicable'
  | 'not_combinable'
  | 'paused';

/**
 * What a refusal says, as data: each kind has one sentence per language (messages/*.ts,
 * `server.refusals`), filled with these values. Amounts stay minor units until rendered.
 */
export type RefusalReason =
  | { readonly kind: 'unknown_code' }
  | {
      readonly kind:
        | 'expired'
        | 'paused'
        | 'not_yet_valid'
        | 'not_eligible'
        | 'first_order_only'
        | 'first_order_email_needed'
        | 'limit_reached'
        | 'customer_limit_reached'
        | 'not_applicable'
        | 'code_outweighed';
      readonly code: string;
    }
  | {
      readonly kind: 'minimum_not_met';
      readonly code: string;
      readonly minimum: number;
      readonly missing: number;
      readonly currency: Currency;
    }
  | { readonly kind: 'automatic_displaced'; readonly code: string; readonly ruleName: string };

export interface Refusal {
  /** Null only for an unknown code. */
  readonly ruleId: string | null;
  readonly code: RefusalCode;
  /** The English sentence (kept for logs and clients that read no locale). */
  readonly message: string;
  /** The same sentence as data, for rendering in the shopper's language (lib/i18n). */
  readonly reason: RefusalReason;
}

export type PromotionCodeOutcome =
  | { readonly code: string; readonly status: 'applied'; readonly ruleId: string }
  | {
      readonly code: string;
      readonly status: 'refused';
      readonly ruleId: string | null;
      readonly refusal: Refusal;
    };

/** The single amount-off coupon for Stripe (`coupon_data`), or null to clear discounts. */
export interface CombinedDiscount {
  readonly amountOff: number;
  readonly currency: Currency;
  readonly name: string;
}

export interface DiscountDecision {
  readonly currency: Currency;
  /** All lines, add-ons included, before any discount. */
  readonly subtotal: number;
  /** Promotion code first, then automatic discounts by rule id; sums to `totalDiscount`. */
  readonly applied: readonly AppliedDiscount[];
  readonly totalDiscount: number;
  readonly total: number;
  readonly combined: CombinedDiscount | null;
  readonly refusals: readonly Refusal[];
  /** Null when the order carries no (non-blank) code. */
  readonly promotionCode: PromotionCodeOutcome | null;
}
