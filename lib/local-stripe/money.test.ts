import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeForm } from './form';
import { allocateLargestRemainder, formatAmount, minimumChargeAmount, percentOf } from './money';
import { computeTotals } from './totals';

describe('allocateLargestRemainder', () => {
  test.each([
    { total: 1000, weights: [4800, 12000], expected: [286, 714] },
    { total: 1500, weights: [7200, 18000], expected: [429, 1071] },
    { total: 100, weights: [1, 1, 1], expected: [34, 33, 33] },
    { total: 2, weights: [1, 1, 1], expected: [1, 1, 0] },
    { total: 0, weights: [5, 5], expected: [0, 0] },
    { total: 10, weights: [0, 7, 0], expected: [0, 10, 0] },
    { total: 99_999_999, weights: [99_999_999, 99_999_999], expected: [50_000_000, 49_999_999] },
  ])('$total over $weights -> $expected', ({ total, weights, expected }) => {
    expect(allocateLargestRemainder(total, weights)).toEqual(expected);
  });

  test('parts add up exactly and each is within one unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          const parts = allocateLargestRemainder(total, weights);
          const sum = weights.reduce((a, b) => a + b, 0);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          parts.forEach((part, index) => {
            const exact = (total * (weights[index] ?? 0)) / sum;
            expect(part).toBeGreaterThanOrEqual(Math.floor(exact) - 1e-9);
            expect(part).toBeLessThanOrEqual(Math.ceil(exact) + 1e-9);
          });
        },
      ),
    );
  });

  test('refuses to allocate a positive total over nothing', () => {
    expect(() => allocateLargestRemainder(5, [0, 0])).toThrow(RangeError);
  });
});

describe('percentOf', () => {
  test.each([
    [16800, 10, 1680],
    [4800, 25.5, 1224],
    [1005, 50, 503],
    [4800, 33.33, 1600],
    [25200, 12.5, 3150],
    [1, 49.99, 0],
    [1, 50, 1],
  ])('%i x %f%% = %i (half up)', (amount, percent, expected) => {
    expect(percentOf(amount, percent)).toBe(expected);
  });
});

describe('currency rules', () => {
  test('zero-decimal currencies format and bound in whole units', () => {
    expect(formatAmount(50, 'usd')).toBe('$0.50 usd');
    expect(formatAmount(50, 'jpy')).toBe('¥50 jpy');
    expect(minimumChargeAmount('jpy')).toBe(50);
    expect(minimumChargeAmount('gbp')).toBe(30);
  });
});

describe('computeTotals', () => {
  test('no coupon, no discount', () => {
    const totals = computeTotals(
      [
        { id: 'a', unitAmount: 4800, quantity: 2, product: 'p1' },
        { id: 'b', unitAmount: 500, quantity: 1, product: 'p2' },
      ],
      null,
    );
    expect(totals).toEqual({
      subtotal: 10100,
      discount: 0,
      total: 10100,
      lines: [
        { id: 'a', subtotal: 9600, discount: 0, total: 9600 },
        { id: 'b', subtotal: 500, discount: 0, total: 500 },
      ],
    });
  });

  test('a restricted amount-off coupon is capped at the eligible subtotal', () => {
    const totals = computeTotals(
      [
        { id: 'a', unitAmount: 300, quantity: 1, product: 'p1' },
        { id: 'b', unitAmount: 5000, quantity: 1, product: 'p2' },
      ],
      { amountOff: 1000, percentOff: null, appliesTo: ['p1'] },
    );
    expect(totals.discount).toBe(300);
    expect(totals.lines.map((line) => line.total)).toEqual([0, 5000]);
  });
});

describe('decodeForm', () => {
  test('bracket notation with indexed and pushed arrays', () => {
    expect(
      decodeForm(
        'line_items[0][price]=price_1&line_items[0][quantity]=2&line_items[1][price_data][product_data][name]=Gift%20wrap&expand[]=a&expand[]=b&discounts=',
      ),
    ).toEqual({
      line_items: [
        { price: 'price_1', quantity: '2' },
        { price_data: { product_data: { name: 'Gift wrap' } } },
      ],
      expand: ['a', 'b'],
      discounts: '',
    });
  });

  test('prototype keys are refused', () => {
    expect(() => decodeForm('metadata[__proto__][x]=1')).toThrow();
  });
});
