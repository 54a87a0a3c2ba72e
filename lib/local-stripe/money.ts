/**
 * Currency rules the local Stripe needs. Written here rather than shared with the app's lib/money
 * because the local Stripe is a separate product component that must not import the app.
 */

// https://docs.stripe.com/currencies#zero-decimal
const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

/** Currencies the local Stripe accepts; a subset of Stripe's list, enough for a storefront. */
export const SUPPORTED_CURRENCIES = new Set([
  'usd',
  'aed',
  'aud',
  'brl',
  'cad',
  'chf',
  'cny',
  'czk',
  'dkk',
  'eur',
  'gbp',
  'hkd',
  'huf',
  'inr',
  'jpy',
  'krw',
  'mxn',
  'myr',
  'nok',
  'nzd',
  'pln',
  'ron',
  'sek',
  'sgd',
  'thb',
  'twd',
  'zar',
]);

// https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts (in minor units)
const MINIMUM_CHARGE: Record<string, number> = {
  usd: 50,
  aed: 200,
  aud: 50,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  ron: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
};

/** Stripe's general upper bound for one amount (eight digits of minor units). */
export const MAXIMUM_AMOUNT = 99_999_999;

export function currencyExponent(currency: string): number {
  return ZERO_DECIMAL.has(currency.toLowerCase()) ? 0 : 2;
}

export function minimumChargeAmount(currency: string): number {
  return MINIMUM_CHARGE[currency.toLowerCase()] ?? 50;
}

/** "$0.50 usd" / "¥50 jpy": the way Stripe's error messages quote amounts. */
export function formatAmount(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const formatted = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(amount / 10 ** exponent);
  return `${formatted} ${currency.toLowerCase()}`;
}

/**
 * Splits `total` over `weights` in proportion, in whole minor units, so the parts add up exactly:
 * each part gets the floor of its exact share, and the units left over go to the largest
 * remainders (ties to the earlier weight). BigInt because total x weight can exceed 2^53.
 */
export function allocateLargestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer`);
  if (weights.some((weight) => !Number.isSafeInteger(weight) || weight < 0)) {
    throw new RangeError('weights must be non-negative integers');
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) {
    if (total === 0) return weights.map(() => 0);
    throw new RangeError('cannot allocate a non-zero total over zero weights');
  }
  const bigTotal = BigInt(total);
  const bigSum = BigInt(sum);
  const parts = weights.map((weight) => {
    const exact = bigTotal * BigInt(weight);
    return { floor: Number(exact / bigSum), remainder: exact % bigSum };
  });
  let left = total - parts.reduce((acc, part) => acc + part.floor, 0);
  const order = parts
    .map((part, index) => ({ index, remainder: part.remainder }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  const result = parts.map((part) => part.floor);
  for (const { index } of order) {
    if (left === 0) break;
    result[index] = (result[index] ?? 0) + 1;
    left -= 1;
  }
  return result;
}

/**
 * `percent`% of `amount`, rounded half up to a whole minor unit. The percentage is scaled to an
 * integer (4 decimal places) so 25.5 % or 33.33 % never meet floating-point error.
 */
export function percentOf(amount: number, percent: number): number {
  const scaled = BigInt(Math.round(percent * 10_000));
  const exact = BigInt(amount) * scaled;
  const divisor = 1_000_000n;
  return Number((exact + divisor / 2n) / divisor);
}
