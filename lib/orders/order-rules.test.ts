import { describe, expect, it } from 'vitest';
import type { DiscountDecision, Rule } from '@/lib/discounts';
import { DEMO_RULES } from '@/lib/discounts';
import { checkChargedAmount } from './amount-check';
import { loyaltyTierFor } from './loyalty-tier';
import type { OrderStatus } from './order';
import { nextOrderStatus, refundStatusFor } from './order-status';

describe('nextOrderStatus', () => {
  it.each<[OrderStatus | null, OrderStatus, OrderStatus | null]>([
    [null, 'pending', 'pending'],
    [null, 'paid', 'paid'],
    [null, 'failed', 'failed'],
    ['pending', 'pending', null],
    ['pending', 'paid', 'paid'],
    ['pending', 'failed', 'failed'],
    ['paid', 'pending', null],
    ['paid', 'paid', null],
    ['paid', 'failed', null],
    ['failed', 'pending', null],
    ['failed', 'paid', null],
    ['failed', 'failed', null],
    [null, 'refunded', null],
    [null, 'disputed', null],
    ['pending', 'refunded', null],
    ['pending', 'disputed', null],
    ['paid', 'partially_refunded', 'partially_refunded'],
    ['paid', 'refunded', 'refunded'],
    ['paid', 'disputed', 'disputed'],
    ['partially_refunded', 'partially_refunded', null],
    ['partially_refunded', 'refunded', 'refunded'],
    ['partially_refunded', 'disputed', 'disputed'],
    ['partially_refunded', 'paid', null],
    ['refunded', 'paid', null],
    ['refunded', 'partially_refunded', null],
    ['refunded', 'disputed', 'disputed'],
    ['disputed', 'refunded', null],
    ['disputed', 'paid', null],
    ['failed', 'refunded', null],
  ])('%s + %s -> %s', (current, target, expected) => {
    expect(nextOrderStatus(current, target)).toBe(expected);
  });
});

describe('refundStatusFor', () => {
  it.each([
    [0, 4800, 'paid'],
    [1, 4800, 'partially_refunded'],
    [4799, 4800, 'partially_refunded'],
    [4800, 4800, 'refunded'],
  ] as const)('%i of %i refunded -> %s', (refunded, total, expected) => {
    expect(refundStatusFor(refunded, total)).toBe(expected);
  });
});

describe('checkChargedAmount', () => {
  const decision: DiscountDecision = {
    currency: 'usd',
    subtotal: 16800,
    applied: [],
    totalDiscount: 3000,
    total: 13800,
    combined: { amountOff: 3000, currency: 'usd', name: 'SAVE20 + Spend $100, save $10' },
    refusals: [],
    promotionCode: null,
  };
  const expected = { currency: 'usd', subtotal: 16800, discount: 3000, total: 13800 };

  it.each([
    ['the same amounts', expected, null],
    ['the currency in capitals', { ...expected, currency: 'USD' }, null],
    ['a different total', { ...expected, discount: 0, total: 16800 }, 'mismatch'],
    ['a different currency', { ...expected, currency: 'jpy' }, 'mismatch'],
    [
      'the same total from a different breakdown',
      { ...expected, subtotal: 17800, discount: 4000 },
      'mismatch',
    ],
  ])('%s', (_name, charged, outcome) => {
    const result = checkChargedAmount(decision, charged);
    expect(result).toEqual(outcome === null ? null : { expected, charged });
  });

  it('a cart without a decision is a mismatch: there is nothing to vouch for the amount', () => {
    expect(checkChargedAmount(null, expected)).toEqual({ expected: null, charged: expected });
  });
});

describe('loyaltyTierFor', () => {
  it.each([
    [0, null],
    [1, { percent: 5, name: 'Loyalty 5% off' }],
    [2, { percent: 5, name: 'Loyalty 5% off' }],
    [3, { percent: 10, name: 'Loyalty 10% off' }],
    [40, { percent: 10, name: 'Loyalty 10% off' }],
  ])('the demo rules give %i paid orders %o', (count, tier) => {
    expect(loyaltyTierFor(DEMO_RULES, count)).toEqual(tier);
  });

  it('takes the best tier of several loyalty rules and names a per-currency name by its percentage', () => {
    const rules: Rule[] = [
      { id: 'a', kind: 'loyalty', name: 'A', tiers: [{ minPaidOrders: 2, percent: 7 }] },
      {
        id: 'b',
        kind: 'loyalty',
        name: { usd: 'B $', jpy: 'B ¥' },
        tiers: [
          { minPaidOrders: 1, percent: 3 },
          { minPaidOrders: 2, percent: 8 },
        ],
      },
    ];
    expect(loyaltyTierFor(rules, 1)).toEqual({ percent: 3, name: 'Loyalty 3% off' });
    expect(loyaltyTierFor(rules, 2)).toEqual({ percent: 8, name: 'Loyalty 8% off' });
    expect(loyaltyTierFor([], 9)).toBeNull();
  });
});
