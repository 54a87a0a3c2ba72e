/** Currencies the store sells in, lowercase like Stripe's `currency` field. */
export const CURRENCIES = ['usd', 'jpy'] as const;

export type Currency = (typeof CURRENCIES)[number];

// ISO 4217 exponents: Stripe amounts for zero-decimal currencies (JPY) are whole yen.
const EXPONENTS: Readonly<Record<Currency, number>> = { usd: 2, jpy: 0 };

export function isCurrency(value: string): value is Currency {
  return (CURRENCIES as readonly string[]).includes(value);
}

/** Number of decimal digits in the currency's major unit (USD 2, JPY 0). */
export function currencyExponent(currency: Currency): number {
  return EXPONENTS[currency];
}

/** How many minor units make one major unit (USD 100, JPY 1). */
export function minorUnitsDivisor(currency: Currency): number {
  return 10 ** EXPONENTS[currency];
}
