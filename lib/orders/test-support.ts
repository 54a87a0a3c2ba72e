import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { POST as stripeWebhookRoute } from '@/app/api/webhooks/stripe/route';
import type { ProductId } from '@/lib/catalog';
import { clearPriceIdCache, syncCatalogToStripe } from '@/lib/catalog/stripe-sync';
import { seedDiscountRules } from '@/lib/checkout/discount-rules';
import type { Shopper } from '@/lib/checkout/shopper';
import {
  applyPromotionCode,
  type CheckoutDeps,
  createCheckoutSession,
  setEmail,
  setShippingAddress,
} from '@/lib/checkout/use-cases';
import { DEMO_RULES } from '@/lib/discounts';
import { createLocalStripe, LOCAL_STRIPE_PUBLISHABLE_KEY, type LocalStripe } from '@/lib/local-stripe';
import type { Currency } from '@/lib/money';
import type { Store } from '@/lib/store/types';
import { createStripeClient, STRIPE_API_VERSION } from '@/lib/stripe/server';

/**
 * Order tests run the real path: a local Stripe, the app's checkout use cases to create carts and
 * sessions, the local Stripe's browser endpoint to pay, and signed events posted to the webhook
 * route. Imported by *.test.ts only.
 */

export const TEST_WEBHOOK_SECRET = 'whsec_orders_test_secret_0123456789';
/** The world's own local Stripe key (each instance has its own; `sk_test_local` opens nothing). */
const SECRET_KEY = 'sk_test_orders_world_0123456789';

export interface World {
  store: Store;
  local: LocalStripe;
  stripe: Stripe;
  checkout: CheckoutDeps;
  log: { warn: (...args: unknown[]) => void; error: (...args: unknown[]) => void; lines: string[] };
  webhook: (request: Request) => Promise<Response>;
}

export const WEBHOOK_URL = 'http://shop.test/api/webhooks/stripe';

/**
 * A local Stripe with the catalog synced, and the demo discount rules in `store`. By default it
 * has no webhook URL: it keeps its events and each test delivers them itself. With
 * `deliverWebhooks`, it posts them to the webhook route on its own, as in the running app.
 */
export async function createWorld(store: Store, options: { deliverWebhooks?: boolean } = {}): Promise<World> {
  const receiver: { route?: (request: Request) => Promise<Response> } = {};
  const local = createLocalStripe({
    secretKey: SECRET_KEY,
    webhookSecret: TEST_WEBHOOK_SECRET,
    ...(options.deliverWebhooks
      ? {
          webhookUrl: WEBHOOK_URL,
          fetch: async (input: string | URL | Request, init?: RequestInit) => {
            if (receiver.route === undefined) throw new Error('The webhook route is not ready');
            return receiver.route(new Request(input, init));
          },
          // A refused delivery fails the test at once instead of retrying with back-off.
          webhookRetry: { attempts: 1, baseDelayMs: 1 },
        }
      : {}),
  });
  const stripe = createStripeClient(SECRET_KEY, local.httpClient());
  await syncCatalogToStripe(stripe);
  // Price ids are cached per process; another suite's local Stripe had different ones.
  clearPriceIdCache();
  await seedDiscountRules(store, DEMO_RULES);
  const lines: string[] = [];
  const log = {
    lines,
    warn: (...args: unknown[]) => void lines.push(args.map(String).join(' ')),
    error: (...args: unknown[]) => void lines.push(args.map(String).join(' ')),
  };
  const webhook = stripeWebhookRoute.withDeps(async () => ({
    store,
    stripe,
    webhookSecret: TEST_WEBHOOK_SECRET,
    ordersApiToken: null,
    log,
  }));
  receiver.route = webhook;
  return { store, local, stripe, checkout: { store, stripe }, log, webhook };
}

/** A customer of our own, so history assertions never see another test's orders. */
export async function createCustomer(store: Store, paidOrderCount = 0): Promise<Shopper> {
  const id = `cust_${randomUUID().slice(0, 8)}`;
  const email = `${id}@example.com`;
  await store.query(
    'INSERT INTO customers (id, display_name, email, paid_order_count) VALUES ($1, $2, $3, $4)',
    [id, `Customer ${id}`, email, paidOrderCount],
  );
  return { browserId: randomUUID(), customer: { id, email, displayName: `Customer ${id}` } };
}

export function guest(): Shopper {
  return { browserId: randomUUID(), customer: null };
}

export interface CheckoutOptions {
  items: { productId: ProductId; quantity: number }[];
  currency?: Currency;
  code?: string;
  clientReferenceId?: string;
  /** Typed by the shopper in the checkout (saved on the session, then read by a refresh). */
  email?: string;
}

/** A cart and its Checkout Session, made by the app's own use cases, ready to pay. */
export async function startCheckout(world: World, shopper: Shopper, options: CheckoutOptions) {
  const view = await createCheckoutSession(
    world.checkout,
    shopper,
    {
      items: options.items,
      currency: options.currency ?? 'usd',
      ...(options.clientReferenceId === undefined ? {} : { clientReferenceId: options.clientReferenceId }),
    },
    { origin: 'http://shop.test', ttlMinutes: 60 },
  );
  const sessionId = view.sessionId;
  await setShippingAddress(world.checkout, shopper, sessionId, {
    name: 'Ada Lovelace',
    address: { line1: '1 Market Street', city: 'San Francisco', postal_code: '94105', country: 'US' },
  });
  if (options.email !== undefined) {
    const session = await world.stripe.checkout.sessions.retrieve(sessionId);
    await browserCall(world, sessionId, 'client_update', {
      client_secret: session.client_secret ?? '',
      email: options.email,
    });
    // As the checkout page does: the server hears the email itself (first-order offers fail closed
    // without it), besides Stripe.js's copy on the session.
    await setEmail(world.checkout, shopper, sessionId, options.email);
  }
  if (options.code !== undefined) await applyPromotionCode(world.checkout, shopper, sessionId, options.code);
  return sessionId;
}

/** Pays as the browser does: the local Stripe's confirm endpoint with the publishable key. */
export async function pay(
  world: World,
  sessionId: string,
  /** `none`: no payment details at all, as Stripe.js confirms a free order. */
  options: { method?: 'card' | 'konbini' | 'none'; email?: string } = {},
): Promise<void> {
  const session = await world.stripe.checkout.sessions.retrieve(sessionId);
  const method = options.method ?? 'card';
  await browserCall(world, sessionId, 'confirm', {
    client_secret: session.client_secret ?? '',
    ...(options.email === undefined ? {} : { email: options.email }),
    ...(method === 'none' ? {} : { 'payment_method_data[type]': method }),
    ...(method === 'card'
      ? {
          'payment_method_data[card][number]': '4242424242424242',
          'payment_method_data[card][exp_month]': '12',
          'payment_method_data[card][exp_year]': '2040',
          'payment_method_data[card][cvc]': '123',
        }
      : {}),
  });
}

/** The local Stripe's test control that settles a konbini payment. */
export async function settleAsyncPayment(world: World, sessionId: string, outcome: 'succeeded' | 'failed') {
  const response = await world.local.handle({
    method: 'POST',
    path: `/v1/test_helpers/checkout/sessions/${sessionId}/async_payment`,
    headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ outcome }).toString(),
  });
  if (response.status !== 200) throw new Error(`async_payment answered ${JSON.stringify(response.body)}`);
}

async function browserCall(world: World, sessionId: string, action: string, form: Record<string, string>) {
  const response = await world.local.handle({
    method: 'POST',
    path: `/v1/checkout/sessions/${sessionId}/${action}`,
    headers: {
      authorization: `Bearer ${LOCAL_STRIPE_PUBLISHABLE_KEY}`,
      'content-type': 'application/x-www-form-urlencoded',
      'stripe-version': STRIPE_API_VERSION,
    },
    body: new URLSearchParams(form).toString(),
  });
  if (response.status !== 200) throw new Error(`${action} answered ${JSON.stringify(response.body)}`);
}

/** The event of `type` the local Stripe recorded for this session, as Stripe would deliver it. */
export async function eventFor(
  world: World,
  sessionId: string,
  type: Stripe.Event.Type,
): Promise<Stripe.Event> {
  for await (const event of world.stripe.events.list({ type, limit: 100 })) {
    if ((event.data.object as { id?: string }).id === sessionId) return event;
  }
  throw new Error(`No ${type} event for ${sessionId}`);
}

/** A signed delivery of `payload` (the raw JSON text) to the webhook route. */
export function signedDelivery(
  world: World,
  payload: string,
  options: { secret?: string; timestamp?: number; signature?: string | null } = {},
): Request {
  const signature =
    options.signature !== undefined
      ? options.signature
      : world.stripe.webhooks.generateTestHeaderString({
          payload,
          secret: options.secret ?? TEST_WEBHOOK_SECRET,
          ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
        });
  return new Request(WEBHOOK_URL, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      ...(signature === null ? {} : { 'stripe-signature': signature }),
    },
    body: payload,
  });
}

/** Delivers an event (signed) and returns the route's status and body. */
export async function deliver(
  world: World,
  event: Stripe.Event,
): Promise<{ status: number; body: { received?: boolean; outcome?: string; error?: { code: string } } }> {
  const response = await world.webhook(signedDelivery(world, JSON.stringify(event, null, 2)));
  return { status: response.status, body: await response.json() };
}
