/**
 * Client-side card checks with Stripe.js's error codes and messages, so a shopper (and a test) sees
 * the same sentences as with the real Payment Element, and confirm() fails without a request.
 */
export interface CardFieldError {
  type: 'validation_error';
  code: string;
  message: string;
}

export interface CardInput {
  number: string;
  expiry: string;
  cvc: string;
}

export interface ParsedCard {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export interface CardValidation {
  errors: { number: CardFieldError | null; expiry: CardFieldError | null; cvc: CardFieldError | null };
  /** The first error in field order, which is the one Stripe.js returns from confirm. */
  firstError: CardFieldError | null;
  card: ParsedCard | null;
}

const fieldError = (code: string, message: string): CardFieldError => ({
  type: 'validation_error',
  code,
  message,
});

/** Card numbers may be typed with spaces or dashes, as the real element formats them. */
export function normaliseCardNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = Number(digits[index]);
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const isAmex = (digits: string): boolean => /^3[47]/.test(digits);

function expectedLength(digits: string): number {
  if (isAmex(digits)) return 15;
  if (/^3(0[0-5]|[689])/.test(digits)) return 14;
  return 16;
}

export function validateCardNumber(input: string): CardFieldError | null {
  const digits = normaliseCardNumber(input);
  if (!/^\d*$/.test(digits) || digits.length > 19) {
    return fieldError('invalid_number', 'Your card number is invalid.');
  }
  if (digits.length < expectedLength(digits)) {
    return fieldError('incomplete_number', 'Your card number is incomplete.');
  }
  return passesLuhn(digits) ? null : fieldError('invalid_number', 'Your card number is invalid.');
}

/** Accepts "MM / YY", "MM/YY", "MMYY" and the four-digit-year forms of each. */
export function parseExpiry(input: string): { month: number; year: number } | null {
  const digits = input.replace(/\D/g, '');
  if (digits.length !== 4 && digits.length !== 6) return null;
  const month = Number(digits.slice(0, 2));
  const yearDigits = digits.slice(2);
  const year = yearDigits.length === 2 ? 2000 + Number(yearDigits) : Number(yearDigits);
  return { month, year };
}

export function validateExpiry(input: string, now: Date): CardFieldError | null {
  const parsed = parseExpiry(input);
  if (!parsed) return fieldError('incomplete_expiry', "Your card's expiration date is incomplete.");
  const { month, year } = parsed;
  if (month < 1 || month > 12)
    return fieldError('invalid_expiry_month', "Your card's expiration date is invalid.");
  const currentYear = now.getFullYear();
  if (year < currentYear) {
    return fieldError('invalid_expiry_year_past', "Your card's expiration year is in the past.");
  }
  if (year === currentYear && month < now.getMonth() + 1) {
    return fieldError('invalid_expiry_month_past', "Your card's expiration date is in the past.");
  }
  if (year > currentYear + 50)
    return fieldError('invalid_expiry_year', "Your card's expiration year is invalid.");
  return null;
}

export function validateCvc(input: string, cardNumber: string): CardFieldError | null {
  const cvc = input.trim();
  if (!/^\d*$/.test(cvc)) return fieldError('invalid_cvc', "Your card's security code is invalid.");
  const length = isAmex(normaliseCardNumber(cardNumber)) ? 4 : 3;
  if (cvc.length < length) return fieldError('incomplete_cvc', "Your card's security code is incomplete.");
  if (cvc.length > length) return fieldError('invalid_cvc', "Your card's security code is invalid.");
  return null;
}

export function validateCard(input: CardInput, now: Date): CardValidation {
  const errors = {
    number: validateCardNumber(input.number),
    expiry: validateExpiry(input.expiry, now),
    cvc: validateCvc(input.cvc, input.number),
  };
  const firstError = errors.number ?? errors.expiry ?? errors.cvc;
  const expiry = parseExpiry(input.expiry);
  const card =
    firstError || !expiry
      ? null
      : {
          number: normaliseCardNumber(input.number),
          expMonth: expiry.month,
          expYear: expiry.year,
          cvc: input.cvc.trim(),
        };
  return { errors, firstError, card };
}
