import 'server-only';
import { randomUUID } from 'node:crypto';
import { type Shopper, toShopper } from '@/lib/checkout/shopper';
import type { Customer } from '@/lib/customers';
import {
  bindToBrowser,
  findDemoSignInCustomer,
  findSignedInCustomer,
  type SignInResult,
} from '@/lib/customers/current-customer';
import { deleteCookie, readSignedCookie, writeSignedCookie } from './signed-cookie';

/**
 * Who the browser is, from its signed cookies: the only place that reads or writes them. Route
 * handlers get the Shopper from route()'s `caller: 'shopper'`; pages and server actions call these.
 *
 * The browser binding is a random id in a signed, httpOnly, SameSite=Lax cookie. Carts (and orders
 * paid as a guest) belong to it; a request without it, or with another browser's, owns nothing.
 */
export const BROWSER_COOKIE = 'ec_browser';
/** The demo sign-in (lib/customers/current-customer.ts): the browser's id and the customer's. */
export const CUSTOMER_COOKIE = 'ec_customer';

export function readBrowserId(): Promise<string | null> {
  return readSignedCookie(BROWSER_COOKIE);
}

/** The browser id, issuing one (and its cookie) when the browser has none yet. */
export async function ensureBrowserId(secure: boolean): Promise<string> {
  const existing = await readBrowserId();
  if (existing !== null) return existing;
  const id = randomUUID();
  await writeSignedCookie(BROWSER_COOKIE, id, { secure, maxAgeSeconds: 60 * 60 * 24 * 365 });
  return id;
}

/** The signed-in demo customer of the browser `browserId` (null: a guest, or the sign-in is off). */
export async function getCurrentCustomer(browserId: string | null): Promise<Customer | null> {
  return findSignedInCustomer(await readSignedCookie(CUSTOMER_COOKIE), browserId);
}

/** The shopper making this request; `browserId` is '' (owning nothing) when the cookie is missing. */
export async function getShopper(): Promise<Shopper> {
  const browserId = await readBrowserId();
  // The demo sign-in is bound to the browser that signed in.
  return toShopper(browserId, await getCurrentCustomer(browserId));
}

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
  const customer = await findDemoSignInCustomer(id);
  if (typeof customer === 'string') return customer;
  await writeSignedCookie(CUSTOMER_COOKIE, bindToBrowser(browserId, customer.id), {
    secure,
    maxAgeSeconds: 60 * 60 * 24 * 30,
  });
  return 'signed_in';
}
