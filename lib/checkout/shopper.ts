import 'server-only';
import type { Customer } from '@/lib/customers';

/**
 * Who is making a request, as the checkout use cases see them. Built from the browser's signed
 * cookies by the HTTP layer (lib/http/identity.ts); nothing below app/ reads a cookie.
 */
export interface Shopper {
  /** The browser's id from its signed cookie: the cart belongs to it ('' when there is none). */
  browserId: string;
  customer: { id: string; email: string | null; displayName: string } | null;
}

/** A shopper from a browser id (null: the browser has no cookie, so it owns nothing) and its customer. */
export function toShopper(browserId: string | null, customer: Customer | null): Shopper {
  return {
    browserId: browserId ?? '',
    customer:
      customer === null
        ? null
        : { id: customer.id, email: customer.email, displayName: customer.displayName },
  };
}
