import { type CardFieldError, type CardInput, type CardValidation, validateCard } from './card-validation';
import type { FormParams } from './form-encoding';

/**
 * What the local Payment Element has collected, independent of the DOM, so completeness, the
 * `change` event and the confirm parameters can be unit-tested without a browser.
 */
export type PaymentMethodChoice = 'card' | 'konbini';

export interface PaymentDetails {
  method: PaymentMethodChoice;
  card: CardInput;
}

export const EMPTY_PAYMENT_DETAILS: PaymentDetails = {
  method: 'card',
  card: { number: '', expiry: '', cvc: '' },
};

export interface PaymentDetailsSummary {
  empty: boolean;
  complete: boolean;
  validation: CardValidation;
}

export function summarisePaymentDetails(details: PaymentDetails, now: Date): PaymentDetailsSummary {
  const validation = validateCard(details.card, now);
  if (details.method === 'konbini') {
    // A voucher method needs nothing typed into the element: choosing it is the whole input.
    return { empty: false, complete: true, validation };
  }
  const { number, expiry, cvc } = details.card;
  return {
    empty: number.trim() === '' && expiry.trim() === '' && cvc.trim() === '',
    complete: validation.firstError === null,
    validation,
  };
}

export type PaymentMethodDataResult =
  | { ok: true; paymentMethodData: FormParams }
  | { ok: false; error: CardFieldError };

/** The `payment_method_data` the local Stripe's confirm endpoint takes, or the first validation error. */
export function toPaymentMethodData(details: PaymentDetails, now: Date): PaymentMethodDataResult {
  if (details.method === 'konbini') return { ok: true, paymentMethodData: { type: 'konbini' } };
  const { card, firstError } = validateCard(details.card, now);
  if (!card) {
    return {
      ok: false,
      error: firstError ?? {
        type: 'validation_error',
        code: 'incomplete_number',
        message: 'Your card number is incomplete.',
      },
    };
  }
  return {
    ok: true,
    paymentMethodData: {
      type: 'card',
      card: { number: card.number, exp_month: card.expMonth, exp_year: card.expYear, cvc: card.cvc },
    },
  };
}
