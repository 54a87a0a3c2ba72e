import { describe, expect, test } from 'vitest';
import { EMPTY_PAYMENT_DETAILS, summarisePaymentDetails, toPaymentMethodData } from './payment-details';

const NOW = new Date(2026, 5, 15);
const card = (number: string, expiry = '12 / 34', cvc = '123') => ({
  method: 'card' as const,
  card: { number, expiry, cvc },
});

describe('summarisePaymentDetails', () => {
  test('empty, partial and complete card input', () => {
    expect(summarisePaymentDetails(EMPTY_PAYMENT_DETAILS, NOW)).toMatchObject({
      empty: true,
      complete: false,
    });
    expect(summarisePaymentDetails(card('4242', '', ''), NOW)).toMatchObject({
      empty: false,
      complete: false,
    });
    expect(summarisePaymentDetails(card('4242424242424242'), NOW)).toMatchObject({
      empty: false,
      complete: true,
    });
  });

  test('konbini needs no typed input', () => {
    expect(summarisePaymentDetails({ ...EMPTY_PAYMENT_DETAILS, method: 'konbini' }, NOW)).toMatchObject({
      empty: false,
      complete: true,
    });
  });
});

describe('toPaymentMethodData', () => {
  test('card', () => {
    expect(toPaymentMethodData(card('4242 4242 4242 4242'), NOW)).toEqual({
      ok: true,
      paymentMethodData: {
        type: 'card',
        card: { number: '4242424242424242', exp_month: 12, exp_year: 2034, cvc: '123' },
      },
    });
  });

  test('konbini ignores card fields', () => {
    expect(
      toPaymentMethodData({ method: 'konbini', card: { number: 'x', expiry: '', cvc: '' } }, NOW),
    ).toEqual({
      ok: true,
      paymentMethodData: { type: 'konbini' },
    });
  });

  test('invalid card gives the validation error', () => {
    expect(toPaymentMethodData(card('4242424242424242', '01 / 20'), NOW)).toEqual({
      ok: false,
      error: {
        type: 'validation_error',
        code: 'invalid_expiry_year_past',
        message: "Your card's expiration year is in the past.",
      },
    });
  });
});
