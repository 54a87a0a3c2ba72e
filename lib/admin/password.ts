import 'server-only';
import { randomBytes, type ScryptOptions, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';

/**
 * The back office's password check. ADMIN_PASSWORD is turned into a scrypt hash with a random salt
 * once per process (at start-up), and each sign-in compares the scrypt of what was typed with it
 * in constant time: equal-length digests, timingSafeEqual, so neither the length nor a matching
 * prefix of the password shows in how long a refusal takes.
 */
export interface PasswordCheck {
  matches(presented: string): Promise<boolean>;
}

const KEY_LENGTH = 32;
// Node's defaults (N = 16384, r = 8, p = 1): about 50 ms a try, on top of the sign-in rate limit.
const SCRYPT: ScryptOptions = { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
/** Longer input is refused before hashing, so a megabyte of "password" costs nothing. */
export const MAX_PASSWORD_LENGTH = 1024;

function scrypt(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFC'), salt, KEY_LENGTH, SCRYPT, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

/** Derives the hash now; the password itself is not kept. */
export async function derivePasswordCheck(password: string): Promise<PasswordCheck> {
  const salt = randomBytes(16);
  const expected = await scrypt(password, salt);
  return {
    async matches(presented) {
      // Hash even what is refused, so the answer takes as long as a real comparison.
      const candidate = await scrypt(presented.slice(0, MAX_PASSWORD_LENGTH), salt);
      return timingSafeEqual(candidate, expected) && presented.length <= MAX_PASSWORD_LENGTH;
    },
  };
}

const holder = globalThis as typeof globalThis & {
  __embeddedCheckoutAdminPassword?: { password: string; check: Promise<PasswordCheck> };
};

/**
 * The process's check for ADMIN_PASSWORD (derived on first call: lib/start-server.ts calls it at
 * start-up), or null when the back office is closed.
 */
export function getPasswordCheck(password: string | null): Promise<PasswordCheck> | null {
  if (password === null) return null;
  const known = holder.__embeddedCheckoutAdminPassword;
  if (known?.password === password) return known.check;
  const check = derivePasswordCheck(password);
  holder.__embeddedCheckoutAdminPassword = { password, check };
  return check;
}
