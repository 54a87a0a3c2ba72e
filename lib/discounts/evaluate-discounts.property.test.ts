import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CURRENCIES, type Currency } from '@/lib/money';
import {
  type DiscountContext,
  type DiscountOrder,
  type DiscountValue,
  evaluateDiscounts,
  type LineSelector,
  type OrderLine,
  type PerCurrency,
  parseRules,
  type Rule,
  STRIPE_COUPON_NAME_MAX_LENGTH,
  type ThresholdRule,
} from './index';
import { ITEM_IDS, PRICES } from './test-fixtures';

const NOW = Date.UTC(2025, 0, 15);
const DAY = 24 * 60 * 60 * 1000;
const PRODUCT_IDS = ITEM_IDS.filter((id) => PRICES[id].kind === 'product');
const ADD_ON_IDS = ITEM_IDS.filter((id) => PRICES[id].kind === 'add_on');
const CUSTOMER_IDS = ['c1', 'c2', 'vip'];

/** Mostly undefined, so that generated codes are often valid and restrictions still get exercised. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary, weight: 1 });
}

const currencyArb = fc.constantFrom<Currency>(...CURRENCIES);
const perCurrencyArb = (max: number): fc.Arbitrary<PerCurrency> =>
  fc.record({ usd: fc.integer({ min: 0, max }), jpy: fc.integer({ min: 0, max: max * 15 }) });
const percentArb = fc.integer({ min: 0, max: 10_000 }).map((basisPoints) => basisPoints / 100);
const valueArb: fc.Arbitrary<DiscountValue> = fc.oneof(
  percentArb.map((percent) => ({ type: 'percent' as const, percent })),
  perCurrencyArb(30_000).map((amountOff) => ({ type: 'amount_off' as const, amountOff })),
);
const selectorArb: fc.Arbitrary<LineSelector | undefined> = sometimes(
  fc
    .record({
      productIds: fc.subarray(PRODUCT_IDS, { minLength: 1 }),
      addOnIds: fc.subarray(ADD_ON_IDS),
    })
    .map((selector): LineSelector => selector),
);
const windowArb = fc
  .record({ start: fc.integer({ min: -20, max: 20 }), length: fc.integer({ min: 1, max: 20 }) })
  .map(({ start, length }) => ({ startsAt: NOW + start * DAY, endsAt: NOW + (start + length) * DAY }));

const lineArb: fc.Arbitrary<OrderLine> = fc
  .record({
    id: fc.constantFrom(...ITEM_IDS),
    unitAmount: fc.integer({ min: 0, max: 50_000 }),
    quantity: fc.integer({ min: 1, max: 5 }),
  })
  .map(({ id, unitAmount, quantity }) => ({ id, kind: PRICES[id].kind, unitAmount, quantity }));

/** A rule without its id (and code), which are assigned uniquely afterwards. */
type RuleSpec = (id: string) => Rule;

const thresholdSpecArb: fc.Arbitrary<RuleSpec> = fc
  .array(fc.record({ minimumSubtotal: perCurrencyArb(40_000), value: valueArb }), {
    minLength: 1,
    maxLength: 3,
  })
  .map((tiers) => (id) => ({ id, kind: 'threshold', name: `Threshold ${id}`, tiers }));

const ruleSpecArb: fc.Arbitrary<RuleSpec> = fc.oneof(
  fc
    .record({
      value: valueArb,
      appliesTo: selectorArb,
      minimumSubtotal: sometimes(perCurrencyArb(40_000)),
      firstOrderOnly: sometimes(fc.boolean()),
      allowedCustomerIds: sometimes(fc.subarray(CUSTOMER_IDS)),
      window: sometimes(windowArb),
      maxRedemptions: sometimes(fc.integer({ min: 0, max: 10 })),
      maxRedemptionsPerCustomer: sometimes(fc.integer({ min: 0, max: 3 })),
      exclusive: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map(
      ({ window, ...rest }): RuleSpec =>
        (id) => ({ id, kind: 'promotion_code', name: `CODE-${id}`, code: `code-${id}`, ...window, ...rest }),
    ),
  thresholdSpecArb,
  fc
    .array(fc.record({ minPaidOrders: fc.integer({ min: 0, max: 4 }), percent: percentArb }), {
      minLength: 1,
      maxLength: 3,
    })
    .map(
      (tiers): RuleSpec =>
        (id) => ({ id, kind: 'loyalty', name: `Loyalty ${id}`, tiers }),
    ),
  fc.record({ value: valueArb, window: windowArb, appliesTo: selectorArb }).map(
    ({ value, window, appliesTo }): RuleSpec =>
      (id) => ({ id, kind: 'time_window', name: `Sale ${id}`, value, appliesTo, ...window }),
  ),
  fc
    .record({
      countries: fc.subarray(['JP', 'US'], { minLength: 1 }),
      value: valueArb,
      appliesTo: selectorArb,
    })
    .map(
      (fields): RuleSpec =>
        (id) => ({ id, kind: 'location', name: `Ship ${id}`, ...fields }),
    ),
  fc
    .record({
      customerIds: fc.subarray(CUSTOMER_IDS, { minLength: 1 }),
      value: valueArb,
      appliesTo: selectorArb,
    })
    .map(
      (fields): RuleSpec =>
        (id) => ({ id, kind: 'customer_offer', name: `Offer ${id}`, ...fields }),
    ),
);

function withIds(specsArb: fc.Arbitrary<RuleSpec[]>): fc.Arbitrary<Rule[]> {
  return specsArb.chain((specs) =>
    fc
      .uniqueArray(fc.stringMatching(/^[a-z]{1,4}$/), { minLength: specs.length, maxLength: specs.length })
      .map((ids) => specs.map((spec, index) => spec(ids[index] ?? `r${index}`))),
  );
}

const rulesArb = withIds(fc.array(ruleSpecArb, { maxLength: 8 }));

interface Scenario {
  readonly order: DiscountOrder;
  readonly context: DiscountContext;
}

const scenarioArb: fc.Arbitrary<Scenario> = rulesArb.chain((rules) => {
  const codes = rules.flatMap((rule) => (rule.kind === 'promotion_code' ? [rule.code] : []));
  const typedArb = fc.option(
    fc.oneof(
      fc.constant('UNKNOWN'),
      ...codes.map((code) => fc.constantFrom(code, ` ${code.toUpperCase()} `)),
    ),
    { nil: undefined },
  );
  const countsArb = fc.dictionary(
    fc.constantFrom(...rules.map(({ id }) => id), 'none'),
    fc.record({ total: fc.integer({ min: 0, max: 12 }), byCustomer: fc.integer({ min: 0, max: 4 }) }),
  );
  return fc.record({
    order: fc.record({
      currency: currencyArb,
      lines: fc.array(lineArb, { maxLength: 6 }),
      promotionCode: typedArb,
    }),
    context: fc.record({
      now: fc.integer({ min: NOW - 30 * DAY, max: NOW + 30 * DAY }),
      customer: fc.option(fc.constantFrom(...CUSTOMER_IDS, 'someone').map((id) => ({ id }))),
      email: fc.option(fc.constant('shopper@example.com')),
      history: fc.record({ paidOrderCount: fc.integer({ min: 0, max: 5 }) }),
      redemptions: countsArb,
      shippingCountry: fc.option(fc.constantFrom('JP', 'jp', 'US', 'GB')),
      rules: fc.constant(rules),
    }),
  });
});

describe('evaluateDiscounts properties', () => {
  test('the discount stays within [0, subtotal] and the figures add up', () => {
    fc.assert(
      fc.property(scenarioArb, ({ order, context }) => {
        const decision = evaluateDiscounts(order, context);
        const subtotal = order.lines.reduce((sum, line) => sum + line.unitAmount * line.quantity, 0);
        expect(decision.subtotal).toBe(subtotal);
        expect(decision.totalDiscount).toBeGreaterThanOrEqual(0);
        expect(decision.totalDiscount).toBeLessThanOrEqual(subtotal);
        expect(decision.total).toBe(subtotal - decision.totalDiscount);
        expect(decision.applied.reduce((sum, { amount }) => sum + amount, 0)).toBe(decision.totalDiscount);
        for (const { amount } of decision.applied) {
          expect(Number.isSafeInteger(amount) && amount >= 0).toBe(true);
        }
        if (decision.totalDiscount === 0) {
          expect(decision.combined).toBeNull();
        } else {
          expect(decision.combined?.amountOff).toBe(decision.totalDiscount);
          expect(decision.combined?.currency).toBe(order.currency);
          expect(Array.from(decision.combined?.name ?? '').length).toBeLessThanOrEqual(
            STRIPE_COUPON_NAME_MAX_LENGTH,
          );
        }
        const codeApplied = decision.applied.some(({ kind }) => kind === 'promotion_code');
        expect(codeApplied).toBe(decision.promotionCode?.status === 'applied');
      }),
    );
  });

  test('the result does not depend on the order of the rules', () => {
    const shuffledArb = scenarioArb.chain((scenario) =>
      fc
        .shuffledSubarray([...scenario.context.rules], {
          minLength: scenario.context.rules.length,
          maxLength: scenario.context.rules.length,
        })
        .map((shuffled) => ({ scenario, shuffled })),
    );
    fc.assert(
      fc.property(shuffledArb, ({ scenario, shuffled }) => {
        const original = evaluateDiscounts(scenario.order, scenario.context);
        expect(evaluateDiscounts(scenario.order, { ...scenario.context, rules: shuffled })).toEqual(original);
        expect(evaluateDiscounts(scenario.order, scenario.context)).toEqual(original);
      }),
    );
  });

  test('typing a promotion code never makes the order more expensive', () => {
    fc.assert(
      fc.property(scenarioArb, ({ order, context }) => {
        const withCode = evaluateDiscounts(order, context);
        const withoutCode = evaluateDiscounts({ ...order, promotionCode: null }, context);
        expect(withCode.total).toBeLessThanOrEqual(withoutCode.total);
      }),
      { numRuns: 300 },
    );
  });

  test('adding an item never lowers a threshold discount', () => {
    const thresholdRulesArb = withIds(fc.array(thresholdSpecArb, { minLength: 1, maxLength: 3 }));
    fc.assert(
      fc.property(
        thresholdRulesArb,
        currencyArb,
        fc.array(lineArb, { maxLength: 5 }),
        lineArb,
        (rules, currency, lines, extra) => {
          const context: DiscountContext = {
            now: NOW,
            history: { paidOrderCount: 0 },
            redemptions: {},
            rules,
          };
          const before = evaluateDiscounts({ currency, lines }, context);
          const after = evaluateDiscounts({ currency, lines: [...lines, extra] }, context);
          expect(after.totalDiscount).toBeGreaterThanOrEqual(before.totalDiscount);
          const [only] = rules;
          if (rules.length === 1 && only !== undefined) {
            const amountOf = (decision: typeof before) =>
              decision.applied.find(({ ruleId }) => ruleId === only.id)?.amount ?? 0;
            expect(amountOf(after)).toBeGreaterThanOrEqual(amountOf(before));
          }
        },
      ),
    );
  });

  test('a threshold rule alone follows its best reached tier exactly', () => {
    const ruleArb = withIds(thresholdSpecArb.map((spec) => [spec])).map(([rule]) => rule as ThresholdRule);
    fc.assert(
      fc.property(ruleArb, currencyArb, fc.integer({ min: 0, max: 100_000 }), (rule, currency, subtotal) => {
        const order: DiscountOrder = {
          currency,
          lines: [{ id: 'x', kind: 'product', unitAmount: subtotal, quantity: 1 }],
        };
        const decision = evaluateDiscounts(order, {
          now: NOW,
          history: { paidOrderCount: 0 },
          redemptions: {},
          rules: [rule],
        });
        const reached = rule.tiers
          .filter((tier) => subtotal >= tier.minimumSubtotal[currency])
          .map(({ value }) =>
            value.type === 'amount_off'
              ? Math.min(value.amountOff[currency], subtotal)
              : Number((BigInt(subtotal) * BigInt(Math.round(value.percent * 100)) + 5000n) / 10000n),
          );
        expect(decision.totalDiscount).toBe(Math.max(0, ...reached));
      }),
    );
  });

  test('every generated rule set passes the rule schema', () => {
    fc.assert(
      fc.property(rulesArb, (rules) => {
        expect(parseRules(JSON.parse(JSON.stringify(rules)))).toEqual(JSON.parse(JSON.stringify(rules)));
      }),
    );
  });
});
