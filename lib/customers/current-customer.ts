import 'server-only';
import { cookies } from 'next/headers';
import { getAppSecret } from '@/lib/config';
import { signValue, verifySignedValue } from '@/lib/http/signed-value';
import { getStore } from '@/lib/store/app-store';
import { type Customer, findCustomer } from './index';

/**
 * The demo's stand-in for the host shop's sign-in: a signed, httpOnly cookie naming a customer.
 * A real shop replaces the body of getCurrentCustomer() with its own session lookup; nothing else in
 * the app reads the cookie.
 */
export const CUSTOMER_COOKIE = 'ec_customer';
const PURPOSE = 'customer';

export async function getCurrentCustomer(): Promise<Customer | null> {
  const jar = await cookies();
  const id = verifySignedValue(getAppSecret(), PURPOSE, jar.get(CUSTOMER_COOKIE)?.value);
  if (id === null) return null;
  return findCustomer(await getStore(), id);
}

/** Signs in as a demo customer (or signs out with null). Returns false for an unknown id. */
export async function setCurrentCustomer(id: string | null, secure: boolean): Promise<boolean> {
  const jar = await cookies();
  if (id === null) {
    jar.delete(CUSTOMER_COOKIE);
    return true;
  }
  const customer = await findCustomer(await getStore(), id);
  if (customer === null) return false;
  jar.set(CUSTOMER_COOKIE, signValue(getAppSecret(), PURPOSE, customer.id), {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: 60 * 60 * 24 * 30,
  });
  return true;
}
