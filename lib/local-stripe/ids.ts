import { randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Random characters from `alphabet`; rejection sampling keeps the distribution uniform. */
export function randomString(length: number, alphabet: string = ALPHANUMERIC): string {
  let out = '';
  const limit = 256 - (256 % alphabet.length);
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= limit) continue;
      out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Ids with Stripe's prefixes and roughly Stripe's lengths, so code that logs or validates them works alike. */
export const newId = {
  checkoutSession: () => `cs_test_${randomString(58)}`,
  clientSecret: (sessionId: string) => `${sessionId}_secret_${randomString(24)}`,
  product: () => `prod_${randomString(14)}`,
  price: () => `price_${randomString(24)}`,
  coupon: () => randomString(8, UPPER_ALPHANUMERIC),
  customer: () => `cus_${randomString(14)}`,
  invoicePrefix: () => randomString(8, '0123456789ABCDEF'),
  lineItem: () => `li_${randomString(24)}`,
  discount: () => `di_${randomString(24)}`,
  paymentIntent: () => `pi_${randomString(24)}`,
  paymentIntentSecret: (id: string) => `${id}_secret_${randomString(25)}`,
  paymentMethod: () => `pm_${randomString(24)}`,
  charge: () => `ch_${randomString(24)}`,
  refund: () => `re_${randomString(24)}`,
  dispute: () => `dp_${randomString(24)}`,
  balanceTransaction: () => `txn_${randomString(24)}`,
  event: () => `evt_${randomString(24)}`,
  request: () => `req_${randomString(14)}`,
  fault: () => `fault_${randomString(14)}`,
};
