import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { emailSchema, type ShippingAddressRequest, shippingAddressSchema } from '@/lib/checkout/contract';
import {
  ADDRESS_FIELD_IDS,
  ADDRESS_FIELD_LABELS,
  type AddressField,
  type AddressFields,
  addressFieldOfIssuePath,
  addressRequestOf,
} from './shipping-address-form';

// zod/mini ships no messages of its own; the shopper reads the same English ones as the routes send.
config(en());

export const EMAIL_FIELD_ID = 'email';

export type AddressErrors = Partial<Record<AddressField, string>>;

export interface TypedFields {
  email?: string;
  shippingAddress: ShippingAddressRequest;
}

export interface FieldCheck {
  /** What to send, when everything typed is valid. */
  typed: TypedFields | null;
  emailError: string | null;
  addressErrors: AddressErrors;
  /** The alert's summary sentence and the first field to focus, when something is wrong. */
  problem: { summary: string; focusId: string | null } | null;
}

const sentence = (message: string) => `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;

/** A complete, valid address as the route will accept it, or null. */
export function parseAddress(fields: AddressFields): ShippingAddressRequest | null {
  const parsed = shippingAddressSchema.safeParse(addressRequestOf(fields));
  return parsed.success ? parsed.data : null;
}

/** A valid email as the route will accept it, or null. */
export function parseEmail(email: string): string | null {
  const parsed = emailSchema.safeParse({ email });
  return parsed.success ? parsed.data.email : null;
}

/** The stable identity of an address, so each distinct one is sent once. */
export const addressKey = (address: ShippingAddressRequest) =>
  JSON.stringify([
    address.name,
    address.address.line1,
    address.address.line2 ?? '',
    address.address.city,
    address.address.state ?? '',
    address.address.postal_code,
    address.address.country,
  ]);

export const emailKey = (email: string) => email.trim().toLowerCase();

/** Checks what the shopper typed with the routes' own schemas, before Pay reaches any server. */
export function checkTypedFields(input: {
  collectsEmail: boolean;
  email: string;
  address: AddressFields;
}): FieldCheck {
  const problems: { id: string; label: string }[] = [];
  let emailError: string | null = null;
  let email: string | undefined;
  if (input.collectsEmail) {
    const parsed = emailSchema.safeParse({ email: input.email });
    if (parsed.success) email = parsed.data.email;
    else {
      emailError = sentence(parsed.error.issues[0]?.message ?? 'enter your email');
      problems.push({ id: EMAIL_FIELD_ID, label: 'Email' });
    }
  }
  const address = shippingAddressSchema.safeParse(addressRequestOf(input.address));
  const addressErrors: AddressErrors = {};
  for (const issue of address.success ? [] : address.error.issues) {
    const field = addressFieldOfIssuePath(issue.path);
    if (field !== null && addressErrors[field] === undefined) addressErrors[field] = sentence(issue.message);
  }
  for (const field of Object.keys(ADDRESS_FIELD_IDS) as AddressField[]) {
    if (addressErrors[field] !== undefined) {
      problems.push({ id: ADDRESS_FIELD_IDS[field], label: ADDRESS_FIELD_LABELS[field] });
    }
  }
  if (!address.success || problems.length > 0) {
    const [first] = problems;
    const summary =
      problems.length <= 1
        ? `Check ${first?.label ?? 'the shipping address'} before paying.`
        : `Check these ${problems.length} fields before paying: ${problems.map((problem) => problem.label).join(', ')}.`;
    return { typed: null, emailError, addressErrors, problem: { summary, focusId: first?.id ?? null } };
  }
  const typed = { ...(email === undefined ? {} : { email }), shippingAddress: address.data };
  return { typed, emailError, addressErrors, problem: null };
}

/** The errors of the fields that did not change (the same object when none of them had one). */
export function withoutCorrected(
  errors: AddressErrors,
  before: AddressFields,
  after: AddressFields,
): AddressErrors {
  const changed = (Object.keys(after) as AddressField[]).filter((field) => after[field] !== before[field]);
  if (!changed.some((field) => errors[field] !== undefined)) return errors;
  const kept = { ...errors };
  for (const field of changed) delete kept[field];
  return kept;
}
