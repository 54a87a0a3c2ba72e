'use client';

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

export interface AddressFields {
  name: string;
  line1: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
}

export type AddressField = keyof AddressFields;

/** Field ids, in the order they appear (focus goes to the first field with an error). */
export const ADDRESS_FIELD_IDS: Record<AddressField, string> = {
  name: 'shipping-name',
  line1: 'shipping-line1',
  city: 'shipping-city',
  state: 'shipping-state',
  postalCode: 'shipping-postal-code',
  country: 'shipping-country',
};

export const ADDRESS_FIELD_LABELS: Record<AddressField, string> = {
  name: 'Full name',
  line1: 'Address line 1',
  city: 'City',
  state: 'State / Prefecture',
  postalCode: 'Postal code',
  country: 'Country',
};

export function addressFieldsOf(shipping: ShippingDetails | null, fallbackCountry: string): AddressFields {
  return {
    name: shipping?.name ?? '',
    line1: shipping?.address.line1 ?? '',
    city: shipping?.address.city ?? '',
    state: shipping?.address.state ?? '',
    postalCode: shipping?.address.postal_code ?? '',
    country: shipping?.address.country ?? fallbackCountry,
  };
}

/** The route's request body for what is typed (validated with the route's own schema by the caller). */
export function addressRequestOf(fields: AddressFields): ShippingAddressRequest {
  return {
    name: fields.name,
    address: {
      line1: fields.line1,
      city: fields.city,
      postal_code: fields.postalCode,
      country: fields.country,
      ...(fields.state.trim() === '' ? {} : { state: fields.state }),
    },
  };
}

/** Which form field a schema issue path (`['address', 'postal_code']`) belongs to. */
export function addressFieldOfIssuePath(issuePath: readonly PropertyKey[]): AddressField | null {
  const last = issuePath[issuePath.length - 1];
  switch (last) {
    case 'name':
      return 'name';
    case 'line1':
      return 'line1';
    case 'city':
      return 'city';
    case 'state':
      return 'state';
    case 'postal_code':
      return 'postalCode';
    case 'country':
      return 'country';
    default:
      return null;
  }
}

/**
 * Shipping details are server-only on the session (location offers depend on them): the page sends
 * the address to our route as soon as it is complete (see CheckoutForm). This form only collects it
 * and shows each field's problem next to it.
 */
export function ShippingAddressForm({
  value,
  errors,
  allowedCountries,
  saved,
  disabled,
  onChange,
  onBlur,
  onSubmit,
}: {
  value: AddressFields;
  errors: Partial<Record<AddressField, string>>;
  allowedCountries: readonly string[];
  /** The server has this exact address. */
  saved: boolean;
  disabled: boolean;
  onChange: (next: AddressFields) => void;
  onBlur: () => void;
  onSubmit: () => void;
}) {
  const textFields: [AddressField, string][] = [
    ['name', 'name'],
    ['line1', 'address-line1'],
    ['city', 'address-level2'],
    ['state', 'address-level1'],
    ['postalCode', 'postal-code'],
  ];
  const describedBy = (field: AddressField) =>
    errors[field] === undefined ? undefined : `${ADDRESS_FIELD_IDS[field]}-error`;

  return (
    <form
      className="card"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <fieldset disabled={disabled}>
        <legend>Shipping address</legend>
        {textFields.map(([field, autoComplete]) => (
          <div className="field" key={field}>
            <label htmlFor={ADDRESS_FIELD_IDS[field]}>{ADDRESS_FIELD_LABELS[field]}</label>
            <input
              id={ADDRESS_FIELD_IDS[field]}
              value={value[field]}
              autoComplete={autoComplete}
              required={field !== 'state'}
              aria-invalid={errors[field] === undefined ? undefined : true}
              aria-describedby={describedBy(field)}
              onChange={(event) => onChange({ ...value, [field]: event.target.value })}
              onBlur={onBlur}
            />
            {errors[field] !== undefined && (
              <span id={`${ADDRESS_FIELD_IDS[field]}-error`} className="field-error">
                {errors[field]}
              </span>
            )}
          </div>
        ))}
        <div className="field">
          <label htmlFor={ADDRESS_FIELD_IDS.country}>{ADDRESS_FIELD_LABELS.country}</label>
          <select
            id={ADDRESS_FIELD_IDS.country}
            value={value.country}
            autoComplete="country"
            aria-invalid={errors.country === undefined ? undefined : true}
            aria-describedby={describedBy('country')}
            onChange={(event) => onChange({ ...value, country: event.target.value })}
            onBlur={onBlur}
          >
            {allowedCountries.map((code) => (
              <option key={code} value={code}>
                {COUNTRY_NAMES[code] ?? code}
              </option>
            ))}
          </select>
          {errors.country !== undefined && (
            <span id={`${ADDRESS_FIELD_IDS.country}-error`} className="field-error">
              {errors.country}
            </span>
          )}
        </div>
        <p className="muted" data-testid="shipping-address-state">
          {saved ? 'Shipping address saved.' : 'Your address is saved as soon as it is complete.'}
        </p>
      </fieldset>
    </form>
  );
}
