'use client';

import type { ReactNode } from 'react';
import type { ShippingDetails } from '@/lib/checkout/cart';
import type { ShippingAddressRequest } from '@/lib/checkout/contract';
import { useTranslations } from '@/lib/i18n/client';
import type { Locale } from '@/lib/i18n/locales';
import { PREFECTURES } from './japanese-address';

export interface AddressFields {
  name: string;
  line1: string;
  /** Only the Japanese form asks for it (建物名・部屋番号). */
  line2?: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
}

export type AddressField = keyof AddressFields;

/** Field ids (the same on every page, so tests and labels pair up). */
export const ADDRESS_FIELD_IDS: Record<AddressField, string> = {
  name: 'shipping-name',
  line1: 'shipping-line1',
  line2: 'shipping-line2',
  city: 'shipping-city',
  state: 'shipping-state',
  postalCode: 'shipping-postal-code',
  country: 'shipping-country',
};

/**
 * The fields each page's form shows, in order (focus goes to the first with an error): DESIGN.md's
 * English form, and the Japanese form that starts with the postal code and ends with the name.
 */
export const ADDRESS_FIELD_ORDER: Readonly<Record<Locale, readonly AddressField[]>> = {
  en: ['name', 'line1', 'city', 'state', 'postalCode', 'country'],
  ja: ['postalCode', 'state', 'city', 'line1', 'line2', 'name', 'country'],
};

export const ADDRESS_FIELD_LABELS: Record<AddressField, string> = {
  name: 'Full name',
  line1: 'Address line 1',
  line2: 'Building, room (optional)',
  city: 'City',
  state: 'State / Prefecture',
  postalCode: 'Postal code',
  country: 'Country',
};

export function addressFieldsOf(shipping: ShippingDetails | null, fallbackCountry: string): AddressFields {
  return {
    name: shipping?.name ?? '',
    line1: shipping?.address.line1 ?? '',
    line2: shipping?.address.line2 ?? '',
    city: shipping?.address.city ?? '',
    state: shipping?.address.state ?? '',
    postalCode: shipping?.address.postal_code ?? '',
    country: shipping?.address.country ?? fallbackCountry,
  };
}

/** The route's request body for what is typed (validated with the route's own schema by the caller). */
export function addressRequestOf(fields: AddressFields): ShippingAddressRequest {
  const line2 = fields.line2 ?? '';
  return {
    name: fields.name,
    address: {
      line1: fields.line1,
      ...(line2.trim() === '' ? {} : { line2 }),
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
    case 'line1':
    case 'line2':
    case 'city':
    case 'state':
    case 'country':
      return last;
    case 'postal_code':
      return 'postalCode';
    default:
      return null;
  }
}

const AUTOCOMPLETE: Record<Exclude<AddressField, 'country'>, string> = {
  name: 'name',
  line1: 'address-line1',
  line2: 'address-line2',
  city: 'address-level2',
  state: 'address-level1',
  postalCode: 'postal-code',
};

/**
 * Shipping details are server-only on the session (location offers depend on them): the page sends
 * the address to our route as soon as it is complete (see CheckoutForm). This form only collects it
 * and shows each field's problem next to it. Its layout follows the page's language.
 */
export function ShippingAddressForm({
  layout,
  value,
  errors,
  allowedCountries,
  saved,
  disabled,
  onChange,
  onBlur,
  onSubmit,
}: {
  layout: Locale;
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
  const t = useTranslations('checkout');
  const labels = useTranslations('address');
  const inputProps = (field: AddressField) => ({
    field,
    label: labels(field),
    value: value[field] ?? '',
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
        <legend>{t('shippingAddress')}</legend>
        {ADDRESS_FIELD_ORDER[layout].map((field) => {
          if (field === 'country') {
            return (
              <AddressInput key={field} {...inputProps(field)} autoComplete="country">
                {allowedCountries.map((code) => (
                  <option key={code} value={code}>
                    {isKnownCountry(code) ? labels(`countries.${code}`) : code}
                  </option>
                ))}
              </AddressInput>
            );
          }
          if (field === 'state' && layout === 'ja') {
            return (
              <AddressInput key={field} {...inputProps(field)} autoComplete={AUTOCOMPLETE.state}>
                <option value="">{labels('choosePrefecture')}</option>
                {PREFECTURES.map((prefecture) => (
                  <option key={prefecture} value={prefecture}>
                    {prefecture}
                  </option>
                ))}
              </AddressInput>
            );
          }
          return (
            <AddressInput
              key={field}
              {...inputProps(field)}
              autoComplete={AUTOCOMPLETE[field]}
              required={field !== 'state' && field !== 'line2'}
            />
          );
        })}
        <p className="muted" data-testid="shipping-address-state">
          {saved ? t('addressSaved') : t('addressSavedWhenComplete')}
        </p>
      </fieldset>
    </form>
  );
}

const KNOWN_COUNTRIES = ['US', 'JP', 'GB', 'CA', 'AU', 'DE', 'FR'] as const;
const isKnownCountry = (code: string): code is (typeof KNOWN_COUNTRIES)[number] =>
  (KNOWN_COUNTRIES as readonly string[]).includes(code);

/** One labelled field with its message: a text box, or a select when given options. */
function AddressInput({
  field,
  label,
  value,
  error,
  autoComplete,
  required = false,
  children,
  onChange,
  onBlur,
}: {
  field: AddressField;
  label: string;
  value: string;
  error: string | undefined;
  autoComplete: string;
  required?: boolean;
  children?: ReactNode;
  onChange: (value: string) => void;
  onBlur: () => void;
}) {
  const id = ADDRESS_FIELD_IDS[field];
  const shared = {
    id,
    value,
    autoComplete,
    'aria-invalid': error === undefined ? undefined : true,
    'aria-describedby': error === undefined ? undefined : `${id}-error`,
    onBlur,
  } as const;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children === undefined ? (
        <input {...shared} required={required} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <select {...shared} onChange={(event) => onChange(event.target.value)}>
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
