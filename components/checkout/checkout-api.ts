import type { CheckoutView } from '@/lib/checkout/checkout-view';
import type { RefreshDiscountsRequest, ShippingAddressRequest } from '@/lib/checkout/schemas';

/** A refused change, with the HTTP status that says what kind of refusal it is (409: session closed). */
export class CheckoutApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'CheckoutApiError';
  }
}

/**
 * The browser's calls to our checkout routes. Each throws a CheckoutApiError carrying the server's
 * sentence on a non-2xx answer, which is what Stripe.js's runServerUpdate expects of the function
 * it wraps.
 */
async function send(path: string, method: 'POST' | 'DELETE', body?: unknown): Promise<CheckoutView> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (payload as { error?: { message?: unknown } } | null)?.error?.message;
    throw new CheckoutApiError(
      typeof message === 'string' ? message : `The request failed (HTTP ${response.status}).`,
      response.status,
    );
  }
  return payload as CheckoutView;
}

const base = (sessionId: string) => `/api/checkout/sessions/${encodeURIComponent(sessionId)}`;

export const checkoutApi = {
  toggleAddOn: (sessionId: string, addOn: string, selected: boolean) =>
    send(`${base(sessionId)}/add-ons`, 'POST', { addOn, selected }),
  setShippingAddress: (sessionId: string, address: ShippingAddressRequest) =>
    send(`${base(sessionId)}/shipping-address`, 'POST', address),
  setEmail: (sessionId: string, email: string) => send(`${base(sessionId)}/email`, 'POST', { email }),
  applyPromotionCode: (sessionId: string, code: string) =>
    send(`${base(sessionId)}/promotion-code`, 'POST', { code }),
  removePromotionCode: (sessionId: string) => send(`${base(sessionId)}/promotion-code`, 'DELETE'),
  refreshDiscounts: (sessionId: string, typed: RefreshDiscountsRequest = {}) =>
    send(`${base(sessionId)}/discounts`, 'POST', typed),
};
