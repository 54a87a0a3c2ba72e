import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Values the browser keeps for us but must not forge (the demo sign-in, the cart binding):
 * `value.signature`, where the signature is HMAC-SHA256 over the cookie's purpose and value.
 */
export function signValue(secret: string, purpose: string, value: string): string {
  return `${value}.${signature(secret, purpose, value)}`;
}

/** The value if the signature holds, otherwise null. */
export function verifySignedValue(
  secret: string,
  purpose: string,
  signed: string | undefined | null,
): string | null {
  if (!signed) return null;
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  const expected = Buffer.from(signature(secret, purpose, value));
  const actual = Buffer.from(signed.slice(dot + 1));
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? value : null;
}

function signature(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${value}`).digest('base64url');
}
