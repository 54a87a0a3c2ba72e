'use client';

import { useState } from 'react';
import type { ShippingDetails } from '@/lib/checkout/cart';
import type { ShippingAddressRequest } from '@/lib/checkout/schemas';

const COUNTRY_NAMES: Record<string, string> = {
  US: 'United States',
  JP: 'Japan',
  GB: 'United Kingdom',
  CA: 'Canada',
  AU: 'Australia',
  DE: 'Germany',
  FR: 'France',
};

/**
 * Shipping details are server-only on the session (location offers depend on them), so the address
 * goes to our route, which sets it on the session and recomputes the discounts in one update.
 */
export function ShippingAddressForm({
  initial,
  allowedCountries,
  disabled,
  onSave,
}: {
  initial: ShippingDetails | null;
  allowedCountries: readonly string[];
  disabled: boolean;
  onSave: (address: ShippingAddressRequest) => Promise<unknown>;
}) {
  const [name, setName] = useState(initial?.name ?? '');
  const [line1, setLine1] = useState(initial?.address.line1 ?? '');
  const [city, setCity] = useState(initial?.address.city ?? '');
  const [state, setState] = useState(initial?.address.state ?? '');
  const [postalCode, setPostalCode] = useState(initial?.address.postal_code ?? '');
  const [country, setCountry] = useState(initial?.address.country ?? allowedCountries[0] ?? 'US');

  const fields: [string, string, string, (value: string) => void, string][] = [
    ['shipping-name', 'Full name', name, setName, 'name'],
    ['shipping-line1', 'Address line 1', line1, setLine1, 'address-line1'],
    ['shipping-city', 'City', city, setCity, 'address-level2'],
    ['shipping-state', 'State / Prefecture', state, setState, 'address-level1'],
    ['shipping-postal-code', 'Postal code', postalCode, setPostalCode, 'postal-code'],
  ];

  return (
    <form
      className="card"
      onSubmit={(event) => {
        event.preventDefault();
        onSave({
          name,
          address: {
            line1,
            city,
            postal_code: postalCode,
            country,
            ...(state.trim() === '' ? {} : { state }),
          },
        });
      }}
    >
      <fieldset disabled={disabled}>
        <legend>Shipping address</legend>
        {fields.map(([id, label, value, set, autoComplete]) => (
          <div className="field" key={id}>
            <label htmlFor={id}>{label}</label>
            <input
              id={id}
              value={value}
              autoComplete={autoComplete}
              required={label !== 'State / Prefecture'}
              onChange={(event) => set(event.target.value)}
            />
          </div>
        ))}
        <div className="field">
          <label htmlFor="shipping-country">Country</label>
          <select
            id="shipping-country"
            value={country}
            autoComplete="country"
            onChange={(event) => setCountry(event.target.value)}
          >
            {allowedCountries.map((code) => (
              <option key={code} value={code}>
                {COUNTRY_NAMES[code] ?? code}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          Use this address
        </button>
      </fieldset>
    </form>
  );
}
