import { type Currency, currencyExponent } from './currency';

// en-US renders USD as "$1,234.50"; ja-JP renders JPY as "￥7,200" (full-width yen sign), which
// is what Japanese shoppers see on receipts.
const LOCALES: Readonly<Record<Currency, string>> = { usd: 'en-US', jpy: 'ja-JP' };

const formatters = new Map<Currency, Intl.NumberFormat>();

function getFormatter(currency: Currency): Intl.NumberFormat {
  let formatter = formatters.get(currency);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat(LOCALES[currency], {
      style: 'currency',
      currency: currency.toUpperCase(),
    });
    formatters.set(currency, formatter);
  }
  return formatter;
}

/**
 * Formats integer minor units, e.g. `formatMoney(123450, 'usd')` -> "$1,234.50".
 * The amount is handed to Intl as an exact decimal string rather than `minorUnits / 100`, so even
 * amounts near 2^53 print without binary floating-point error.
 */
export function formatMoney(minorUnits: number, currency: Currency): string {
  if (!Number.isSafeInteger(minorUnits)) {
    throw new RangeError(`minorUnits must be a safe integer, got ${minorUnits}`);
  }
  return getFormatter(currency).format(toDecimalString(minorUnits, currencyExponent(currency)));
}

function toDecimalString(minorUnits: number, exponent: number): `${number}` {
  const sign = minorUnits < 0 ? '-' : '';
  const digits = Math.abs(minorUnits).toString();
  if (exponent === 0) return `${sign}${digits}` as `${number}`;
  const padded = digits.padStart(exponent + 1, '0');
  const whole = padded.slice(0, -exponent);
  const fraction = padded.slice(-exponent);
  return `${sign}${whole}.${fraction}` as `${number}`;
}
