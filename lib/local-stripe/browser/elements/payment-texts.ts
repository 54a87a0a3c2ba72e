/**
 * The Payment Element's own words in the languages the stand-in speaks, chosen by the locale given
 * to Stripe.js (as real Stripe.js localises its fields). Free of app imports, like the rest of the
 * stand-in.
 */
export interface PaymentTexts {
  cardNumber: string;
  expiry: string;
  expiryHint: string;
  cvc: string;
  paymentMethod: string;
  card: string;
  konbini: string;
  konbiniNote: string;
  /** Shown instead of the fields when the order is free. */
  noPaymentNeeded: string;
  /** Validation messages by Stripe's error code; codes not listed keep their English message. */
  errors: Readonly<Record<string, string>>;
}

const EN: PaymentTexts = {
  cardNumber: 'Card number',
  expiry: 'Expiration date',
  expiryHint: 'MM / YY',
  cvc: 'Security code',
  paymentMethod: 'Payment method',
  card: 'Card',
  konbini: 'Konbini (pay later)',
  konbiniNote:
    'You will receive a payment code to pay at a convenience store. Your order is confirmed once the payment arrives.',
  noPaymentNeeded: 'No payment is needed for this order.',
  errors: {},
};

const JA: PaymentTexts = {
  cardNumber: 'カード番号',
  expiry: '有効期限',
  expiryHint: '月 / 年',
  cvc: 'セキュリティコード',
  paymentMethod: 'お支払い方法',
  card: 'カード',
  konbini: 'コンビニ払い（後払い）',
  konbiniNote:
    'コンビニエンスストアでお支払いいただく番号をお送りします。ご注文はお支払いの確認後に確定します。',
  noPaymentNeeded: 'このご注文にお支払いは必要ありません。',
  errors: {
    invalid_number: 'カード番号が正しくありません。',
    incomplete_number: 'カード番号が不完全です。',
    incomplete_expiry: '有効期限が不完全です。',
    invalid_expiry_month: '有効期限が正しくありません。',
    invalid_expiry_year_past: '有効期限の年が過去です。',
    invalid_expiry_month_past: '有効期限が過去です。',
    invalid_expiry_year: '有効期限の年が正しくありません。',
    invalid_cvc: 'セキュリティコードが正しくありません。',
    incomplete_cvc: 'セキュリティコードが不完全です。',
  },
};

/** `ja`, `ja-JP`: Japanese; anything else: English. */
export function paymentTextsFor(locale: string): PaymentTexts {
  return locale.toLowerCase().startsWith('ja') ? JA : EN;
}
