import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { emailSchema, type ShippingAddressRequest, shippingAddressSchema } from '@/lib/checkout/contract';
import type { Locale } from '@/lib/i18n/locales';
import { normalizeJapanesePostalCode } from './japanese-address';
import {
  ADDRESS_FIELD_IDS,
  ADDRESS_FIELD_LABELS,
  ADDRESS_FIELD_ORDER,
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

/** What went wrong with a field, as the schemas' issue codes say it (the page words it). */
export type FieldProblem = 'missing' | 'too_long' | 'format';

/**
 * The page's words for field problems. Without them (the default) the shopper reads the schemas'
 * own English sentences, exactly as the routes send them.
 */
export interface FieldTexts {
  label(field: AddressField | 'email'): string;
  problem(field: AddressField | 'email', problem: FieldProblem): string;
  checkField(label: string): string;
  checkFields(count: number, labels: readonly string[]): string;
}

const problemOf = (code: string): FieldProblem =>
  code === 'too_small' ? 'missing' : code === 'too_big' ? 'too_long' : 'format';

/**
 * The Japanese form's own rules before the shared schema: a JP postal code is 7 digits (sent as
 * NNN-NNNN) and the prefecture is chosen from the list.
 */
function japaneseChecks(fields: AddressFields): { fields: AddressFields; problems: AddressProblems } {
  if (fields.country !== 'JP') return { fields, problems: {} };
  const problems: AddressProblems = {};
  const postalCode = normalizeJapanesePostalCode(fields.postalCode);
  if (postalCode === null && fields.postalCode.trim() !== '') problems.postalCode = 'format';
  if (fields.state.trim() === '') problems.state = 'missing';
  return { fields: { ...fields, postalCode: postalCode ?? fields.postalCode }, problems };
}

type AddressProblems = Partial<Record<AddressField, FieldProblem>>;

/** A complete, valid address as the route will accept it, or null. */
export function parseAddress(fields: AddressFields, layout: Locale = 'en'): ShippingAddressRequest | null {
  const checked = layout === 'ja' ? japaneseChecks(fields) : { fields, problems: {} };
  if (Object.keys(checked.problems).length > 0) return null;
  const parsed = shippingAddressSchema.safeParse(addressRequestOf(checked.fields));
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
  layout?: Locale;
  texts?: FieldTexts;
}): FieldCheck {
  const { texts, layout = 'en' } = input;
  const label = (field: AddressField | 'email') =>
    texts?.label(field) ?? (field === 'email' ? 'Email' : ADDRESS_FIELD_LABELS[field]);
  const problems: { id: string; label: string }[] = [];
  let emailError: string | null = null;
  let email: string | undefined;
  if (input.collectsEmail) {
    const parsed = emailSchema.safeParse({ email: input.email });
    if (parsed.success) email = parsed.data.email;
    else {
      const issue = parsed.error.issues[0];
      emailError =
        texts?.problem('email', problemOf(issue?.code ?? 'too_small')) ??
        sentence(issue?.message ?? 'enter your email');
      problems.push({ id: EMAIL_FIELD_ID, label: label('email') });
    }
  }
  const { address, addressErrors } = checkAddress(input.address, layout, texts);
  for (const field of ADDRESS_FIELD_ORDER[layout]) {
    if (addressErrors[field] !== undefined)
      problems.push({ id: ADDRESS_FIELD_IDS[field], label: label(field) });
  }
  if (address === null || problems.length > 0) {
    const [first] = problems;
    const labels = problems.map((problem) => problem.label);
    const summary =
      texts === undefined
        ? problems.length <= 1
          ? `Check ${first?.label ?? 'the shipping address'} before paying.`
          : `Check these ${problems.length} fields before paying: ${labels.join(', ')}.`
        : problems.length <= 1
          ? texts.checkField(first?.label ?? label('country'))
          : texts.checkFields(problems.length, labels);
    return { typed: null, emailError, addressErrors, problem: { summary, focusId: first?.id ?? null } };
  }
  const typed = { ...(email === undefined ? {} : { email }), shippingAddress: address };
  return { typed, emailError, addressErrors, problem: null };
}

/** The address as the route will take it, or each field's message. */
function checkAddress(
  fields: AddressFields,
  layout: Locale,
  texts: FieldTexts | undefined,
): { address: ShippingAddressRequest | null; addressErrors: AddressErrors } {
  const checked = layout === 'ja' ? japaneseChecks(fields) : { fields, problems: {} as AddressProblems };
  const parsed = shippingAddressSchema.safeParse(addressRequestOf(checked.fields));
  const addressErrors: AddressErrors = {};
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = addressFieldOfIssuePath(issue.path);
    if (field === null || addressErrors[field] !== undefined) continue;
    addressErrors[field] = texts?.problem(field, problemOf(issue.code)) ?? sentence(issue.message);
  }
  for (const [field, problem] of Object.entries(checked.problems) as [AddressField, FieldProblem][]) {
    addressErrors[field] ??= texts?.problem(field, problem) ?? sentence(problem);
  }
  const valid = parsed.success && Object.keys(checked.problems).length === 0;
  return { address: valid ? parsed.data : null, addressErrors };
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
