import { describe, expect, test } from 'vitest';
import {
  parseExpiry,
  passesLuhn,
  validateCard,
  validateCardNumber,
  validateCvc,
  validateExpiry,
} from './card-validation';

const NOW = new Date(2026, 5, 15); // June 2026

describe('validateCardNumber', () => {
  test.each([
    ['4242 4242 4242 4242', null],
    ['4242424242424242', null],
    ['4000 0000 0000 0002', null],
    ['4000-0000-0000-9995', null],
    ['4000000000000069', null],
    ['378282246310005', null],
    ['', 'Your card number is incomplete.'],
    ['4242 4242 4242', 'Your card number is incomplete.'],
    ['4242 4242 4242 4241', 'Your card number is invalid.'],
    ['4242 4242 4242 424x', 'Your card number is invalid.'],
    ['42424242424242424242', 'Your card number is invalid.'],
  ])('%j -> %j', (input, message) => {
    expect(validateCardNumber(input)?.message ?? null).toBe(message);
  });

  test('codes match Stripe.js', () => {
    expect(validateCardNumber('4242')?.code).toBe('incomplete_number');
    expect(validateCardNumber('4242424242424241')?.code).toBe('invalid_number');
  });

  test('Luhn', () => {
    expect(passesLuhn('4242424242424242')).toBe(true);
    expect(passesLuhn('4242424242424243')).toBe(false);
    expect(passesLuhn('')).toBe(false);
  });
});

describe('validateExpiry', () => {
  test.each([
    ['12 / 34', null],
    ['06 / 26', null],
    ['0626', null],
    ['06/2026', null],
    ['', "Your card's expiration date is incomplete."],
    ['1', "Your card's expiration date is incomplete."],
    ['12 / 3', "Your card's expiration date is incomplete."],
    ['13 / 30', "Your card's expiration date is invalid."],
    ['00 / 30', "Your card's expiration date is invalid."],
    ['12 / 25', "Your card's expiration year is in the past."],
    ['05 / 26', "Your card's expiration date is in the past."],
    ['01 / 99', "Your card's expiration year is invalid."],
  ])('%j -> %j', (input, message) => {
    expect(validateExpiry(input, NOW)?.message ?? null).toBe(message);
  });

  test('parses two- and four-digit years', () => {
    expect(parseExpiry('07 / 31')).toEqual({ month: 7, year: 2031 });
    expect(parseExpiry('07/2031')).toEqual({ month: 7, year: 2031 });
    expect(parseExpiry('7/31')).toBeNull();
  });
});

describe('validateCvc', () => {
  test.each([
    ['123', '4242424242424242', null],
    ['12', '4242424242424242', "Your card's security code is incomplete."],
    ['', '4242424242424242', "Your card's security code is incomplete."],
    ['123', '378282246310005', "Your card's security code is incomplete."],
    ['1234', '378282246310005', null],
    ['1234', '4242424242424242', "Your card's security code is invalid."],
    ['12a', '4242424242424242', "Your card's security code is invalid."],
  ])('%j for %j -> %j', (cvc, number, message) => {
    expect(validateCvc(cvc, number)?.message ?? null).toBe(message);
  });
});

describe('validateCard', () => {
  test('a valid card parses into confirm parameters', () => {
    expect(validateCard({ number: '4242 4242 4242 4242', expiry: '12 / 34', cvc: '123' }, NOW)).toEqual({
      errors: { number: null, expiry: null, cvc: null },
      firstError: null,
      card: { number: '4242424242424242', expMonth: 12, expYear: 2034, cvc: '123' },
    });
  });

  test('reports the first error in field order', () => {
    const result = validateCard({ number: '4242', expiry: '01 / 20', cvc: '1' }, NOW);
    expect(result.firstError?.message).toBe('Your card number is incomplete.');
    expect(result.errors.expiry?.message).toBe("Your card's expiration year is in the past.");
    expect(result.errors.cvc?.message).toBe("Your card's security code is incomplete.");
    expect(result.card).toBeNull();
  });
});
