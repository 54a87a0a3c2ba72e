import { describe, expect, test } from 'vitest';
import type { Currency } from '@/lib/money';
import { DEMO_RULES, type DiscountContext, evaluateDiscounts, type Rule, readsHistory } from './index';
import { cart, context, type ItemId, line } from './test-fixtures';

const NOW = Date.UTC(2025, 0, 15);
const DAY = 24 * 60 * 60 * 1000;

function evaluate(
  currency: Currency,
  items: readonly ItemId[],
  rules: readonly Rule[],
  overrides: Partial<DiscountContext> = {},
  code?: string,
) {
  return evaluateDiscounts(cart(currency, items, code), context({ rules, ...overrides }));
}

function amountsOf(decision: ReturnType<typeof evaluateDiscounts>): [string, number][] {
  return decision.applied.map(({ ruleId, amount }) => [ruleId, amount]);
}

describe('threshold', () => {
  const tiered: Rule = {
    id: 'spend',
    kind: 'threshold',
    name: { usd: 'Spend $100', jpy: 'Spend ¥15,000' },
    tiers: [
      {
        minimumSubtotal: { usd: 10000, jpy: 15000 },
        value: { type: 'amount_off', amountOff: { usd: 1000, jpy: 1500 } },
      },
      {
        minimumSubtotal: { usd: 20000, jpy: 30000 },
        value: { type: 'percent', percent: 10 },
        name: { usd: 'Spend $200, save 10%', jpy: 'Spend ¥30,000, save 10%' },
      },
    ],
  };

  test.each<[Currency, ItemId[], number, string | null]>([
    ['usd', ['pour-over-kit', 'pour-over-kit'], 0, null], // 96.00: below the first tier
    ['usd', ['pour-over-kit', 'pour-over-kit', 'gift_wrap'], 1000, 'Spend $100'], // exactly 101.00
    ['usd', ['burr-grinder', 'pour-over-kit', 'ceramic-mug'], 1000, 'Spend $100'], // 192.00
    ['usd', ['burr-grinder', 'burr-grinder'], 2400, 'Spend $200, save 10%'], // 240.00
    ['jpy', ['ceramic-mug', 'burr-grinder'], 1500, 'Spend ¥15,000'], // 21,600
    ['jpy', ['burr-grinder', 'burr-grinder'], 3600, 'Spend ¥30,000, save 10%'], // 36,000
    ['jpy', ['pour-over-kit', 'pour-over-kit'], 0, null], // 14,400
  ])('%s %j -> %i', (currency, items, amount, name) => {
    const decision = evaluate(currency, items, [tiered]);
    expect(decision.totalDiscount).toBe(amount);
    expect(decision.applied).toEqual(
      name === null ? [] : [{ ruleId: 'spend', kind: 'threshold', name, amount }],
    );
    expect(decision.refusals).toEqual([]);
  });

  test('the minimum is met exactly at the threshold, add-ons included', () => {
    const rule: Rule = { ...tiered, tiers: tiered.tiers.slice(0, 1) };
    const order = {
      currency: 'usd' as const,
      lines: [line('single-origin-beans', 'usd', 5), line('gift_wrap', 'usd', 2)], // 90.00 + 10.00
    };
    expect(evaluateDiscounts(order, context({ rules: [rule] })).totalDiscount).toBe(1000);
  });
});

describe('loyalty', () => {
  const loyalty: Rule = {
    id: 'loyalty',
    kind: 'loyalty',
    name: 'Loyalty',
    tiers: [
      { minPaidOrders: 3, percent: 10 },
      { minPaidOrders: 1, percent: 5 },
    ],
  };

  test.each<[Currency, string | null, number, number]>([
    ['usd', 'c1', 0, 0],
    ['usd', 'c1', 1, 840],
    ['usd', 'c1', 2, 840],
    ['usd', 'c1', 3, 1680],
    ['usd', 'c1', 40, 1680],
    ['usd', null, 5, 0], // a guest's email history never earns loyalty
    ['jpy', 'c1', 1, 1260],
    ['jpy', 'c1', 3, 2520],
    ['jpy', null, 3, 0],
  ])('%s customer %s with %i paid orders -> %i', (currency, customerId, paidOrderCount, amount) => {
    const decision = evaluate(currency, ['pour-over-kit', 'burr-grinder'], [loyalty], {
      customer: customerId === null ? null : { id: customerId },
      email: 'shopper@example.com',
      history: { paidOrderCount },
    });
    expect(decision.totalDiscount).toBe(amount);
    expect(decision.applied).toHaveLength(amount === 0 ? 0 : 1);
  });

  test('two loyalty rules never stack: the better one applies', () => {
    const second: Rule = {
      id: 'a-loyalty',
      kind: 'loyalty',
      name: 'Anniversary',
      tiers: [{ minPaidOrders: 1, percent: 7 }],
    };
    const decision = evaluate('usd', ['burr-grinder'], [loyalty, second], {
      customer: { id: 'c1' },
      history: { paidOrderCount: 3 },
    });
    expect(amountsOf(decision)).toEqual([['loyalty', 1200]]);
    const fewer = evaluate('usd', ['burr-grinder'], [loyalty, second], {
      customer: { id: 'c1' },
      history: { paidOrderCount: 1 },
    });
    expect(amountsOf(fewer)).toEqual([['a-loyalty', 840]]);
  });
});

describe('time_window', () => {
  const sale: Rule = {
    id: 'sale',
    kind: 'time_window',
    name: 'Winter sale',
    value: { type: 'percent', percent: 15 },
    startsAt: NOW - DAY,
    endsAt: NOW + DAY,
  };
  const flat: Rule = {
    id: 'flat',
    kind: 'time_window',
    name: 'Mug day',
    value: { type: 'amount_off', amountOff: { usd: 500, jpy: 700 } },
    startsAt: NOW,
    endsAt: NOW + DAY,
    appliesTo: { productIds: ['ceramic-mug'] },
  };

  test.each<[string, number, Currency, number]>([
    ['before the window', NOW - DAY - 1, 'usd', 0],
    ['at its start', NOW - DAY, 'usd', 360],
    ['inside', NOW, 'usd', 360],
    ['one ms before the end', NOW + DAY - 1, 'usd', 360],
    ['at its end (exclusive)', NOW + DAY, 'usd', 0],
    ['inside, JPY', NOW, 'jpy', 540],
  ])('15 %% off a mug %s', (_label, now, currency, amount) => {
    expect(evaluate(currency, ['ceramic-mug'], [sale], { now }).totalDiscount).toBe(amount);
  });

  test.each<[Currency, ItemId[], number]>([
    ['usd', ['ceramic-mug', 'burr-grinder'], 500],
    ['usd', ['burr-grinder'], 0],
    ['jpy', ['ceramic-mug'], 700],
  ])('an item-level amount off counts only its items: %s %j -> %i', (currency, items, amount) => {
    expect(evaluate(currency, items, [flat]).totalDiscount).toBe(amount);
  });
});

describe('location', () => {
  const freeExpress: Rule = {
    id: 'jp-express',
    kind: 'location',
    name: 'Free express shipping',
    countries: ['JP'],
    value: { type: 'percent', percent: 100 },
    appliesTo: { addOnIds: ['express_shipping'] },
  };

  test.each<[Currency, string | null, ItemId[], number]>([
    ['usd', 'JP', ['ceramic-mug', 'express_shipping'], 1500],
    ['jpy', 'JP', ['ceramic-mug', 'express_shipping'], 2250],
    ['jpy', ' jp ', ['ceramic-mug', 'express_shipping'], 2250],
    ['jpy', 'US', ['ceramic-mug', 'express_shipping'], 0],
    ['jpy', null, ['ceramic-mug', 'express_shipping'], 0],
    ['jpy', 'JP', ['ceramic-mug', 'gift_wrap'], 0], // no express line: nothing to make free
  ])('%s shipping to %j with %j -> %i', (currency, shippingCountry, items, amount) => {
    const decision = evaluate(currency, items, [freeExpress], { shippingCountry });
    expect(decision.totalDiscount).toBe(amount);
    expect(decision.applied).toHaveLength(amount === 0 ? 0 : 1);
    expect(decision.refusals).toEqual([]);
  });

  test('two express lines are both free', () => {
    const order = { currency: 'usd' as const, lines: [line('express_shipping', 'usd', 2)] };
    const decision = evaluateDiscounts(order, context({ rules: [freeExpress], shippingCountry: 'JP' }));
    expect(decision.total).toBe(0);
  });
});

describe('customer_offer', () => {
  const offer: Rule = {
    id: 'offer',
    kind: 'customer_offer',
    name: 'Thanks for your feedback',
    customerIds: ['c1', 'c2'],
    value: { type: 'amount_off', amountOff: { usd: 300, jpy: 450 } },
  };
  const beansOffer: Rule = {
    id: 'beans-offer',
    kind: 'customer_offer',
    name: 'Beans on us',
    customerIds: ['c1'],
    value: { type: 'percent', percent: 50 },
    appliesTo: { productIds: ['single-origin-beans'] },
  };

  test.each<[Currency, string | null, number]>([
    ['usd', 'c1', 300 + 900],
    ['usd', 'c2', 300],
    ['usd', 'c3', 0],
    ['usd', null, 0],
    ['jpy', 'c1', 450 + 1350],
    ['jpy', 'c2', 450],
  ])('%s customer %s -> %i', (currency, customerId, amount) => {
    const decision = evaluate(currency, ['single-origin-beans', 'ceramic-mug'], [offer, beansOffer], {
      customer: customerId === null ? null : { id: customerId },
    });
    expect(decision.totalDiscount).toBe(amount);
  });
});

describe('promotion codes', () => {
  const base = {
    kind: 'promotion_code',
    value: { type: 'amount_off', amountOff: { usd: 2000, jpy: 3000 } },
  } as const;
  const rules: Rule[] = [
    { ...base, id: 'p-plain', name: 'PLAIN', code: 'Plain' },
    { ...base, id: 'p-future', name: 'FUTURE', code: 'FUTURE', startsAt: NOW + 1 },
    { ...base, id: 'p-past', name: 'PAST', code: 'PAST', startsAt: NOW - 10 * DAY, endsAt: NOW },
    { ...base, id: 'p-vip', name: 'VIP', code: 'VIP', allowedCustomerIds: ['vip'] },
    { ...base, id: 'p-first', name: 'FIRST', code: 'FIRST', firstOrderOnly: true },
    { ...base, id: 'p-min', name: 'MIN', code: 'MIN', minimumSubtotal: { usd: 15000, jpy: 22500 } },
    { ...base, id: 'p-limited', name: 'LIMITED', code: 'LIMITED', maxRedemptions: 10 },
    { ...base, id: 'p-once', name: 'ONCE', code: 'ONCE', maxRedemptionsPerCustomer: 1 },
    {
      ...base,
      id: 'p-grinder',
      name: 'GRINDER',
      code: 'GRINDER',
      appliesTo: { productIds: ['burr-grinder'] },
    },
  ];
  const counts = { 'p-limited': { total: 10, byCustomer: 0 }, 'p-once': { total: 3, byCustomer: 1 } };

  test.each<[Currency, string, Partial<DiscountContext>, string, string]>([
    ['usd', 'NOPE', {}, 'unknown_code', "We don't recognise that code"],
    ['jpy', 'nope', {}, 'unknown_code', "We don't recognise that code"],
    ['usd', 'future', {}, 'not_yet_valid', 'FUTURE is not valid yet'],
    ['jpy', 'FUTURE', {}, 'not_yet_valid', 'FUTURE is not valid yet'],
    ['usd', 'past', {}, 'expired', 'PAST has expired'],
    ['jpy', 'Past', {}, 'expired', 'PAST has expired'],
    ['usd', 'vip', {}, 'not_eligible', 'VIP is not available for your account'],
    ['jpy', 'VIP', { customer: { id: 'gold' } }, 'not_eligible', 'VIP is not available for your account'],
    [
      'usd',
      'first',
      { history: { paidOrderCount: 1 }, email: 'a@example.com' },
      'first_order_only',
      'FIRST is for first orders only',
    ],
    [
      'jpy',
      'FIRST',
      { history: { paidOrderCount: 4 }, customer: { id: 'c4' } },
      'first_order_only',
      'FIRST is for first orders only',
    ],
    [
      'usd',
      'FIRST',
      { history: { paidOrderCount: 0 } },
      'first_order_only',
      'FIRST is for first orders only: enter your email first, so we can check',
    ],
    [
      'jpy',
      'FIRST',
      { history: { paidOrderCount: 0 }, email: null, customer: null },
      'first_order_only',
      'FIRST is for first orders only: enter your email first, so we can check',
    ],
    ['usd', 'min', {}, 'minimum_not_met', 'MIN needs a subtotal of $150.00; add $6.00 more'],
    ['jpy', 'MIN', {}, 'minimum_not_met', 'MIN needs a subtotal of ￥22,500; add ￥900 more'],
    ['usd', 'limited', { redemptions: counts }, 'limit_reached', 'LIMITED has reached its limit'],
    ['jpy', 'LIMITED', { redemptions: counts }, 'limit_reached', 'LIMITED has reached its limit'],
    ['usd', 'once', { redemptions: counts }, 'limit_reached', 'ONCE has reached its limit for your account'],
  ])('%s %j is refused: %s', (currency, typed, overrides, code, message) => {
    const decision = evaluate(currency, ['ceramic-mug', 'burr-grinder'], rules, overrides, typed);
    const normalized = typed.toUpperCase();
    const ruleId = code === 'unknown_code' ? null : `p-${normalized.toLowerCase()}`;
    const refusal = { ruleId, code, message, reason: expect.any(Object) };
    expect(decision.promotionCode).toEqual({ code: normalized, status: 'refused', ruleId, refusal });
    expect(decision.refusals).toEqual([refusal]);
    expect(decision.applied).toEqual([]);
    expect(decision.total).toBe(decision.subtotal);
  });

  test.each<[Currency, string]>([
    ['usd', 'GRINDER'],
    ['jpy', 'grinder'],
  ])('%s %s on an order without its product is not_applicable', (currency, typed) => {
    const decision = evaluate(currency, ['ceramic-mug', 'gift_wrap'], rules, {}, typed);
    expect(decision.refusals).toEqual([
      {
        ruleId: 'p-grinder',
        code: 'not_applicable',
        message: 'GRINDER does not apply to any item in your order',
        reason: expect.any(Object),
      },
    ]);
  });

  test.each<[Currency, string, Partial<DiscountContext>, number]>([
    ['usd', '  plain ', {}, 2000],
    ['jpy', 'PLAIN', {}, 3000],
    ['usd', 'VIP', { customer: { id: 'vip' } }, 2000],
    ['usd', 'FIRST', { history: { paidOrderCount: 0 }, email: 'new@example.com' }, 2000],
    ['usd', 'LIMITED', { redemptions: { 'p-limited': { total: 9, byCustomer: 5 } } }, 2000],
    ['jpy', 'ONCE', { redemptions: { 'p-once': { total: 50, byCustomer: 0 } } }, 3000],
    ['usd', 'FUTURE', { now: NOW + 1 }, 2000],
    ['usd', 'PAST', { now: NOW - 1 }, 2000],
  ])('%s %j applies for %i', (currency, typed, overrides, amount) => {
    const decision = evaluate(currency, ['ceramic-mug', 'burr-grinder'], rules, overrides, typed);
    expect(decision.promotionCode).toMatchObject({ code: typed.trim().toUpperCase(), status: 'applied' });
    expect(decision.totalDiscount).toBe(amount);
    expect(decision.refusals).toEqual([]);
  });

  test.each<[Currency, ItemId[], number]>([
    ['usd', ['burr-grinder', 'ceramic-mug'], 2000],
    ['jpy', ['burr-grinder'], 3000],
  ])('an item-level code is computed on its items only: %s %j', (currency, items, amount) => {
    expect(evaluate(currency, items, rules, {}, 'GRINDER').totalDiscount).toBe(amount);
  });

  test('an item-level amount off never exceeds its items', () => {
    const beans: Rule = {
      id: 'beans',
      kind: 'promotion_code',
      name: 'BEANS',
      code: 'BEANS',
      value: { type: 'amount_off', amountOff: { usd: 5000, jpy: 7500 } },
      appliesTo: { productIds: ['single-origin-beans'], addOnIds: ['gift_wrap'] },
    };
    const decision = evaluate(
      'usd',
      ['single-origin-beans', 'gift_wrap', 'burr-grinder'],
      [beans],
      {},
      'beans',
    );
    expect(decision.totalDiscount).toBe(2300);
  });

  test('a percentage code rounds half-up on the minor unit', () => {
    const pct: Rule = {
      id: 'pct',
      kind: 'promotion_code',
      name: 'PCT',
      code: 'PCT',
      value: { type: 'percent', percent: 12.5 },
    };
    expect(evaluate('usd', ['gift_wrap'], [pct], {}, 'PCT').totalDiscount).toBe(63); // 62.5 -> 63
    expect(evaluate('jpy', ['gift_wrap'], [pct], {}, 'PCT').totalDiscount).toBe(94); // 93.75 -> 94
  });

  test.each([undefined, null, '', '   '])('a blank code (%j) is no code', (typed) => {
    const order = { ...cart('usd', ['burr-grinder']), promotionCode: typed };
    const decision = evaluateDiscounts(order, context({ rules }));
    expect(decision.promotionCode).toBeNull();
    expect(decision.refusals).toEqual([]);
  });

  test('refusals are checked in a fixed order: the window before eligibility before the minimum', () => {
    const strict: Rule = {
      ...base,
      id: 'strict',
      name: 'STRICT',
      code: 'STRICT',
      endsAt: NOW,
      allowedCustomerIds: ['vip'],
      minimumSubtotal: { usd: 1_000_000, jpy: 1_000_000 },
    };
    const decision = evaluate('usd', ['ceramic-mug'], [strict], {}, 'STRICT');
    expect(decision.refusals.map(({ code }) => code)).toEqual(['expired']);
  });
});

describe('combining', () => {
  const threshold: Rule = {
    id: 'threshold',
    kind: 'threshold',
    name: 'Spend $100, save $10',
    tiers: [
      {
        minimumSubtotal: { usd: 10000, jpy: 15000 },
        value: { type: 'amount_off', amountOff: { usd: 1000, jpy: 1500 } },
      },
    ],
  };
  const loyalty: Rule = {
    id: 'loyalty',
    kind: 'loyalty',
    name: 'Loyalty 5%',
    tiers: [{ minPaidOrders: 1, percent: 5 }],
  };
  const exclusive = (percent: number): Rule => ({
    id: 'excl',
    kind: 'promotion_code',
    name: 'SOLO',
    code: 'SOLO',
    value: { type: 'percent', percent },
    exclusive: true,
  });
  const member = { customer: { id: 'c1' }, history: { paidOrderCount: 1 } };

  test('an exclusive code that saves more replaces the automatic discounts, which are explained', () => {
    // 168.00: automatic 10.00 + 8.40 = 18.40; SOLO 20 % = 33.60
    const decision = evaluate(
      'usd',
      ['pour-over-kit', 'burr-grinder'],
      [threshold, loyalty, exclusive(20)],
      member,
      'solo',
    );
    expect(amountsOf(decision)).toEqual([['excl', 3360]]);
    expect(decision.promotionCode).toEqual({ code: 'SOLO', status: 'applied', ruleId: 'excl' });
    expect(decision.refusals).toEqual([
      {
        ruleId: 'loyalty',
        code: 'not_combinable',
        message: "Loyalty 5% can't be combined with SOLO",
        reason: expect.any(Object),
      },
      {
        ruleId: 'threshold',
        code: 'not_combinable',
        message: "Spend $100, save $10 can't be combined with SOLO",
        reason: expect.any(Object),
      },
    ]);
    expect(decision.combined).toEqual({ amountOff: 3360, currency: 'usd', name: 'SOLO' });
  });

  test('an exclusive code that saves less is refused and the automatic discounts stay', () => {
    const decision = evaluate(
      'usd',
      ['pour-over-kit', 'burr-grinder'],
      [threshold, loyalty, exclusive(10)],
      member,
      'SOLO',
    );
    expect(amountsOf(decision)).toEqual([
      ['loyalty', 840],
      ['threshold', 1000],
    ]);
    const refusal = {
      ruleId: 'excl',
      code: 'not_combinable',
      message: "SOLO can't be combined with your other discounts, which save you more",
      reason: expect.any(Object),
    };
    expect(decision.promotionCode).toEqual({ code: 'SOLO', status: 'refused', ruleId: 'excl', refusal });
    expect(decision.refusals).toEqual([refusal]);
  });

  test('on a tie the exclusive code the shopper typed is used', () => {
    // 200.00 (2 x 100.00): threshold 10.00 vs SOLO 5 % = 10.00
    const order = {
      currency: 'usd' as const,
      lines: [{ id: 'x', kind: 'product' as const, unitAmount: 10000, quantity: 2 }],
      promotionCode: 'SOLO',
    };
    const decision = evaluateDiscounts(order, context({ rules: [threshold, exclusive(5)] }));
    expect(amountsOf(decision)).toEqual([['excl', 1000]]);
  });

  test('an exclusive code with no automatic discount around simply applies', () => {
    const decision = evaluate('jpy', ['ceramic-mug'], [threshold, exclusive(10)], {}, 'SOLO');
    expect(amountsOf(decision)).toEqual([['excl', 360]]);
    expect(decision.refusals).toEqual([]);
  });

  test('the sum is capped at the subtotal and shared by largest remainder', () => {
    const everything: Rule = {
      id: 'all',
      kind: 'promotion_code',
      name: 'FREE',
      code: 'FREE',
      value: { type: 'percent', percent: 100 },
    };
    const order = {
      currency: 'usd' as const,
      lines: [{ id: 'x', kind: 'product' as const, unitAmount: 10000, quantity: 1 }],
      promotionCode: 'FREE',
    };
    const decision = evaluateDiscounts(order, context({ rules: [threshold, everything] }));
    // raw 100.00 + 10.00 > 100.00: allocate(10000, [10000, 1000]) = [9091, 909]
    expect(amountsOf(decision)).toEqual([
      ['all', 9091],
      ['threshold', 909],
    ]);
    expect(decision.totalDiscount).toBe(10000);
    expect(decision.total).toBe(0);
    expect(decision.combined).toEqual({
      amountOff: 10000,
      currency: 'usd',
      name: 'FREE + Spend $100, save $10',
    });
  });

  test('a refused code leaves the automatic discounts untouched', () => {
    const withCode = evaluate('usd', ['pour-over-kit', 'burr-grinder'], [threshold, loyalty], member, 'NOPE');
    const without = evaluate('usd', ['pour-over-kit', 'burr-grinder'], [threshold, loyalty], member);
    expect(withCode.applied).toEqual(without.applied);
    expect(withCode.total).toBe(without.total);
  });

  test('nothing applies: no combined discount, so the server clears Stripe discounts', () => {
    const decision = evaluate('usd', ['ceramic-mug'], [threshold, loyalty]);
    expect(decision).toMatchObject({
      subtotal: 2400,
      applied: [],
      totalDiscount: 0,
      total: 2400,
      combined: null,
    });
  });

  test('an empty order has nothing to discount', () => {
    const decision = evaluateDiscounts(
      { currency: 'usd', lines: [] },
      context({ rules: [threshold, loyalty], ...member }),
    );
    expect(decision).toMatchObject({ subtotal: 0, totalDiscount: 0, total: 0, combined: null });
  });

  test('a long combined name is shortened to fit Stripe', () => {
    const rules: Rule[] = [
      threshold,
      loyalty,
      {
        id: 'code',
        kind: 'promotion_code',
        name: 'WELCOME10',
        code: 'WELCOME10',
        value: { type: 'percent', percent: 10 },
      },
    ];
    const decision = evaluate('usd', ['pour-over-kit', 'burr-grinder'], rules, member, 'WELCOME10');
    expect(decision.applied.map(({ name }) => name)).toEqual([
      'WELCOME10',
      'Loyalty 5%',
      'Spend $100, save $10',
    ]);
    expect(decision.combined?.name).toBe('WELCOME10 + Loyalty 5% + 1 more');
  });
});

describe('invalid input', () => {
  const rule: Rule = { id: 'r', kind: 'loyalty', name: 'L', tiers: [{ minPaidOrders: 1, percent: 5 }] };

  test('duplicate rule ids are a configuration error', () => {
    expect(() => evaluate('usd', ['ceramic-mug'], [rule, { ...rule }])).toThrow(
      'Duplicate discount rule id "r"',
    );
  });

  test('duplicate promotion codes are a configuration error, whatever their case', () => {
    const a: Rule = {
      id: 'a',
      kind: 'promotion_code',
      name: 'A',
      code: 'SAME',
      value: { type: 'percent', percent: 5 },
    };
    expect(() => evaluate('usd', ['ceramic-mug'], [a, { ...a, id: 'b', code: ' same' }])).toThrow(
      'Duplicate promotion code "SAME"',
    );
  });

  test.each([
    { id: 'x', kind: 'product' as const, unitAmount: 10.5, quantity: 1 },
    { id: 'x', kind: 'product' as const, unitAmount: -100, quantity: 1 },
    { id: 'x', kind: 'product' as const, unitAmount: 100, quantity: 0 },
    { id: 'x', kind: 'product' as const, unitAmount: 100, quantity: 1.5 },
    { id: 'x', kind: 'product' as const, unitAmount: Number.MAX_SAFE_INTEGER, quantity: 2 },
  ])('rejects the line %j', (bad) => {
    expect(() => evaluateDiscounts({ currency: 'usd', lines: [bad] }, context({ rules: [rule] }))).toThrow(
      RangeError,
    );
  });
});

describe('order-level discounts use the subtotal after item-level discounts', () => {
  const freeExpress: Rule = {
    id: 'free-express',
    kind: 'location',
    name: 'Free express',
    countries: ['JP'],
    value: { type: 'percent', percent: 100 },
    appliesTo: { addOnIds: ['express_shipping'] },
  };
  const tenPercent: Rule = {
    id: 'ten',
    kind: 'promotion_code',
    code: 'TEN',
    name: 'TEN',
    value: { type: 'percent', percent: 10 },
  };
  const minimum: Rule = {
    id: 'min',
    kind: 'promotion_code',
    code: 'MIN',
    name: 'MIN',
    value: { type: 'amount_off', amountOff: { usd: 500, jpy: 500 } },
    minimumSubtotal: { usd: 5000, jpy: 5000 },
  };
  const jp = { shippingCountry: 'JP' };

  test('a percentage code is computed without the free add-on', () => {
    // beans 18.00 + express 15.00 (free): TEN is 10% of 18.00, not of 33.00.
    const decision = evaluate(
      'usd',
      ['single-origin-beans', 'express_shipping'],
      [freeExpress, tenPercent],
      jp,
      'TEN',
    );
    expect(amountsOf(decision)).toEqual([
      ['ten', 180],
      ['free-express', 1500],
    ]);
    expect(decision.total).toBe(3300 - 1500 - 180);
  });

  test('a free add-on does not unlock a minimum', () => {
    // mug 24.00 + beans 18.00 = 42.00; with free express 57.00 gross, still 42.00 for the minimum.
    const decision = evaluate(
      'usd',
      ['ceramic-mug', 'single-origin-beans', 'express_shipping'],
      [freeExpress, minimum],
      jp,
      'MIN',
    );
    expect(decision.promotionCode?.status).toBe('refused');
    expect(decision.refusals[0]?.code).toBe('minimum_not_met');
    // Outside Japan the express line is paid for, so it counts.
    const paid = evaluate(
      'usd',
      ['ceramic-mug', 'single-origin-beans', 'express_shipping'],
      [freeExpress, minimum],
      {},
      'MIN',
    );
    expect(paid.promotionCode?.status).toBe('applied');
  });
});

describe('codes offered in some currencies only', () => {
  const rules: Rule[] = [
    {
      id: 'p-usd15',
      kind: 'promotion_code',
      name: 'USD15',
      code: 'USD15',
      value: { type: 'percent', percent: 15 },
      minimumSubtotal: { usd: 5000 },
    },
    {
      id: 'p-yen',
      kind: 'promotion_code',
      name: 'YEN',
      code: 'YEN',
      value: { type: 'amount_off', amountOff: { jpy: 1000 } },
    },
  ];

  test.each<[Currency, string, number | null]>([
    ['usd', 'USD15', 1800], // 15 % of 120.00
    ['jpy', 'USD15', null], // a minimum in USD only: not offered in yen
    ['jpy', 'YEN', 1000],
    ['usd', 'YEN', null], // an amount off in yen only: not offered in dollars
  ])('%s %s gives %s', (currency, code, amount) => {
    const decision = evaluate(currency, ['burr-grinder'], rules, {}, code);
    if (amount === null) {
      expect(decision.promotionCode).toMatchObject({
        status: 'refused',
        refusal: { code: 'not_applicable' },
      });
      expect(decision.totalDiscount).toBe(0);
    } else {
      expect(decision.promotionCode).toMatchObject({ status: 'applied' });
      expect(decision.totalDiscount).toBe(amount);
    }
  });
});

describe('readsHistory', () => {
  // When it answers no, the checkout leaves the shopper's past orders unread: they must not matter.
  test.each<[string, string | undefined, boolean, boolean]>([
    ['a guest without a code', undefined, false, false],
    ['a guest with SAVE20', 'SAVE20', false, false],
    ['a guest with an unknown code', 'NOPE', false, false],
    ['a guest with WELCOME10 (first order only)', 'WELCOME10', false, true],
    ['a signed-in customer (loyalty tiers)', undefined, true, true],
  ])('%s', (_, code, isSignedIn, reads) => {
    expect(readsHistory({ promotionCode: code }, DEMO_RULES, isSignedIn)).toBe(reads);
    const order = cart('usd', ['burr-grinder', 'pour-over-kit'], code);
    const shopper = context({ email: 'ada@example.com', customer: isSignedIn ? { id: 'gold' } : null });
    const unread = evaluateDiscounts(order, {
      ...shopper,
      history: { paidOrderCount: 0, placedOrderCount: 0 },
    });
    const known = evaluateDiscounts(order, {
      ...shopper,
      history: { paidOrderCount: 5, placedOrderCount: 5 },
    });
    if (reads) expect(known).not.toEqual(unread);
    else expect(known).toEqual(unread);
  });
});
