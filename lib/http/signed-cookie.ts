import 'server-only';
import { cookies } from 'next/headers';
import { getAppSecret } from '@/lib/config';
import { signValue, verifySignedValue } from './signed-value';

/**
 * Cookies the browser keeps for us but cannot forge or read from script: signed with APP_SECRET
 * (the cookie's name is the signature's purpose), httpOnly, SameSite=Lax and for the whole site
 * unless the caller narrows them (the back office's: SameSite=Strict, path /admin).
 */
export async function readSignedCookie(name: string): Promise<string | null> {
  const jar = await cookies();
  return verifySignedValue(getAppSecret(), name, jar.get(name)?.value);
}

export async function writeSignedCookie(
  name: string,
  value: string,
  options: { secure: boolean; maxAgeSeconds: number; sameSite?: 'lax' | 'strict'; path?: string },
): Promise<void> {
  (await cookies()).set(name, signValue(getAppSecret(), name, value), {
    httpOnly: true,
    sameSite: options.sameSite ?? 'lax',
    secure: options.secure,
    path: options.path ?? '/',
    maxAge: options.maxAgeSeconds,
  });
}

export async function deleteCookie(name: string, path = '/'): Promise<void> {
  const jar = await cookies();
  if (path === '/') jar.delete(name);
  else jar.delete({ name, path });
}
