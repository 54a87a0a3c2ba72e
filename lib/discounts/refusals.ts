import { type Currency, formatMoney } from '@/lib/money';
import type { Refusal } from './types';

// One place for the shopper-facing sentences: the route handlers show them verbatim (HTTP 422).

export function unknownCode(): Refusal {
  return { ruleId: null, code: 'unknown_code', message: "We don't recognise that code" };
}

export function expired(ruleId: string, code: string): Refusal {
  return { ruleId, code: 'expired', message: `${code} has expired` };
}

export function notYetValid(ruleId: string, code: string): Refusal {
  return { ruleId, code: 'not_yet_valid', message: `${code} is not valid yet` };
}

export function notEligible(ruleId: string, code: string): Refusal {
  return { ruleId, code: 'not_eligible', message: `${code} is not available for your account` };
}

/** A guest the server knows no email of: a first-order offer fails closed rather than count zero orders. */
export function firstOrderUnknownShopper(ruleId: string, code: string): Refusal {
  return {
    ruleId,
    code: 'first_order_only',
    message: `${code} is for first orders only: enter your email first, so we can check`,
  };
}

export function firstOrderOnly(ruleId: string, code: string): Refusal {
  return { ruleId, code: 'first_order_only', message: `${code} is for first orders only` };
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
  };
}

export function limitReached(ruleId: string, code: string): Refusal {
  return { ruleId, code: 'limit_reached', message: `${code} has reached its limit` };
}

export function customerLimitReached(ruleId: string, code: string): Refusal {
  return { ruleId, code: 'limit_reached', message: `${code} has reached its limit for your account` };
}

export function notApplicable(ruleId: string, code: string): Refusal {
  return { ruleId, code: 'not_applicable', message: `${code} does not apply to any item in your order` };
}

export function codeOutweighed(ruleId: string, code: string): Refusal {
  return {
    ruleId,
    code: 'not_combinable',
    message: `${code} can't be combined with your other discounts, which save you more`,
  };
}

export function automaticDisplaced(ruleId: string, name: string, code: string): Refusal {
  return { ruleId, code: 'not_combinable', message: `${name} can't be combined with ${code}` };
}
