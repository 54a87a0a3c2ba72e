'use client';

import { useMemo, useState } from 'react';
import type { CheckoutView } from '@/lib/checkout/contract';
import { useLocale, useTranslations } from '@/lib/i18n/client';
import { checkoutApi } from './checkout-api';
import type { ChangeResult } from './checkout-change';
import {
  type AddressErrors,
  addressKey,
  checkTypedFields,
  emailKey,
  type FieldProblem,
  type FieldTexts,
  parseAddress,
  parseEmail,
  withoutCorrected,
} from './field-checks';
import { type AddressField, type AddressFields, addressFieldsOf } from './shipping-address-form';
import { useApplyWhenComplete } from './use-apply-when-complete';

/**
 * The email and shipping address the shopper types: each is sent by itself once complete (see
 * useApplyWhenComplete), and `check` marks what is wrong before Pay.
 */
export function useCheckoutFields(options: {
  initialView: CheckoutView;
  initialEmail: string;
  fallbackCountry: string;
  collectsEmail: boolean;
  paused: boolean;
  run: (request: () => Promise<CheckoutView>) => Promise<ChangeResult>;
  /** Pay found something wrong: the sentence for the page's alert (focus has moved to the field). */
  onProblem: (summary: string) => void;
}) {
  const { initialView, collectsEmail, paused, run } = options;
  const layout = useLocale();
  const texts = useFieldTexts();
  const sessionId = initialView.sessionId;
  const [email, setEmail] = useState(options.initialEmail);
  const [emailError, setEmailError] = useState<string | null>(null);
  const [address, setAddress] = useState(() =>
    addressFieldsOf(initialView.shipping, options.fallbackCountry),
  );
  const [addressErrors, setAddressErrors] = useState<AddressErrors>({});

  const emailApply = useApplyWhenComplete({
    value: email,
    parse: () => (collectsEmail ? parseEmail(email) : null),
    keyOf: emailKey,
    initial: initialView.email,
    paused,
    apply: async (value) => (await run(() => checkoutApi.setEmail(sessionId, value))).saved !== null,
  });
  const addressApply = useApplyWhenComplete({
    value: address,
    parse: () => parseAddress(address, layout),
    keyOf: addressKey,
    initial: parseAddress(addressFieldsOf(initialView.shipping, ''), layout),
    paused,
    apply: async (value) =>
      (await run(() => checkoutApi.setShippingAddress(sessionId, value))).saved !== null,
  });

  function changeEmail(next: string) {
    setEmail(next);
    if (emailError !== null) setEmailError(null);
  }

  function changeAddress(next: AddressFields) {
    setAddress(next);
    // A field the shopper is correcting loses its message.
    const kept = withoutCorrected(addressErrors, address, next);
    if (kept !== addressErrors) setAddressErrors(kept);
  }

  /** Marks each wrong field and focuses the first; returns what to send when all is valid. */
  function check() {
    const result = checkTypedFields({ collectsEmail, email, address, layout, texts });
    setEmailError(result.emailError);
    setAddressErrors(result.addressErrors);
    if (result.problem !== null) {
      options.onProblem(result.problem.summary);
      if (result.problem.focusId !== null) document.getElementById(result.problem.focusId)?.focus();
    }
    return result.typed;
  }

  const typedAddress = parseAddress(address, layout);
  return {
    email: { value: email, error: emailError, change: changeEmail, applied: emailApply },
    address: {
      value: address,
      errors: addressErrors,
      change: changeAddress,
      applied: addressApply,
      saved: typedAddress !== null && addressApply.isApplied(typedAddress),
    },
    check,
  };
}

/** Field messages in the page's language, from the problem codes the checks report. */
function useFieldTexts(): FieldTexts {
  const validation = useTranslations('validation');
  const address = useTranslations('address');
  const checkout = useTranslations('checkout');
  const separator = useLocale() === 'ja' ? '、' : ', ';
  return useMemo<FieldTexts>(() => {
    const missing: Record<AddressField | 'email', Parameters<typeof validation>[0]> = {
      email: 'email',
      name: 'name',
      line1: 'line1',
      line2: 'tooLong',
      city: 'city',
      state: 'state',
      postalCode: 'postalCode',
      country: 'country',
    };
    const problem = (field: AddressField | 'email', kind: FieldProblem): string => {
      if (kind === 'too_long') return validation('tooLong');
      if (kind === 'format' && field === 'email') return validation('emailFormat');
      if (kind === 'format' && field === 'postalCode') return validation('postalCodeFormat');
      return validation(missing[field]);
    };
    return {
      label: (field) => (field === 'email' ? checkout('email') : address(field)),
      problem,
      checkField: (label) => checkout('checkField', { field: label }),
      checkFields: (count, labels) => checkout('checkFields', { count, fields: labels.join(separator) }),
    };
  }, [validation, address, checkout, separator]);
}
