import { describe, expect, test } from 'vitest';
import { checkTypedFields, parseAddress, withoutCorrected } from './field-checks';
import type { AddressFields } from './shipping-address-form';

const EMPTY: AddressFields = { name: '', line1: '', city: '', state: '', postalCode: '', country: 'US' };
const TOKYO: AddressFields = {
  name: 'Hanako Yamada',
  line1: '1-1 Chiyoda',
  city: 'Tokyo',
  state: '',
  postalCode: '100-0001',
  country: 'JP',
};

describe('checkTypedFields', () => {
  test('an empty form names every missing field, in page order, and focuses the first', () => {
    const result = checkTypedFields({ collectsEmail: true, email: '', address: EMPTY });
    expect(result.typed).toBeNull();
    expect(result.emailError).toBe('Enter your email.');
    expect(result.addressErrors).toEqual({
      name: 'Enter the full name.',
      line1: 'Enter the address.',
      city: 'Enter the city.',
      postalCode: 'Enter the postal code.',
    });
    expect(result.problem).toEqual({
      summary: 'Check these 5 fields before paying: Email, Full name, Address line 1, City, Postal code.',
      focusId: 'email',
    });
  });

  test('one wrong field is named alone', () => {
    const result = checkTypedFields({ collectsEmail: true, email: 'not-an-email', address: TOKYO });
    expect(result.emailError).toBe('Enter a valid email address.');
    expect(result.problem).toEqual({ summary: 'Check Email before paying.', focusId: 'email' });
  });

  test("the routes' English messages are used for limits too (zod/mini has none of its own)", () => {
    const result = checkTypedFields({
      collectsEmail: false,
      email: '',
      address: { ...TOKYO, name: 'x'.repeat(201) },
    });
    expect(result.addressErrors.name).toBe('Too big: expected string to have <=200 characters.');
  });

  test('a valid form gives the trimmed requests the routes accept; a customer sends no email', () => {
    const result = checkTypedFields({
      collectsEmail: false,
      email: '',
      address: { ...TOKYO, city: ' Tokyo ' },
    });
    expect(result).toEqual({
      typed: {
        shippingAddress: {
          name: 'Hanako Yamada',
          address: { line1: '1-1 Chiyoda', city: 'Tokyo', postal_code: '100-0001', country: 'JP' },
        },
      },
      emailError: null,
      addressErrors: {},
      problem: null,
    });
    expect(
      checkTypedFields({ collectsEmail: true, email: ' a@example.com ', address: TOKYO }).typed?.email,
    ).toBe('a@example.com');
  });
});

test('parseAddress accepts only a complete address', () => {
  expect(parseAddress(EMPTY)).toBeNull();
  expect(parseAddress(TOKYO)?.address.country).toBe('JP');
});

test('withoutCorrected drops the messages of changed fields only, and keeps the object when nothing changes', () => {
  const errors = { name: 'Enter the full name.', city: 'Enter the city.' };
  expect(withoutCorrected(errors, EMPTY, { ...EMPTY, name: 'H' })).toEqual({ city: 'Enter the city.' });
  expect(withoutCorrected(errors, EMPTY, { ...EMPTY, line1: 'x' })).toBe(errors);
});
