import 'server-only';
import { deleteCookie, readSignedCookie, writeSignedCookie } from '@/lib/http/signed-cookie';
import { getStore } from '@/lib/store/app-store';
import { type Customer, findCustomer } from './index';

/**
 * The demo's stand-in for the host shop's sign-in: a signed, httpOnly cookie naming a customer.
 * A real shop replaces the body of getCurrentCustomer() with its own session lookup; nothing else in
 * the app reads the cookie.
 */
export const CUSTOMER_COOKIE = 'ec_customer';

export async function getCurrentCustomer(): Promise<Customer | null> {
  const id = await readSignedCookie(CUSTOMER_COOKIE);
  if (id === null) return null;
  return findCustomer(await getStore(), id);
}

/** Signs in as a demo customer (or signs out with null). Returns false for an unknown id. */
export async function setCurrentCustomer(id: string | null, secure: boolean): Promise<boolean> {
  if (id === null) {
    await deleteCookie(CUSTOMER_COOKIE);
    return true;
  }
  const customer = await findCustomer(await getStore(), id);
  if (customer === null) return false;
  await writeSignedCookie(CUSTOMER_COOKIE, customer.id, { secure, maxAgeSeconds: 60 * 60 * 24 * 30 });
  return true;
}
