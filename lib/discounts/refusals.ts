import { type Currency, formatMoney } from '@/lib/money';
import type { Refusal } from './types';

// One place for the shopper-facing sentences. `message` is the English sentence; `reason` carries
// the same as data so lib/i18n can say it in the shopper's language (HTTP 422 and notices).

export function unknownCode(): Refusal {
  return {
    ruleId: null,
    code: 'unknown_code',
    message: "We don't recognise that code",
    reason: { kind: 'unknown_code' },
  };
}

export function expired(ruleId: string, code: string): Refusal {
  return { ruleId, code: 'expired', message: `${code} has expired`, reason: { kind: 'expired', code } };
}

/** A code the merchant paused in the back office: it exists, and may come back. */
export function paused(ruleId: string, code: string): Refusal {
  return {
    ruleId,
    code: 'paused',
    message: `${code} is not available at the moment`,
    reason: { kind: 'paused', code },
  };
}

export function notYetValid(ruleId: string, code: string): Refusal {
  return {
    ruleId,
    code: 'not_yet_valid',
    message: `${code} is not valid yet`,
    reason: { kind: 'not_yet_valid', code },
  };
}

export function notEligible(ruleId: string, code: string): Refusal {
  return {
    ruleId,
    code: 'not_eligible',
    message: `${code} is not available for your account`,
    reason: { kind: 'not_eligible', code },
  };
}

/** A guest the server knows no email of: a first-order offer fails closed rather than count zero orders. */
export function firstOrderUnknownShopper(ruleId: string, code: string): Refusal {
  return {
    ruleId,
    code: 'first_order_only',
    message: `${code} is for first orders only: enter your email first, so we can check`,
    reason: { kind: 'first_order_email_needed', code },
  };
}

export function firstOrderOnly(ruleId: string, code: string): Refusal {
  return {
    ruleId,
    code: 'first_order_only',
    message: `${code} is for first orders only`,
    reason: { kind: 'first_order_only', code },
  };
}

export function minimumNotMet(
  ruleId: string,
  code: string,
  minimum: number,
  subtotal: number,
  currency: Currency,
): Refusal {
  const needed = formatMoney(minimum, currency);
  const missing = formatMoney(minimum - subtotal, currency);
  return {
    ruleId,
    code: 'minimum_not_met',
    message: `${code} needs a subtotal of ${needed}; add ${missing} more`,
    reason: { kind: 'minimum_not_met', code, minimum, missing: minimum - subtotal, currency },
  };
}

export function limitReached(ruleId: string, code: string): Refusal {
  return {
    ruleId,
    code: 'limit_reached',
    message: `${code} has reached its limit`,
    reason: { kind: 'limit_reached', code },
  };
}

export function customerLimitReached(ruleId: string, code: string): Refusal {
  return {
    ruleId,
    code: 'limit_reached',
    message: `${code} has reached its limit for your account`,
    reason: { kind: 'customer_limit_reached', code },
  };
}

export function notApplicable(ruleId: string, code: string): Refusal {
  return {
    ruleId,
    code: 'not_applicable',
    message: `${code} does not apply to any item in your order`,
    reason: { kind: 'not_applicable', code },
  };
}

export function codeOutweighed(ruleId: string, code: string): Refusal {
  return {
    ruleId,
    code: 'not_combinable',
    message: `${code} can't be combined with your other discounts, which save you more`,
    reason: { kind: 'code_outweighed', code },
  };
}

export function automaticDisplaced(ruleId: string, name: string, code: string): Refusal {
  return {
    ruleId,
    code: 'not_combinable',
    message: `${name} can't be combined with ${code}`,
    reason: { kind: 'automatic_displaced', code, ruleName: name },
  };
}
