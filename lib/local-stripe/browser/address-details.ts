import type { StripeAddressElementChangeEvent, StripeCheckoutContact } from '@stripe/stripe-js';

/** What the local address element has collected, kept apart from the DOM for unit tests. */
export interface AddressDetails {
  name: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postal_code: string;
  country: string;
}

export type AddressMode = 'shipping' | 'billing';

export function emptyAddress(country: string): AddressDetails {
  return { name: '', line1: '', line2: '', city: '', state: '', postal_code: '', country };
}

/** Prefills from the element's `defaultValues` or, failing that, the session's saved contact. */
export function addressFromContact(
  contact: StripeCheckoutContact | null | undefined,
  fallbackCountry: string,
) {
  const address = contact?.address;
  return {
    name: contact?.name ?? '',
    line1: address?.line1 ?? '',
    line2: address?.line2 ?? '',
    city: address?.city ?? '',
    state: address?.state ?? '',
    postal_code: address?.postal_code ?? '',
    country: address?.country || fallbackCountry,
  } satisfies AddressDetails;
}

const REQUIRED_FIELDS = ['name', 'line1', 'city', 'postal_code', 'country'] as const;

export function isAddressComplete(details: AddressDetails): boolean {
  return REQUIRED_FIELDS.every((field) => details[field].trim() !== '');
}

export function toAddressChangeEvent(
  details: AddressDetails,
  mode: AddressMode,
): StripeAddressElementChangeEvent {
  const trimmed = (value: string) => value.trim();
  return {
    elementType: 'address',
    elementMode: mode,
    // The country select always has a value, so it does not make the element non-empty.
    empty: [
      details.name,
      details.line1,
      details.line2,
      details.city,
      details.state,
      details.postal_code,
    ].every((value) => trimmed(value) === ''),
    complete: isAddressComplete(details),
    isNewAddress: true,
    value: {
      name: trimmed(details.name),
      address: {
        line1: trimmed(details.line1),
        line2: trimmed(details.line2) || null,
        city: trimmed(details.city),
        state: trimmed(details.state),
        postal_code: trimmed(details.postal_code),
        country: details.country,
      },
    },
  };
}

export function toCheckoutContact(value: StripeAddressElementChangeEvent['value']): StripeCheckoutContact {
  return {
    name: value.name,
    address: {
      country: value.address.country,
      line1: value.address.line1,
      line2: value.address.line2,
      city: value.address.city,
      state: value.address.state || null,
      postal_code: value.address.postal_code,
    },
  };
}
