import { expect, test } from 'vitest';
import { encodeForm } from './form-encoding';

test('encodes nested params in bracket notation and skips null/undefined', () => {
  const body = encodeForm({
    client_secret: 'cs_1_secret_x',
    email: undefined,
    shipping_details: { name: 'Ada Lovelace', address: { line1: '1 Main St', line2: null, country: 'US' } },
    payment_method_data: { card: { exp_month: 12 } },
    remove_promotion_code: true,
  });
  expect([...new URLSearchParams(body)]).toEqual([
    ['client_secret', 'cs_1_secret_x'],
    ['shipping_details[name]', 'Ada Lovelace'],
    ['shipping_details[address][line1]', '1 Main St'],
    ['shipping_details[address][country]', 'US'],
    ['payment_method_data[card][exp_month]', '12'],
    ['remove_promotion_code', 'true'],
  ]);
});
