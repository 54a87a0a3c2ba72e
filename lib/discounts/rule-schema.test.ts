import { describe, expect, test } from 'vitest';
import { DEMO_RULES, parseRules } from './index';

const valid = {
  id: 'code-x',
  kind: 'promotion_code',
  name: 'X',
  code: 'X',
  value: { type: 'percent', percent: 10 },
};

describe('parseRules', () => {
  test('accepts the demo rules unchanged', () => {
    expect(parseRules(JSON.parse(JSON.stringify(DEMO_RULES)))).toEqual(DEMO_RULES);
  });

  test.each<[string, unknown]>([
    ['an unknown kind', { ...valid, kind: 'bogo' }],
    ['an unknown field', { ...valid, stackable: true }],
    ['a percent above 100', { ...valid, value: { type: 'percent', percent: 101 } }],
    ['a percent with three decimals', { ...valid, value: { type: 'percent', percent: 12.345 } }],
    ['a fractional amount', { ...valid, value: { type: 'amount_off', amountOff: { usd: 10.5, jpy: 10 } } }],
    ['a code with an amount off in no currency', { ...valid, value: { type: 'amount_off', amountOff: {} } }],
    ['a code with a minimum in no currency', { ...valid, minimumSubtotal: {} }],
    [
      'an automatic rule with an amount off in one currency only',
      {
        id: 'l',
        kind: 'location',
        name: 'L',
        countries: ['JP'],
        value: { type: 'amount_off', amountOff: { jpy: 500 } },
      },
    ],
    ['a negative minimum', { ...valid, minimumSubtotal: { usd: -1, jpy: 0 } }],
    ['a blank code', { ...valid, code: '  ' }],
    ['an id with spaces', { ...valid, id: ' code-x' }],
    ['a window that ends before it starts', { ...valid, startsAt: 2000, endsAt: 1000 }],
    ['an empty appliesTo', { ...valid, appliesTo: {} }],
    ['a threshold without tiers', { id: 't', kind: 'threshold', name: 'T', tiers: [] }],
    [
      'a location with a country name',
      {
        id: 'l',
        kind: 'location',
        name: 'L',
        countries: ['Japan'],
        value: { type: 'percent', percent: 100 },
      },
    ],
    [
      'a customer offer for nobody',
      { id: 'o', kind: 'customer_offer', name: 'O', customerIds: [], value: { type: 'percent', percent: 5 } },
    ],
  ])('rejects %s', (_label, rule) => {
    expect(() => parseRules([rule])).toThrow();
  });

  test('rejects duplicate ids and duplicate codes, naming them', () => {
    expect(() => parseRules([valid, { ...valid, code: 'Y' }])).toThrow('Duplicate rule id "code-x"');
    expect(() => parseRules([valid, { ...valid, id: 'code-y', code: ' x ' }])).toThrow(
      'Duplicate promotion code "X"',
    );
  });

  test('a code may be given in some currencies only, and its name defaults to the code', () => {
    const { name: _name, ...unnamed } = valid;
    const [rule] = parseRules([
      { ...unnamed, value: { type: 'amount_off', amountOff: { usd: 500 } }, minimumSubtotal: { usd: 5000 } },
    ]);
    expect(rule).toEqual({
      ...unnamed,
      name: 'X',
      value: { type: 'amount_off', amountOff: { usd: 500 } },
      minimumSubtotal: { usd: 5000 },
    });
  });
});
