import 'server-only';
import { randomUUID } from 'node:crypto';
import { getCurrentCustomer } from '@/lib/customers/current-customer';
import { readSignedCookie, writeSignedCookie } from '@/lib/http/signed-cookie';

/**
 * The browser binding: a random id in a signed, httpOnly, SameSite=Lax cookie. Carts (and orders
 * paid as a guest) belong to it; a request without it, or with another browser's, owns nothing.
 */
export const BROWSER_COOKIE = 'ec_browser';

/** Who is making a request, as the checkout use cases see them. */
export interface Shopper {
  /** The browser's id from its signed cookie: the cart belongs to it. */
  browserId: string;
  customer: { id: string; email: string | null; displayName: string } | null;
}

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

/** The shopper making this request; `browserId` is '' (owning nothing) when the cookie is missing. */
export async function getShopper(
  options: { issueBrowserId?: boolean; secure?: boolean } = {},
): Promise<Shopper> {
  const browserId = options.issueBrowserId
    ? await ensureBrowserId(options.secure ?? false)
    : await readBrowserId();
  // The demo sign-in is bound to the browser that signed in.
  const customer = await getCurrentCustomer(browserId);
  return {
    browserId: browserId ?? '',
    customer:
      customer === null
        ? null
        : { id: customer.id, email: customer.email, displayName: customer.displayName },
  };
}
