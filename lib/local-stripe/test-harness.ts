import Stripe from 'stripe';
import { LOCAL_STRIPE_PUBLISHABLE_KEY } from './keys';
import { createLocalStripe, type LocalStripe, type LocalStripeOptions } from './local-stripe';

/** Helpers for the local Stripe's own contract tests (imported by *.test.ts only). */

export const API_VERSION = '2026-08-26.preview; checkout_server_update_beta=v1';
/** The instance key these tests configure; `sk_test_local` and other keys open nothing. */
export const SECRET_KEY = 'sk_test_harness_0123456789abcdef';
export const PUBLISHABLE_KEY = LOCAL_STRIPE_PUBLISHABLE_KEY;
export const WEBHOOK_SECRET = 'whsec_test_local_secret';

export function makeLocal(options: Partial<LocalStripeOptions> = {}): LocalStripe {
  return createLocalStripe({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, ...options });
}

/** The official SDK, configured as the app configures it, talking to `local` in process. */
export function sdkFor(local: LocalStripe, options: { apiVersion?: string; timeout?: number } = {}): Stripe {
  return new Stripe(SECRET_KEY, {
    // The SDK types only its own version string; the beta suffix is what the server reads.
    apiVersion: (options.apiVersion ?? API_VERSION) as Stripe.LatestApiVersion,
    httpClient: local.httpClient(),
    maxNetworkRetries: 0,
    telemetry: false,
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
  });
}

export function formBody(params: Record<string, string | number | boolean>): string {
  return new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)])).toString();
}

export interface CallOptions {
  key?: string | null;
  headers?: Record<string, string>;
}

/** Calls `handle` directly, as the browser stand-in does over HTTP. */
export async function call(
  local: LocalStripe,
  method: string,
  path: string,
  params: Record<string, string | number | boolean> = {},
  options: CallOptions = {},
): Promise<{ status: number; headers: Record<string, string>; body: Record<string, unknown> }> {
  const key = options.key === undefined ? SECRET_KEY : options.key;
  const encoded = formBody(params);
  const isGet = method === 'GET' || method === 'DELETE';
  const response = await local.handle({
    method,
    path: isGet && encoded !== '' ? `${path}?${encoded}` : path,
    headers: {
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      'stripe-version': API_VERSION,
      ...options.headers,
    },
    body: isGet ? '' : encoded,
  });
  // A JSON round trip, as over HTTP.
  const body = JSON.parse(JSON.stringify(response.body)) as Record<string, unknown>;
  return { status: response.status, headers: response.headers, body };
}

/** The SDK error a call fails with; fails the test when the call succeeds instead. */
export async function rejection(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

export function errorOf(body: Record<string, unknown>): Record<string, unknown> {
  const error = body.error;
  if (typeof error !== 'object' || error === null)
    throw new Error(`not an error body: ${JSON.stringify(body)}`);
  return error as Record<string, unknown>;
}

/** `confirm` parameters for paying with one of Stripe's test cards, with an expiry in the future. */
export function cardParams(number: string) {
  return {
    'payment_method_data[type]': 'card',
    'payment_method_data[card][number]': number,
    'payment_method_data[card][exp_month]': 12,
    'payment_method_data[card][exp_year]': 2040,
    'payment_method_data[card][cvc]': '123',
  };
}

/** Pays for a session from the browser side (publishable key and client secret), as Stripe.js does. */
export function confirmWithCard(
  local: LocalStripe,
  session: { id: string; client_secret: string | null },
  number = '4242424242424242',
) {
  return call(
    local,
    'POST',
    `/v1/checkout/sessions/${session.id}/confirm`,
    { client_secret: session.client_secret ?? '', ...cardParams(number) },
    { key: PUBLISHABLE_KEY },
  );
}

/** A product with one USD and one JPY price, as the app's catalog sync creates them. */
export async function seedCatalog(stripe: Stripe) {
  const kit = await stripe.products.create({ name: 'Pour-over coffee kit' });
  const grinder = await stripe.products.create({ name: 'Burr grinder' });
  const mug = await stripe.products.create({ name: 'Ceramic mug' });
  const kitUsd = await stripe.prices.create({
    product: kit.id,
    currency: 'usd',
    unit_amount: 4800,
    lookup_key: 'kit_usd',
  });
  const grinderUsd = await stripe.prices.create({
    product: grinder.id,
    currency: 'usd',
    unit_amount: 12000,
    lookup_key: 'grinder_usd',
  });
  const mugUsd = await stripe.prices.create({
    product: mug.id,
    currency: 'usd',
    unit_amount: 2400,
    lookup_key: 'mug_usd',
  });
  const kitJpy = await stripe.prices.create({
    product: kit.id,
    currency: 'jpy',
    unit_amount: 7200,
    lookup_key: 'kit_jpy',
  });
  const grinderJpy = await stripe.prices.create({
    product: grinder.id,
    currency: 'jpy',
    unit_amount: 18000,
    lookup_key: 'grinder_jpy',
  });
  return { kit, grinder, mug, kitUsd, grinderUsd, mugUsd, kitJpy, grinderJpy };
}

export const RETURN_URL = 'http://localhost:3000/checkout/return?session_id={CHECKOUT_SESSION_ID}';

/** A session of 48.00 USD paid by card; answers its payment intent and charge id. */
export async function paidIntent(
  local: LocalStripe,
  stripe: Stripe,
): Promise<{ intent: Stripe.PaymentIntent; chargeId: string }> {
  const product = await stripe.products.create({ name: 'Kit' });
  const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 4800 });
  const session = await stripe.checkout.sessions.create({
    ui_mode: 'elements',
    mode: 'payment',
    return_url: RETURN_URL,
    customer_email: 'shopper@example.com',
    line_items: [{ price: price.id, quantity: 1 }],
  });
  await confirmWithCard(local, session);
  const completed = await stripe.checkout.sessions.retrieve(session.id);
  const intent = await stripe.paymentIntents.retrieve(String(completed.payment_intent));
  return { intent, chargeId: String(intent.latest_charge) };
}
