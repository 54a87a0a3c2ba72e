import type { Currency } from './currency';

/**
 * Stripe's minimum charge per currency, in minor units (USD 0.50, JPY 50): Stripe refuses a
 * payment-mode Checkout Session whose total is above zero and below it. Zero is allowed (a free
 * order needs no payment at all).
 */
export const MINIMUM_CHARGE: Readonly<Record<Currency, number>> = { usd: 50, jpy: 50 };

/** True for a total Stripe cannot charge: more than zero, less than the minimum. */
export function isBelowMinimumCharge(total: number, currency: Currency): boolean {
  return total > 0 && total < MINIMUM_CHARGE[currency];
}
