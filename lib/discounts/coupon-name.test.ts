import { describe, expect, test } from 'vitest';
import { combineDiscountNames, STRIPE_COUPON_NAME_MAX_LENGTH } from './index';

describe('combineDiscountNames', () => {
  test('Stripe coupon names are limited to 40 characters', () => {
    expect(STRIPE_COUPON_NAME_MAX_LENGTH).toBe(40);
  });

  test.each<[string[], string]>([
    [[], ''],
    [['SAVE20'], 'SAVE20'],
    [['WELCOME10', 'Spend $100, save $10'], 'WELCOME10 + Spend $100, save $10'],
    [['SAVE20', 'Spend ¥15,000, save ¥1,500'], 'SAVE20 + Spend ¥15,000, save ¥1,500'],
    // 40 characters exactly fits
    [['A'.repeat(17), 'B'.repeat(20)], `${'A'.repeat(17)} + ${'B'.repeat(20)}`],
    [['WELCOME10', 'Loyalty 5% off', 'Spend $100, save $10'], 'WELCOME10 + Loyalty 5% off + 1 more'],
    [['WELCOME10', 'Spend $100, save $10', 'Loyalty 10% off'], 'WELCOME10 + 2 more'],
    [['An extraordinarily long promotion name here'], 'An extraordinarily long promotion name…'],
    [['An extraordinarily long promotion name here', 'X'], 'An extraordinarily long promotion name…'],
  ])('%j -> %j', (names, expected) => {
    const combined = combineDiscountNames(names);
    expect(combined).toBe(expected);
    expect(Array.from(combined).length).toBeLessThanOrEqual(40);
  });

  test('counts characters, not UTF-16 units, and never splits one', () => {
    const name = '🎁'.repeat(45);
    const combined = combineDiscountNames([name]);
    expect(combined).toBe(`${'🎁'.repeat(39)}…`);
  });

  test('accepts a different limit', () => {
    expect(combineDiscountNames(['SAVE20', 'Spend $100, save $10'], 20)).toBe('SAVE20 + 1 more');
  });
});
