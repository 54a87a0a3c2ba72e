'use client';

import type { ReactNode } from 'react';
import type { ShippingDetails } from '@/lib/checkout/cart';
import type { ShippingAddressRequest } from '@/lib/checkout/contract';

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
  const inputProps = (field: AddressField) => ({
    error: errors[field],
    onChange: (text: string) => onChange({ ...value, [field]: text }),
    onBlur,
  });

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
        {TEXT_FIELDS.map(([field, autoComplete]) => (
          <AddressInput
            key={field}
            field={field}
            autoComplete={autoComplete}
            value={value[field]}
            {...inputProps(field)}
          />
        ))}
        <AddressInput field="country" value={value.country} {...inputProps('country')}>
          {allowedCountries.map((code) => (
            <option key={code} value={code}>
              {COUNTRY_NAMES[code] ?? code}
            </option>
          ))}
        </AddressInput>
        <p className="muted" data-testid="shipping-address-state">
          {saved ? 'Shipping address saved.' : 'Your address is saved as soon as it is complete.'}
        </p>
      </fieldset>
    </form>
  );
}

const TEXT_FIELDS: [AddressField, string][] = [
  ['name', 'name'],
  ['line1', 'address-line1'],
  ['city', 'address-level2'],
  ['state', 'address-level1'],
  ['postalCode', 'postal-code'],
];

/** One labelled field with its message: a text box, or the country select when given options. */
function AddressInput({
  field,
  value,
  error,
  autoComplete,
  children,
  onChange,
  onBlur,
}: {
  field: AddressField;
  value: string;
  error: string | undefined;
  autoComplete?: string;
  children?: ReactNode;
  onChange: (value: string) => void;
  onBlur: () => void;
}) {
  const id = ADDRESS_FIELD_IDS[field];
  const shared = {
    id,
    value,
    'aria-invalid': error === undefined ? undefined : true,
    'aria-describedby': error === undefined ? undefined : `${id}-error`,
    onBlur,
  } as const;
  return (
    <div className="field">
      <label htmlFor={id}>{ADDRESS_FIELD_LABELS[field]}</label>
      {children === undefined ? (
        <input
          {...shared}
          autoComplete={autoComplete}
          required={field !== 'state'}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <select {...shared} autoComplete="country" onChange={(event) => onChange(event.target.value)}>
          {children}
        </select>
      )}
      {error !== undefined && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
