import * as crypto from 'node:crypto';
import { afterEach, describe, expect, test, vi } from 'vitest';

vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof crypto>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

const { derivePasswordCheck, getPasswordCheck, MAX_PASSWORD_LENGTH } = await import('./password');

const PASSWORD = 'correct horse battery staple';

describe('the back-office password check', () => {
  afterEach(() => {
    vi.mocked(crypto.timingSafeEqual).mockClear();
  });

  test('accepts the password only, exactly', async () => {
    const check = await derivePasswordCheck(PASSWORD);
    expect(await check.matches(PASSWORD)).toBe(true);
    for (const wrong of [
      '',
      'correct horse battery stapl',
      `${PASSWORD} `,
      PASSWORD.toUpperCase(),
      `${PASSWORD}x`,
    ]) {
      expect(await check.matches(wrong), wrong).toBe(false);
    }
    // Longer than any password is refused, even when it starts with the right one.
    expect(await check.matches(PASSWORD + 'x'.repeat(MAX_PASSWORD_LENGTH))).toBe(false);
  });

  test('compares fixed-length scrypt digests in constant time, whatever was typed', async () => {
    const check = await derivePasswordCheck(PASSWORD);
    for (const presented of ['a', PASSWORD, 'x'.repeat(500), 'p'.repeat(MAX_PASSWORD_LENGTH + 10)]) {
      await check.matches(presented);
    }
    const calls = vi.mocked(crypto.timingSafeEqual).mock.calls;
    expect(calls).toHaveLength(4);
    for (const [left, right] of calls) {
      expect(Buffer.from(left as Uint8Array)).toHaveLength(32);
      expect(Buffer.from(right as Uint8Array)).toHaveLength(32);
    }
  });

  test('the hash is derived with a random salt: two derivations of one password store different digests', async () => {
    const expected: Buffer[] = [];
    for (const _ of [1, 2]) {
      const check = await derivePasswordCheck(PASSWORD);
      vi.mocked(crypto.timingSafeEqual).mockClear();
      await check.matches(PASSWORD);
      expected.push(Buffer.from(vi.mocked(crypto.timingSafeEqual).mock.calls[0]?.[1] as Uint8Array));
    }
    expect(expected[0]?.equals(expected[1] ?? Buffer.alloc(0))).toBe(false);
  });

  test('one check per process and password; none without a password', async () => {
    expect(getPasswordCheck(null)).toBeNull();
    const first = getPasswordCheck(PASSWORD);
    expect(getPasswordCheck(PASSWORD)).toBe(first);
    expect(getPasswordCheck('another password, 16+')).not.toBe(first);
    expect(
      await (await (getPasswordCheck(PASSWORD) as Promise<{ matches(p: string): Promise<boolean> }>)).matches(
        PASSWORD,
      ),
    ).toBe(true);
  });
});
