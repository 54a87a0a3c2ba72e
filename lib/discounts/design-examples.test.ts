import { describe, expect, test } from 'vitest';
import { evaluateDiscounts } from './index';
import { cart, context, signedIn } from './test-fixtures';

// The worked examples of DESIGN.md "Discounts", against the seeded demo rules, as a guest.
describe('DESIGN.md worked examples (USD)', () => {
  test('kit + grinder with SAVE20: 168.00 - 10.00 - 20.00 = 138.00', () => {
    const decision = evaluateDiscounts(cart('usd', ['pour-over-kit', 'burr-grinder'], 'SAVE20'), context());
    expect(decision).toEqual({
      currency: 'usd',
      subtotal: 16800,
      applied: [
        { ruleId: 'code-save20', kind: 'promotion_code', name: 'SAVE20', amount: 2000 },
        { ruleId: 'threshold-spend-100', kind: 'threshold', name: 'Spend $100, save $10', amount: 1000 },
      ],
      totalDiscount: 3000,
      total: 13800,
      combined: { amountOff: 3000, currency: 'usd', name: 'SAVE20 + Spend $100, save $10' },
      refusals: [],
      promotionCode: { code: 'SAVE20', status: 'applied', ruleId: 'code-save20' },
    });
  });

  test('kit + grinder with WELCOME10: 168.00 - 10.00 - 16.80 = 141.20', () => {
    const decision = evaluateDiscounts(
      cart('usd', ['pour-over-kit', 'burr-grinder'], 'WELCOME10'),
      context({ email: 'new@example.com' }),
    );
    expect(decision.applied).toEqual([
      { ruleId: 'code-welcome10', kind: 'promotion_code', name: 'WELCOME10', amount: 1680 },
      { ruleId: 'threshold-spend-100', kind: 'threshold', name: 'Spend $100, save $10', amount: 1000 },
    ]);
    expect(decision.total).toBe(14120);
    expect(decision.combined).toEqual({
      amountOff: 2680,
      currency: 'usd',
      name: 'WELCOME10 + Spend $100, save $10',
    });
  });

  test('mug + grinder + Express shipping with SAVE20: 159.00 - 10.00 - 20.00 = 129.00', () => {
    const decision = evaluateDiscounts(
      cart('usd', ['ceramic-mug', 'burr-grinder', 'express_shipping'], 'SAVE20'),
      context(),
    );
    expect(decision.subtotal).toBe(15900);
    expect(decision.applied.map(({ amount }) => amount)).toEqual([2000, 1000]);
    expect(decision.total).toBe(12900);
    expect(decision.promotionCode?.status).toBe('applied');
  });

  test('mug + grinder without Express shipping: SAVE20 refused, 144.00 - 10.00 = 134.00', () => {
    const decision = evaluateDiscounts(cart('usd', ['ceramic-mug', 'burr-grinder'], 'SAVE20'), context());
    const refusal = {
      ruleId: 'code-save20',
      code: 'minimum_not_met',
      message: 'SAVE20 needs a subtotal of $150.00; add $6.00 more',
      reason: expect.any(Object),
    };
    expect(decision).toEqual({
      currency: 'usd',
      subtotal: 14400,
      applied: [
        { ruleId: 'threshold-spend-100', kind: 'threshold', name: 'Spend $100, save $10', amount: 1000 },
      ],
      totalDiscount: 1000,
      total: 13400,
      combined: { amountOff: 1000, currency: 'usd', name: 'Spend $100, save $10' },
      refusals: [refusal],
      promotionCode: { code: 'SAVE20', status: 'refused', ruleId: 'code-save20', refusal },
    });
  });
});

describe('DESIGN.md demo rules', () => {
  test('the same carts in JPY use the yen amounts and names', () => {
    const decision = evaluateDiscounts(cart('jpy', ['pour-over-kit', 'burr-grinder'], 'save20'), context());
    expect(decision.subtotal).toBe(25200);
    expect(decision.applied).toEqual([
      { ruleId: 'code-save20', kind: 'promotion_code', name: 'SAVE20', amount: 3000 },
      { ruleId: 'threshold-spend-100', kind: 'threshold', name: 'Spend ¥15,000, save ¥1,500', amount: 1500 },
    ]);
    expect(decision.total).toBe(20700);
    expect(decision.combined?.name).toBe('SAVE20 + Spend ¥15,000, save ¥1,500');

    const short = evaluateDiscounts(cart('jpy', ['ceramic-mug', 'burr-grinder'], 'SAVE20'), context());
    expect(short.promotionCode).toMatchObject({
      status: 'refused',
      refusal: {
        code: 'minimum_not_met',
        message: 'SAVE20 needs a subtotal of ￥22,500; add ￥900 more',
        reason: expect.any(Object),
      },
    });
    expect(short.total).toBe(21600 - 1500);
  });

  test.each([
    ['returning', 'Loyalty 5% off', 840],
    ['gold', 'Loyalty 10% off', 1680],
  ] as const)('%s gets %s on top of the threshold, never both tiers', (customer, name, amount) => {
    const decision = evaluateDiscounts(
      cart('usd', ['pour-over-kit', 'burr-grinder']),
      context(signedIn(customer)),
    );
    expect(decision.applied).toEqual([
      { ruleId: 'loyalty', kind: 'loyalty', name, amount },
      { ruleId: 'threshold-spend-100', kind: 'threshold', name: 'Spend $100, save $10', amount: 1000 },
    ]);
    expect(decision.total).toBe(16800 - 1000 - amount);
  });

  test('Vip has no paid order: no loyalty, VIP25 applies', () => {
    const decision = evaluateDiscounts(cart('usd', ['burr-grinder'], 'VIP25'), context(signedIn('vip')));
    expect(decision.applied.map(({ name, amount }) => [name, amount])).toEqual([
      ['VIP25', 3000],
      ['Spend $100, save $10', 1000],
    ]);
    expect(decision.total).toBe(8000);
  });

  test('Returning cannot use WELCOME10 and a guest whose email has an order cannot either', () => {
    for (const overrides of [
      signedIn('returning'),
      { history: { paidOrderCount: 1 }, email: 'a@example.com' },
    ]) {
      const decision = evaluateDiscounts(cart('usd', ['ceramic-mug'], 'welcome10'), context(overrides));
      expect(decision.promotionCode).toMatchObject({
        status: 'refused',
        refusal: {
          code: 'first_order_only',
          message: 'WELCOME10 is for first orders only',
          reason: expect.any(Object),
        },
      });
    }
  });

  test('SPRING answers expired', () => {
    const decision = evaluateDiscounts(cart('usd', ['ceramic-mug'], 'Spring'), context());
    expect(decision.refusals).toEqual([
      { ruleId: 'code-spring', code: 'expired', message: 'SPRING has expired', reason: expect.any(Object) },
    ]);
  });

  test('VIP25 is not available to other customers', () => {
    const decision = evaluateDiscounts(cart('usd', ['ceramic-mug'], 'VIP25'), context(signedIn('gold')));
    expect(decision.refusals).toEqual([
      {
        ruleId: 'code-vip25',
        code: 'not_eligible',
        message: 'VIP25 is not available for your account',
        reason: expect.any(Object),
      },
    ]);
  });

  test('shipping to Japan makes Express shipping free', () => {
    const decision = evaluateDiscounts(
      cart('jpy', ['ceramic-mug', 'express_shipping']),
      context({ shippingCountry: 'JP' }),
    );
    expect(decision.applied).toEqual([
      {
        ruleId: 'location-jp-express',
        kind: 'location',
        name: 'Free express shipping to Japan',
        amount: 2250,
      },
    ]);
    expect(decision.total).toBe(3600);
  });

  test('SAVE20 stops at 100 redemptions', () => {
    const atLimit = { 'code-save20': { total: 100, byCustomer: 0 } };
    const decision = evaluateDiscounts(
      cart('usd', ['burr-grinder', 'pour-over-kit'], 'SAVE20'),
      context({ redemptions: atLimit }),
    );
    expect(decision.refusals).toEqual([
      {
        ruleId: 'code-save20',
        code: 'limit_reached',
        message: 'SAVE20 has reached its limit',
        reason: expect.any(Object),
      },
    ]);
    expect(decision.total).toBe(15800);
  });
});

describe('DESIGN.md arithmetic: a free add-on never lowers a total or unlocks a code', () => {
  const japan = context({ shippingCountry: 'JP' });

  test('Japan: mug + grinder + Express shipping = 159.00, Express free -> 144.00 counts', () => {
    const decision = evaluateDiscounts(
      cart('usd', ['ceramic-mug', 'burr-grinder', 'express_shipping'], 'SAVE20'),
      japan,
    );
    const refusal = {
      ruleId: 'code-save20',
      code: 'minimum_not_met',
      message: 'SAVE20 needs a subtotal of $150.00; add $6.00 more',
      reason: { kind: 'minimum_not_met', code: 'SAVE20', minimum: 15000, missing: 600, currency: 'usd' },
    };
    expect(decision.subtotal).toBe(15900);
    expect(decision.applied).toEqual([
      {
        ruleId: 'location-jp-express',
        kind: 'location',
        name: 'Free express shipping to Japan',
        amount: 1500,
      },
      { ruleId: 'threshold-spend-100', kind: 'threshold', name: 'Spend $100, save $10', amount: 1000 },
    ]);
    expect(decision.total).toBe(13400);
    expect(decision.promotionCode).toEqual({
      code: 'SAVE20',
      status: 'refused',
      ruleId: 'code-save20',
      refusal,
    });
  });

  test('adding the free Express shipping leaves the total and every percentage unchanged', () => {
    for (const [customer, code] of [
      ['vip', 'VIP25'],
      ['gold', undefined],
      ['returning', undefined],
    ] as const) {
      const ctx = context({ ...signedIn(customer), shippingCountry: 'JP' });
      const without = evaluateDiscounts(cart('usd', ['single-origin-beans'], code), ctx);
      const withExpress = evaluateDiscounts(
        cart('usd', ['single-origin-beans', 'express_shipping'], code),
        ctx,
      );
      expect(withExpress.total).toBe(without.total);
    }
  });
});
