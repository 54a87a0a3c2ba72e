import 'server-only';
import { cookies } from 'next/headers';
import { getAppSecret } from '@/lib/config';
import { signValue, verifySignedValue } from './signed-value';

/**
 * Cookies the browser keeps for us but cannot forge or read from script: signed with APP_SECRET
 * (the cookie's name is the signature's purpose), httpOnly, SameSite=Lax.
 */
export async function readSignedCookie(name: string): Promise<string | null> {
  const jar = await cookies();
  return verifySignedValue(getAppSecret(), name, jar.get(name)?.value);
}

export async function writeSignedCookie(
  name: string,
  value: string,
  options: { secure: boolean; maxAgeSeconds: number },
): Promise<void> {
  (await cookies()).set(name, signValue(getAppSecret(), name, value), {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    path: '/',
    maxAge: options.maxAgeSeconds,
  });
}

export async function deleteCookie(name: string): Promise<void> {
  (await cookies()).delete(name);
}
