import type * as z from 'zod/mini';
import {
  type CartLine,
  type CheckoutView,
  checkoutViewSchema,
  createdSessionSchema,
  errorEnvelopeSchema,
  type ShippingAddressRequest,
} from '@/lib/checkout/contract';
import type { RefreshDiscountsRequest } from '@/lib/checkout/schemas';
import { DEFAULT_LOCALE, isLocale, type Locale } from '@/lib/i18n/locales';

/**
 * The page's language (`<html lang>`, which the server set from the URL). Our routes answer in
 * the language the request's Accept-Language names, so every call names the page's.
 */
function pageLocale(): Locale {
  const lang = typeof document === 'undefined' ? '' : document.documentElement.lang;
  return isLocale(lang) ? lang : DEFAULT_LOCALE;
}

/** A refused request, with the HTTP status that says what kind of refusal it is (409: session closed). */
export class CheckoutApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'CheckoutApiError';
  }
}

/**
 * The browser's one way to call our routes. Every answer is parsed with the schema the route
 * shapes it with (lib/checkout/contract.ts); a refusal becomes a CheckoutApiError carrying the
 * server's sentence, which is what Stripe.js's runServerUpdate expects of the function it wraps.
 */
async function call<S extends z.ZodMiniType>(
  schema: S,
  send: () => Promise<Response>,
  failed: string,
): Promise<z.infer<S>> {
  const response = await send();
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const envelope = errorEnvelopeSchema.safeParse(payload);
    if (envelope.success) {
      throw new CheckoutApiError(envelope.data.error.message, response.status, envelope.data.error.code);
    }
    throw new CheckoutApiError(`${failed} (HTTP ${response.status}).`, response.status, 'http_error');
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new CheckoutApiError(
      'The server sent an answer this page does not understand. Reload the page and try again.',
      response.status,
      'unexpected_response',
    );
  }
  return parsed.data;
}

const json = (method: 'POST' | 'DELETE', body?: unknown, extra: Record<string, string> = {}) => {
  const headers = { 'accept-language': pageLocale(), ...extra };
  return {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
};

const changeOf =
  (path: string, method: 'POST' | 'DELETE' = 'POST') =>
  (sessionId: string, body?: unknown): Promise<CheckoutView> =>
    call(
      checkoutViewSchema,
      () => fetch(`/api/checkout/sessions/${encodeURIComponent(sessionId)}/${path}`, json(method, body)),
      'The request failed',
    );

const toggleAddOn = changeOf('add-ons');
const setShippingAddress = changeOf('shipping-address');
const setEmail = changeOf('email');
const applyPromotionCode = changeOf('promotion-code');
const removePromotionCode = changeOf('promotion-code', 'DELETE');
const refreshDiscounts = changeOf('discounts');

export const checkoutApi = {
  toggleAddOn: (sessionId: string, addOn: string, selected: boolean) =>
    toggleAddOn(sessionId, { addOn, selected }),
  setShippingAddress: (sessionId: string, address: ShippingAddressRequest) =>
    setShippingAddress(sessionId, address),
  setEmail: (sessionId: string, email: string) => setEmail(sessionId, { email }),
  applyPromotionCode: (sessionId: string, code: string) => applyPromotionCode(sessionId, { code }),
  removePromotionCode: (sessionId: string) => removePromotionCode(sessionId),
  refreshDiscounts: (sessionId: string, typed: RefreshDiscountsRequest = {}) =>
    refreshDiscounts(sessionId, typed),
};

/**
 * Asks the server for a new Checkout Session for a cart and returns its id. One key per click: a
 * retry after a dropped connection sends the same Idempotency-Key, so it cannot create a second
 * session.
 */
export async function startCheckoutSession(cart: {
  items: readonly CartLine[];
  currency: string;
  clientReferenceId: string | null;
}): Promise<string> {
  const init = json(
    'POST',
    {
      items: cart.items,
      currency: cart.currency,
      ...(cart.clientReferenceId === null ? {} : { clientReferenceId: cart.clientReferenceId }),
      // Optional for other clients: the session's locale and return page follow the page's language.
      locale: pageLocale(),
    },
    { 'idempotency-key': crypto.randomUUID() },
  );
  const send = () => fetch('/api/checkout/sessions', init);
  const created = await call(createdSessionSchema, () => send().catch(send), 'Checkout could not start');
  return created.id;
}
