import { describe, expect, test } from 'vitest';
import type { PromotionCodeRule } from '@/lib/discounts';
import {
  EMPTY_RULE_FORM,
  type FieldErrors,
  type RuleFormValues,
  readRuleForm,
  ruleFormValuesOf,
  ruleFromForm,
} from './rule-form';

const form = (values: Partial<RuleFormValues>): RuleFormValues => ({ ...EMPTY_RULE_FORM, ...values });

describe('ruleFromForm', () => {
  test('TEST15: 15 %, minimum 50.00 USD only (not offered in yen), limit 2, the name defaults to the code', () => {
    expect(
      ruleFromForm(form({ code: ' test15 ', percentOff: '15', minimumUsd: '50.00', limit: '2' }), 'r1'),
    ).toEqual({
      ok: true,
      rule: {
        id: 'r1',
        kind: 'promotion_code',
        code: 'TEST15',
        name: 'TEST15',
        value: { type: 'percent', percent: 15 },
        minimumSubtotal: { usd: 5000 },
        maxRedemptions: 2,
      },
    });
  });

  test('every condition the engine supports for a code', () => {
    const result = ruleFromForm(
      form({
        code: 'VIPYEN',
        name: 'VIP yen offer',
        amountOffUsd: '5',
        amountOffJpy: '700',
        minimumJpy: '7,200',
        limitPerCustomer: '1',
        startsAt: '2030-01-01',
        endsAt: '2030-02-01 12:30',
        firstOrderOnly: true,
        exclusive: true,
        customers: ['vip', 'gold'],
      }),
      'r2',
      { appliesTo: { productIds: ['burr-grinder'] } },
    );
    expect(result).toEqual({
      ok: true,
      rule: {
        id: 'r2',
        kind: 'promotion_code',
        code: 'VIPYEN',
        name: 'VIP yen offer',
        value: { type: 'amount_off', amountOff: { usd: 500, jpy: 700 } },
        appliesTo: { productIds: ['burr-grinder'] },
        minimumSubtotal: { jpy: 7200 },
        firstOrderOnly: true,
        allowedCustomerIds: ['vip', 'gold'],
        startsAt: Date.UTC(2030, 0, 1),
        endsAt: Date.UTC(2030, 1, 1, 12, 30),
        maxRedemptionsPerCustomer: 1,
        exclusive: true,
      },
    });
    if (!result.ok) throw new Error('unreachable');
    // Shown again for editing, it reads back to the same rule.
    expect(ruleFromForm(ruleFormValuesOf(result.rule as PromotionCodeRule), 'r2', result.rule)).toEqual(
      result,
    );
  });

  test.each<[string, Partial<RuleFormValues>, FieldErrors]>([
    ['no code', { percentOff: '10' }, { code: 'Enter a code, e.g. TEST15.' }],
    [
      'nothing given',
      { code: 'A' },
      { percentOff: 'Give a percentage, or an amount off in at least one currency.' },
    ],
    [
      'a percentage and an amount',
      { code: 'A', percentOff: '10', amountOffUsd: '5' },
      { percentOff: 'Give a percentage or an amount off, not both.' },
    ],
    [
      'a percentage above 100',
      { code: 'A', percentOff: '101' },
      { percentOff: 'Enter a percentage from 0 to 100, e.g. 15.' },
    ],
    [
      'a percentage with three decimals',
      { code: 'A', percentOff: '12.345' },
      { percentOff: 'A percentage may have at most two decimals' },
    ],
    [
      'a negative percentage',
      { code: 'A', percentOff: '-5' },
      { percentOff: 'Enter a percentage from 0 to 100, e.g. 15.' },
    ],
    ['cents in yen', { code: 'A', amountOffJpy: '10.5' }, { amountOffJpy: 'Enter whole yen, e.g. 7200.' }],
    [
      'three decimals in dollars',
      { code: 'A', percentOff: '5', minimumUsd: '1.005' },
      { minimumUsd: 'Enter an amount in dollars, e.g. 50.00.' },
    ],
    [
      'a fractional limit',
      { code: 'A', percentOff: '5', limit: '2.5' },
      { limit: 'Enter a whole number, e.g. 100.' },
    ],
    [
      'a window that ends first',
      { code: 'A', percentOff: '5', startsAt: '2030-01-02T00:00', endsAt: '2030-01-01T00:00' },
      { endsAt: 'Ends must be after Starts.' },
    ],
    [
      'a day that does not exist',
      { code: 'A', percentOff: '5', startsAt: '2030-02-30T00:00' },
      { startsAt: 'Enter a date and time in UTC, e.g. 2026-12-31T23:59.' },
    ],
    [
      'an hour that does not exist',
      { code: 'A', percentOff: '5', endsAt: '2030-02-01 24:30' },
      { endsAt: 'Enter a date and time in UTC, e.g. 2026-12-31T23:59.' },
    ],
  ])('refuses %s, on its field', (_label, values, errors) => {
    expect(ruleFromForm(form(values), 'r')).toEqual({ ok: false, errors });
  });
});

describe('readRuleForm', () => {
  test('reads what the form posts, ignoring anything else', () => {
    const data = new FormData();
    data.set('code', 'TEST15');
    data.set('percentOff', '15');
    data.set('firstOrderOnly', 'on');
    data.append('customers', 'vip');
    data.append('customers', 'gold');
    data.set('stackable', 'yes');
    expect(readRuleForm(data)).toEqual({
      ...EMPTY_RULE_FORM,
      code: 'TEST15',
      percentOff: '15',
      firstOrderOnly: true,
      customers: ['vip', 'gold'],
    });
  });
});
