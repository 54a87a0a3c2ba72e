import { describe, expect, test } from 'vitest';
import { addressFromContact, emptyAddress, toAddressChangeEvent, toCheckoutContact } from './address-details';

describe('toAddressChangeEvent', () => {
  test('an untouched form is empty and incomplete', () => {
    expect(toAddressChangeEvent(emptyAddress('US'), 'shipping')).toMatchObject({
      elementType: 'address',
      elementMode: 'shipping',
      empty: true,
      complete: false,
    });
  });

  test('name, line 1, city, postal code and country make it complete; line 2 and state are optional', () => {
    const event = toAddressChangeEvent(
      {
        name: ' Hanako ',
        line1: '1-1 Chiyoda',
        line2: '',
        city: 'Tokyo',
        state: '',
        postal_code: '100-0001',
        country: 'JP',
      },
      'shipping',
    );
    expect(event).toEqual({
      elementType: 'address',
      elementMode: 'shipping',
      empty: false,
      complete: true,
      isNewAddress: true,
      value: {
        name: 'Hanako',
        address: {
          line1: '1-1 Chiyoda',
          line2: null,
          city: 'Tokyo',
          state: '',
          postal_code: '100-0001',
          country: 'JP',
        },
      },
    });
    expect(toCheckoutContact(event.value)).toEqual({
      name: 'Hanako',
      address: {
        line1: '1-1 Chiyoda',
        line2: null,
        city: 'Tokyo',
        state: null,
        postal_code: '100-0001',
        country: 'JP',
      },
    });
  });

  test('a missing city keeps it incomplete', () => {
    const details = { ...addressFromContact(null, 'US'), name: 'A', line1: 'B', postal_code: '94103' };
    expect(toAddressChangeEvent(details, 'billing').complete).toBe(false);
  });
});

test('addressFromContact prefills and falls back to the first allowed country', () => {
  expect(addressFromContact({ name: 'Ada', address: { country: 'GB', city: 'London' } }, 'US')).toMatchObject(
    {
      name: 'Ada',
      city: 'London',
      country: 'GB',
    },
  );
  expect(addressFromContact(null, 'US').country).toBe('US');
});
