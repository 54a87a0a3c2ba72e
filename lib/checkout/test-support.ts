import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { expect, vi } from 'vitest';
import { clearPriceIdCache, syncCatalogToStripe } from '@/lib/catalog/stripe-sync';
import { findCustomer } from '@/lib/customers';
import { createLocalStripe, LOCAL_STRIPE_PUBLISHABLE_KEY, type LocalStripe } from '@/lib/local-stripe';
import type { FaultRequest } from '@/lib/local-stripe/faults';
import type { Store } from '@/lib/store/types';
import { createStripeClient, STRIPE_API_VERSION } from '@/lib/stripe/server';
import { findCartBySession } from './cart';
import { desiredLines, LINE_KEY_METADATA } from './order-lines';
import type { CreateSessionRequest } from './schemas';
import type { Shopper } from './shopper';
import type { CheckoutDeps } from './use-cases';

/**
 * Helpers for the checkout use cases' integration tests (imported by *.test.ts only): a fresh
 * in-memory local Stripe with the catalog synced, the SDK built as lib/stripe/server.ts builds it,
 * and a spy on session updates so a test can prove a change made no Stripe call.
 */

export { STRIPE_CALL_TIMEOUT_MS } from '@/lib/stripe/budget';
export const ORIGIN = 'https://shop.example.test';
export const TTL_MINUTES = 60;

export interface CheckoutHarness {
  local: LocalStripe;
  stripe: Stripe;
  deps: CheckoutDeps;
  /** The instant the use cases see (fixed, so idempotency keys never straddle a minute). */
  now: Date;
  /** Calls to `stripe.checkout.sessions.update` so far. */
  updateCalls(): number;
  /** Makes the next `count` requests matching `path` (a prefix or regex) fail as `kind`. */
  fault(input: FaultRequest): Promise<void>;
  /** Sets the email as Stripe.js's `updateEmail` does: the browser endpoint with the publishable key. */
  updateEmailInBrowser(sessionId: string, email: string): Promise<void>;
  /** Moves one session's clock forward (it expires when passing `expires_at`). */
  advanceClock(sessionId: string, seconds: number): Promise<void>;
  close(): Promise<void>;
}

/** The harness's own local Stripe key (each instance has its own; `sk_test_local` opens nothing). */
export const HARNESS_SECRET_KEY = 'sk_test_checkout_harness_0123456789';

export async function createCheckoutHarness(store: Store): Promise<CheckoutHarness> {
  const local = createLocalStripe({ secretKey: HARNESS_SECRET_KEY, webhookSecret: 'whsec_test_checkout' });
  const stripe = createStripeClient(HARNESS_SECRET_KEY, local.httpClient());
  await syncCatalogToStripe(stripe);
  // The price ids are cached per process; this local Stripe has new ones.
  clearPriceIdCache();
  const update = vi.spyOn(stripe.checkout.sessions, 'update');
  const now = new Date();

  const control = async (path: string, params: Record<string, string | number>) => {
    const response = await local.handle({
      method: 'POST',
      path,
      headers: { authorization: `Bearer ${HARNESS_SECRET_KEY}`, 'stripe-version': STRIPE_API_VERSION },
      body: new URLSearchParams(
        Object.entries(params).map(([key, value]) => [key, String(value)]),
      ).toString(),
    });
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  };

  return {
    local,
    stripe,
    deps: { store, stripe, now: () => now },
    now,
    updateCalls: () => update.mock.calls.length,
    fault: ({ path, method = 'POST', count, kind, delayMs, execute }) =>
      control('/v1/test_helpers/faults', {
        path,
        method,
        count,
        kind,
        ...(delayMs === undefined ? {} : { delay_ms: delayMs }),
        ...(execute === undefined ? {} : { execute: String(execute) }),
      }),
    updateEmailInBrowser: async (sessionId, email) => {
      const session = await stripe.checkout.sessions.retrieve(sessionId);
      const response = await local.handle({
        method: 'POST',
        path: `/v1/checkout/sessions/${sessionId}/client_update`,
        headers: {
          authorization: `Bearer ${LOCAL_STRIPE_PUBLISHABLE_KEY}`,
          'stripe-version': STRIPE_API_VERSION,
        },
        body: new URLSearchParams({ client_secret: session.client_secret ?? '', email }).toString(),
      });
      if (response.status !== 200) {
        throw new Error(`client_update answered ${response.status}: ${JSON.stringify(response.body)}`);
      }
    },
    advanceClock: (sessionId, seconds) =>
      control(`/v1/test_helpers/checkout/sessions/${sessionId}/advance_clock`, { seconds }),
    close: async () => {
      update.mockRestore();
      await local.close();
    },
  };
}

export function guest(): Shopper {
  return { browserId: randomUUID(), customer: null };
}

/** A signed-in demo customer ("Shopping as"), read from the database like the app does. */
export async function signedIn(store: Store, customerId: string): Promise<Shopper> {
  const customer = await findCustomer(store, customerId);
  if (customer === null) throw new Error(`No customer ${customerId}: seed the demo customers`);
  return {
    browserId: randomUUID(),
    customer: { id: customer.id, email: customer.email, displayName: customer.displayName },
  };
}

export const usd = (...items: CreateSessionRequest['items']): CreateSessionRequest => ({
  currency: 'usd',
  items,
});
export const KIT = { productId: 'pour-over-kit', quantity: 1 } as const;
export const BEANS = { productId: 'single-origin-beans', quantity: 1 } as const;
export const MUG = { productId: 'ceramic-mug', quantity: 1 } as const;
export const GRINDER = { productId: 'burr-grinder', quantity: 1 } as const;

export interface StripeSnapshot {
  status: Stripe.Checkout.Session.Status | null;
  amountSubtotal: number | null;
  amountDiscount: number | null;
  amountTotal: number | null;
  /** Line items in Stripe's order: description -> id and amount. */
  lines: { id: string; description: string | null; amount: number }[];
}

/** What Stripe holds for a session: its totals and its line items (ids included). */
export async function readStripeSession(stripe: Stripe, sessionId: string): Promise<StripeSnapshot> {
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  const lines: StripeSnapshot['lines'] = [];
  for await (const item of stripe.checkout.sessions.listLineItems(sessionId, { limit: 100 })) {
    lines.push({ id: item.id, description: item.description, amount: item.amount_total });
  }
  return {
    status: session.status,
    amountSubtotal: session.amount_subtotal,
    amountDiscount: session.total_details?.amount_discount ?? null,
    amountTotal: session.amount_total,
    lines,
  };
}

/** The Stripe id of the line described as `description`; fails the test when there is none or several. */
export function lineId(snapshot: StripeSnapshot, description: string): string {
  const matches = snapshot.lines.filter((line) => line.description === description);
  expect(matches, `one Stripe line item "${description}"`).toHaveLength(1);
  const [match] = matches;
  if (match === undefined) throw new Error('unreachable');
  return match.id;
}

/** Awaits a promise that must reject and returns its reason. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

export interface CartRowSnapshot {
  version: number;
  add_ons: string[];
  promotion_code: string | null;
  line_item_ids: Record<string, string>;
  email: string | null;
}

export async function readCartRow(store: Store, sessionId: string): Promise<CartRowSnapshot> {
  const { rows } = await store.query<CartRowSnapshot & Record<string, unknown>>(
    'SELECT version, add_ons, promotion_code, line_item_ids, email FROM carts WHERE stripe_session_id = $1',
    [sessionId],
  );
  const [row] = rows;
  if (row === undefined) throw new Error(`No cart for ${sessionId}`);
  return row;
}

/**
 * The store, except that the first `times` statements or transactions begun once `armed()` is true
 * fail with `failure()` (by default a lost connection), as a database failing mid-change would (a
 * change's save is one statement, no transaction). Everything else passes through, so what runs
 * after the failures runs on the real store.
 */
export function failingStore(
  store: Store,
  armed: () => boolean,
  options: { failure?: () => Error; times?: number } = {},
): Store & { failures: () => number } {
  const { failure = () => new Error('injected: the database connection was lost'), times = 1 } = options;
  let failures = 0;
  const injected = (): Error | null => {
    if (failures >= times || !armed()) return null;
    failures += 1;
    return failure();
  };
  return {
    driver: store.driver,
    query: (sql, params) => {
      const error = injected();
      return error === null ? store.query(sql, params) : Promise.reject(error);
    },
    transaction: (fn) => {
      const error = injected();
      return error === null ? store.transaction(fn) : Promise.reject(error);
    },
    close: () => store.close(),
    failures: () => failures,
  };
}

/** Stripe's address has explicit nulls where ours leaves optional fields out. */
function withoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== null && field !== undefined)
      .map(([key, field]) => [key, withoutNulls(field)]),
  );
}

/**
 * The database's cart and Stripe's session say the same: the same line items (matched by our line
 * key, with the ids the cart stored), quantities and amounts, the same subtotal, discount and total,
 * and the same shipping details. What every change must leave behind when it returns, failed or not.
 */
export async function expectCartMatchesSession(
  store: Store,
  stripe: Stripe,
  sessionId: string,
): Promise<void> {
  const cart = await findCartBySession(store, sessionId, { lock: false });
  if (cart === null) throw new Error(`No cart for ${sessionId}`);
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  const stripeLines: Record<string, unknown> = {};
  for await (const item of stripe.checkout.sessions.listLineItems(sessionId, { limit: 100 })) {
    const key = item.metadata?.[LINE_KEY_METADATA] ?? `unkeyed line ${item.id}`;
    stripeLines[key] = { id: item.id, quantity: item.quantity, amount: item.amount_subtotal };
  }
  const cartLines = Object.fromEntries(
    desiredLines(cart).map(({ key, line }) => [
      key,
      { id: cart.lineItemIds[key], quantity: line.quantity, amount: line.unitAmount * line.quantity },
    ]),
  );
  expect(stripeLines, `line items of ${sessionId}`).toEqual(cartLines);
  expect(
    {
      subtotal: session.amount_subtotal,
      discount: session.total_details?.amount_discount ?? 0,
      total: session.amount_total,
    },
    `totals of ${sessionId}`,
  ).toEqual({
    subtotal: cart.decision?.subtotal,
    discount: cart.decision?.totalDiscount,
    total: cart.decision?.total,
  });
  expect(
    withoutNulls(session.collected_information?.shipping_details ?? null),
    `shipping of ${sessionId}`,
  ).toEqual(cart.shipping);
}

/**
 * Reservations nobody owns: a reserved redemption whose cart does not (or no longer) carry the
 * rule's code. A failed change must leave none behind.
 */
export async function leakedReservations(store: Store): Promise<{ session: string; rule: string }[]> {
  const { rows } = await store.query<{ session: string; rule: string }>(
    `SELECT c.stripe_session_id AS session, r.rule_id AS rule
     FROM redemptions r JOIN carts c ON c.id = r.cart_id JOIN discount_rules d ON d.id = r.rule_id
     WHERE r.status = 'reserved' AND c.promotion_code IS DISTINCT FROM d.definition->>'code'`,
  );
  return rows;
}
