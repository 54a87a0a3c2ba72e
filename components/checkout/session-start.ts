import type { CartLine } from '@/lib/checkout/contract';
import { DEFAULT_LOCALE, isLocale, type Locale } from '@/lib/i18n/locales';

/**
 * The zod-free half of the browser's calls to our routes: what the storefront needs to start a
 * checkout (the `/` page must not download a schema library for two small answers). The answers
 * it reads, the created session and the error envelope, are checked by hand here;
 * session-start.test.ts holds these checks to `createdSessionSchema`/`errorEnvelopeSchema` of
 * lib/checkout/contract.ts on generated values, so the two cannot drift apart.
 * components/checkout/checkout-api.ts builds the checkout page's calls on top of this.
 */

/**
 * The page's language (`<html lang>`, which the server set from the URL). Our routes answer in
 * the language the request's Accept-Language names, so every call names the page's.
 */
export function pageLocale(): Locale {
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

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{ error: { code, message } }` (DESIGN.md's error contract; other fields are ignored), or null. */
export function parseErrorEnvelope(value: unknown): { error: { code: string; message: string } } | null {
  if (!isRecord(value) || !isRecord(value.error)) return null;
  const { code, message } = value.error;
  return typeof code === 'string' && typeof message === 'string' ? { error: { code, message } } : null;
}

/** The answer to session creation, `{ id, reference }` (other fields are ignored), or null. */
export function parseCreatedSession(value: unknown): { id: string; reference: string } | null {
  if (!isRecord(value)) return null;
  const { id, reference } = value;
  return typeof id === 'string' && typeof reference === 'string' ? { id, reference } : null;
}

/**
 * One call to a route: every answer is parsed with the check the route's answer is shaped by; a
 * refusal becomes a CheckoutApiError carrying the server's sentence, which is what Stripe.js's
 * runServerUpdate expects of the function it wraps.
 */
export async function callRoute<T>(
  parse: (payload: unknown) => T | null,
  send: () => Promise<Response>,
  failed: string,
): Promise<T> {
  const response = await send();
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const envelope = parseErrorEnvelope(payload);
    if (envelope !== null) {
      throw new CheckoutApiError(envelope.error.message, response.status, envelope.error.code);
    }
    throw new CheckoutApiError(`${failed} (HTTP ${response.status}).`, response.status, 'http_error');
  }
  const parsed = parse(payload);
  if (parsed === null) {
    throw new CheckoutApiError(
      'The server sent an answer this page does not understand. Reload the page and try again.',
      response.status,
      'unexpected_response',
    );
  }
  return parsed;
}

export const jsonRequest = (
  method: 'POST' | 'DELETE',
  body?: unknown,
  extra: Record<string, string> = {},
) => {
  const headers = { 'accept-language': pageLocale(), ...extra };
  return {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
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
  const init = jsonRequest(
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
  const created = await callRoute(parseCreatedSession, () => send().catch(send), 'Checkout could not start');
  return created.id;
}
