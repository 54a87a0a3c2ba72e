import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  allocate,
  CURRENCIES,
  type Currency,
  currencyExponent,
  formatMoney,
  isBelowMinimumCharge,
  isCurrency,
  MINIMUM_CHARGE,
  minorUnitsDivisor,
  percentOf,
} from './index';

describe('currencies', () => {
  test('lists the supported currencies in Stripe spelling', () => {
    expect(CURRENCIES).toEqual(['usd', 'jpy']);
  });

  test.each([
    ['usd', true],
    ['jpy', true],
    ['USD', false],
    ['eur', false],
    ['', false],
  ])('isCurrency(%j) is %s', (value, expected) => {
    expect(isCurrency(value)).toBe(expected);
  });

  test.each<[Currency, number, number]>([
    ['usd', 2, 100],
    ['jpy', 0, 1],
  ])('%s has exponent %i and divisor %i', (currency, exponent, divisor) => {
    expect(currencyExponent(currency)).toBe(exponent);
    expect(minorUnitsDivisor(currency)).toBe(divisor);
  });
});

describe('formatMoney', () => {
  test.each<[number, Currency, string]>([
    [0, 'usd', '$0.00'],
    [1, 'usd', '$0.01'],
    [50, 'usd', '$0.50'],
    [600, 'usd', '$6.00'],
    [15000, 'usd', '$150.00'],
    [123450, 'usd', '$1,234.50'],
    [-1234, 'usd', '-$12.34'],
    [-5, 'usd', '-$0.05'],
    [9007199254740991, 'usd', '$90,071,992,547,409.91'],
    [0, 'jpy', '￥0'],
    [1, 'jpy', '￥1'],
    [7200, 'jpy', '￥7,200'],
    [22500, 'jpy', '￥22,500'],
    [-1500, 'jpy', '-￥1,500'],
  ])('formats %i %s as %s', (minorUnits, currency, expected) => {
    expect(formatMoney(minorUnits, currency)).toBe(expected);
  });

  test.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('rejects %d', (value) => {
    expect(() => formatMoney(value, 'usd')).toThrow(RangeError);
  });
});

describe('percentOf', () => {
  test.each([
    // [amount, percent, expected]
    [16800, 10, 1680],
    [16800, 5, 840],
    [105, 5, 5], // 5.25 rounds down
    [110, 5, 6], // 5.5 is an exact half: up
    [1, 50, 1], // one cent, exact half
    [1, 49.99, 0],
    [1, 10, 0],
    [1, 100, 1],
    [3, 50, 2], // 1.5 -> 2
    [4, 12.5, 1], // 0.5 -> 1
    [12, 12.5, 2], // 1.5 -> 2
    [999, 33.33, 333], // 332.9667 -> 333
    [7200, 10, 720],
    [2700, 5, 135],
    [2250, 15, 338], // 337.5 yen -> 338
    [10, 0.1 + 0.2, 0], // 0.03 -> 0, float noise in the percent does not leak
    [10000, 0.1 + 0.2, 30],
    [0, 25, 0],
    [16800, 0, 0],
    [9007199254740991, 100, 9007199254740991],
    [9007199254740991, 50, 4503599627370496], // exact half at the top of the safe range
  ])('%i x %d %% = %i', (amount, percent, expected) => {
    expect(percentOf(amount, percent)).toBe(expected);
  });

  test.each([
    [-1, 10],
    [1.5, 10],
    [Number.NaN, 10],
    [2 ** 53, 10],
    [100, -1],
    [100, 100.01],
    [100, Number.NaN],
    [100, 12.345],
  ])('rejects amount %d with percent %d', (amount, percent) => {
    expect(() => percentOf(amount, percent)).toThrow(RangeError);
  });

  const amounts = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
  const percents = fc.integer({ min: 0, max: 10_000 }).map((basisPoints) => basisPoints / 100);

  test('matches exact BigInt half-up arithmetic', () => {
    fc.assert(
      fc.property(amounts, fc.integer({ min: 0, max: 10_000 }), (amount, basisPoints) => {
        const exact = (BigInt(amount) * BigInt(basisPoints) + 5000n) / 10000n;
        expect(percentOf(amount, basisPoints / 100)).toBe(Number(exact));
      }),
    );
  });

  test('stays within [0, amount]', () => {
    fc.assert(
      fc.property(amounts, percents, (amount, percent) => {
        const result = percentOf(amount, percent);
        expect(result).toBeGreaterThanOrEqual(0);
        expect(result).toBeLessThanOrEqual(amount);
      }),
    );
  });

  test('is monotonic in the amount and in the percent', () => {
    fc.assert(
      fc.property(amounts, amounts, percents, percents, (a, b, p, q) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const [lowPercent, highPercent] = p <= q ? [p, q] : [q, p];
        expect(percentOf(low, p)).toBeLessThanOrEqual(percentOf(high, p));
        expect(percentOf(a, lowPercent)).toBeLessThanOrEqual(percentOf(a, highPercent));
      }),
    );
  });
});

describe('allocate', () => {
  test.each<[number, number[], number[]]>([
    [100, [1, 1], [50, 50]],
    [100, [1, 1, 1], [34, 33, 33]], // tie on remainders: earlier index first
    [1, [1, 1, 1], [1, 0, 0]],
    [2, [1, 1, 1], [1, 1, 0]],
    [1000, [4800, 12000], [286, 714]], // 285.71 / 714.29
    [1000, [2400, 12000, 1500], [151, 755, 94]], // 150.94 / 754.72 / 94.34
    [3000, [7200, 18000], [857, 2143]],
    [10, [0, 5, 0], [0, 10, 0]],
    [7, [0, 0, 0], [3, 2, 2]], // all-zero weights: split evenly
    [0, [3, 7], [0, 0]],
    [0, [], []],
    [5, [1], [5]],
    [9007199254740991, [1, 1], [4503599627370496, 4503599627370495]],
  ])('allocate(%i, %j) = %j', (amount, weights, expected) => {
    expect(allocate(amount, weights)).toEqual(expected);
  });

  test.each<[number, number[]]>([
    [1, []],
    [-1, [1]],
    [1.5, [1]],
    [10, [1, -1]],
    [10, [0.5, 1]],
  ])('rejects allocate(%d, %j)', (amount, weights) => {
    expect(() => allocate(amount, weights)).toThrow(RangeError);
  });

  const amountArb = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
  const weightsArb = fc.array(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), {
    minLength: 1,
    maxLength: 12,
  });

  test('parts sum exactly to the amount and are never negative', () => {
    fc.assert(
      fc.property(amountArb, weightsArb, (amount, weights) => {
        const parts = allocate(amount, weights);
        expect(parts).toHaveLength(weights.length);
        expect(parts.reduce((sum, part) => sum + BigInt(part), 0n)).toBe(BigInt(amount));
        for (const part of parts) {
          expect(Number.isSafeInteger(part)).toBe(true);
          expect(part).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  test('each part is within one minor unit of its exact proportional share', () => {
    fc.assert(
      fc.property(amountArb, weightsArb, (amount, weights) => {
        const parts = allocate(amount, weights);
        const effective = weights.every((weight) => weight === 0) ? weights.map(() => 1) : weights;
        const totalWeight = effective.reduce((sum, weight) => sum + BigInt(weight), 0n);
        parts.forEach((part, index) => {
          // |part - amount * w / W| < 1  <=>  |part * W - amount * w| < W
          const difference = BigInt(part) * totalWeight - BigInt(amount) * BigInt(effective[index] ?? 0);
          const absolute = difference < 0n ? -difference : difference;
          expect(absolute < totalWeight).toBe(true);
        });
      }),
    );
  });

  test('is deterministic', () => {
    fc.assert(
      fc.property(amountArb, weightsArb, (amount, weights) => {
        expect(allocate(amount, weights)).toEqual(allocate(amount, [...weights]));
      }),
    );
  });
});

describe('minimum charge', () => {
  test.each([
    ['usd', 0, false],
    ['usd', 1, true],
    ['usd', 49, true],
    ['usd', 50, false],
    ['jpy', 0, false],
    ['jpy', 49, true],
    ['jpy', 50, false],
  ] as const)('%s %i is below the minimum: %s', (currency, total, below) => {
    expect(isBelowMinimumCharge(total, currency)).toBe(below);
  });

  test("is Stripe's: USD 0.50 and JPY 50", () => {
    expect(formatMoney(MINIMUM_CHARGE.usd, 'usd')).toBe('$0.50');
    expect(formatMoney(MINIMUM_CHARGE.jpy, 'jpy')).toBe('￥50');
  });
});
