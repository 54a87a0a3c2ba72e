import 'server-only';
import { getConfig } from '@/lib/config';
import { getStore } from '@/lib/store/app-store';
import { type Customer, findCustomer } from './index';

/**
 * The demo's stand-in for the host shop's sign-in: a signed, httpOnly cookie (written and read by
 * lib/http/identity.ts) naming a customer and the browser that signed in. It exists only where
 * `config.demoSignIn` says so (local mode, or DEMO_SIGN_IN=1 for previews): with real keys and
 * without that flag nobody can become a demo customer, whatever cookie they send. A real shop
 * replaces findSignedInCustomer() with its own session lookup.
 */

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

/**
 * The signed-in demo customer of the browser `browserId`, given the verified value of its sign-in
 * cookie (null: a guest, or the demo sign-in is off).
 */
export async function findSignedInCustomer(
  signedIn: string | null,
  browserId: string | null,
): Promise<Customer | null> {
  if (!getConfig().demoSignIn || browserId === null) return null;
  const id = customerBoundTo(signedIn, browserId);
  if (id === null) return null;
  return findCustomer(await getStore(), id);
}

export type SignInResult = 'signed_in' | 'signed_out' | 'unknown_customer' | 'sign_in_off';

/** The customer a browser may sign in as, or why it may not. */
export async function findDemoSignInCustomer(
  id: string,
): Promise<Customer | 'sign_in_off' | 'unknown_customer'> {
  if (!getConfig().demoSignIn) return 'sign_in_off';
  return (await findCustomer(await getStore(), id)) ?? 'unknown_customer';
}
