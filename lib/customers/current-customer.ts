import 'server-only';
import { getConfig } from '@/lib/config';
import { deleteCookie, readSignedCookie, writeSignedCookie } from '@/lib/http/signed-cookie';
import { getStore } from '@/lib/store/app-store';
import { type Customer, findCustomer } from './index';

/**
 * The demo's stand-in for the host shop's sign-in: a signed, httpOnly cookie naming a customer and
 * the browser that signed in. It exists only where `config.demoSignIn` says so (local mode, or
 * DEMO_SIGN_IN=1 for previews): with real keys and without that flag nobody can become a demo
 * customer, whatever cookie they send. A real shop replaces the body of getCurrentCustomer() with its
 * own session lookup; nothing else in the app reads the cookie.
 */
export const CUSTOMER_COOKIE = 'ec_customer';

/**
 * The cookie's value: the signed-in browser's own random id (from its browser cookie) and the
 * customer, so a value copied into another browser names a browser that is not the one sending it.
 */
export function bindToBrowser(browserId: string, customerId: string): string {
  return `${browserId}:${customerId}`;
}

/** The customer id when the value was bound to `browserId`, otherwise null. */
export function customerBoundTo(value: string | null, browserId: string): string | null {
  if (value === null || browserId === '') return null;
  const colon = value.indexOf(':');
  if (colon <= 0 || value.slice(0, colon) !== browserId) return null;
  const customerId = value.slice(colon + 1);
  return customerId === '' ? null : customerId;
}

/** The signed-in demo customer of the browser `browserId` (null: a guest, or the demo sign-in is off). */
export async function getCurrentCustomer(browserId: string | null): Promise<Customer | null> {
  if (!getConfig().demoSignIn || browserId === null) return null;
  const id = customerBoundTo(await readSignedCookie(CUSTOMER_COOKIE), browserId);
  if (id === null) return null;
  return findCustomer(await getStore(), id);
}

export type SignInResult = 'signed_in' | 'signed_out' | 'unknown_customer' | 'sign_in_off';

/** Signs the browser `browserId` in as a demo customer, or out with null. */
export async function setCurrentCustomer(
  id: string | null,
  browserId: string,
  secure: boolean,
): Promise<SignInResult> {
  if (id === null) {
    await deleteCookie(CUSTOMER_COOKIE);
    return 'signed_out';
  }
  if (!getConfig().demoSignIn) return 'sign_in_off';
  const customer = await findCustomer(await getStore(), id);
  if (customer === null) return 'unknown_customer';
  await writeSignedCookie(CUSTOMER_COOKIE, bindToBrowser(browserId, customer.id), {
    secure,
    maxAgeSeconds: 60 * 60 * 24 * 30,
  });
  return 'signed_in';
}
