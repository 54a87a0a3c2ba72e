import type { StripeCheckoutAmount } from '@stripe/stripe-js';

/**
 * Formats integer minor units the way Stripe.js fills `StripeCheckoutAmount`. Kept local (rather than
 * reusing the app's money module) because the stand-in must not import anything from the app.
 */
export interface AmountFormatter {
  /** 10 ** the currency's exponent: 100 for USD, 1 for JPY. */
  readonly divisor: number;
  format(minorUnitsAmount: number): StripeCheckoutAmount;
}

export const DEFAULT_LOCALE = 'en-US';

export function createAmountFormatter(currency: string, locale: string = DEFAULT_LOCALE): AmountFormatter {
  const numberFormat = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() });
  // Intl knows each ISO 4217 exponent (USD 2, JPY 0), so no table of currencies is needed here.
  const exponent = numberFormat.resolvedOptions().maximumFractionDigits ?? 2;
  const divisor = 10 ** exponent;
  return {
    divisor,
    format: (minorUnitsAmount) => ({
      minorUnitsAmount,
      amount: numberFormat.format(minorUnitsAmount / divisor),
    }),
  };
}
