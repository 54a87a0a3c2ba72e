import { type Currency, currencyExponent } from './currency';

/**
 * An amount a person typed in major units ("50", "50.00", "1,200" for yen) as minor units, or null
 * when it is not one: no sign, no exponent, at most the currency's decimals (two for USD, none for
 * JPY). Parsed as text, never through floating point, so "0.29" is 29 cents exactly.
 */
export function parseMajorUnits(typed: string, currency: Currency): number | null {
  const text = typed.trim().replace(/,/g, '');
  const exponent = currencyExponent(currency);
  const pattern = exponent === 0 ? /^(\d{1,12})$/ : new RegExp(`^(\\d{1,12})(?:\\.(\\d{1,${exponent}}))?$`);
  const match = pattern.exec(text);
  if (match === null) return null;
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').padEnd(exponent, '0');
  const minor = Number(`${whole}${fraction}`);
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Minor units as the plain major-unit text a form field shows ("50.00", "7200"), no symbol. */
export function toMajorUnitsText(minorUnits: number, currency: Currency): string {
  const exponent = currencyExponent(currency);
  if (exponent === 0) return String(minorUnits);
  const text = String(minorUnits).padStart(exponent + 1, '0');
  return `${text.slice(0, -exponent)}.${text.slice(-exponent)}`;
}
