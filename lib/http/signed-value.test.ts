import { describe, expect, test } from 'vitest';
import { signValue, verifySignedValue } from './signed-value';

const secret = 'a'.repeat(32);

describe('signed values', () => {
  test('round trip', () => {
    expect(verifySignedValue(secret, 'customer', signValue(secret, 'customer', 'gold'))).toBe('gold');
  });

  test.each([
    ['tampered value', signValue(secret, 'customer', 'gold').replace('gold', 'vip')],
    ['other purpose', signValue(secret, 'cart', 'gold')],
    ['other secret', signValue('b'.repeat(32), 'customer', 'gold')],
    ['no signature', 'gold'],
    ['empty', ''],
    ['truncated signature', signValue(secret, 'customer', 'gold').slice(0, -2)],
  ])('%s is rejected', (_label, signed) => {
    expect(verifySignedValue(secret, 'customer', signed)).toBeNull();
  });
});
