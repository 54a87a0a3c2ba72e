import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearPriceIdCache } from '@/lib/catalog/stripe-sync';
import { errorEnvelopeSchema } from '@/lib/checkout/contract';
import { DEMO_RULES } from '@/lib/discounts';
import { route } from '@/lib/http/route';
import type { FaultKind, FaultRequest } from '@/lib/local-stripe/faults';
import type { Store } from '@/lib/store';
import { realDatabaseFailure, TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import { seedDiscountRules } from './discount-rules';
import type { CreateSessionRequest } from './schemas';
import type { Shopper } from './shopper';
import {
  type CheckoutHarness,
  createCheckoutHarness,
  expectCartMatchesSession,
  failingStore,
  GRINDER,
  guest,
  KIT,
  leakedReservations,
  ORIGIN,
  STRIPE_CALL_TIMEOUT_MS,
  TTL_MINUTES,
  usd,
} from './test-support';
import {
  applyPromotionCode,
  type CheckoutDeps,
  createCheckoutSession,
  refreshDiscounts,
  removePromotionCode,
  setEmail,
  setShippingAddress,
  toggleAddOn,
} from './use-cases';

/**
 * Issue 15's fault suite: for every Stripe call the checkout makes, an injected 500, 429,
 * `lock_timeout` 429 and timeout (through the local Stripe's fault controls), and a database failure
 * right after Stripe accepted the push. After each, whatever the answer: the cart in the database
 * and the Checkout Session agree (expectCartMatchesSession), the answer is the contract's (502/503/
 * 504 with a human sentence; never a 500), a lock_timeout is retried and succeeds, a timed-out
 * update is reconciled, and no reservation of a limited code is left without its cart.
 *
 * Not in the table: `expire` (the app never expires sessions; Stripe expires them at `expires_at`).
 * The database rows run for the session updates themselves (the other rows add nothing there).
 */

// Longer than the SDK's per-call timeout: the SDK gives up while the local Stripe still applies it.
const HELD_MS = STRIPE_CALL_TIMEOUT_MS + 1_500;
const createOptions = { origin: ORIGIN, ttlMinutes: TTL_MINUTES };

const MESSAGES = {
  502500: 'Stripe reported an error. Nothing was charged; please try again.',
  502429: 'Stripe is busy right now. Nothing was charged; please try again in a moment.',
  504: 'Stripe did not answer in time. Nothing was charged; please try again.',
  503: "We couldn't save your change. Please try again.",
} as const;

type Expected =
  | { outcome: 'success' }
  | { outcome: 'error'; status: 502 | 503 | 504; code: string; message: string };

const SUCCEEDS: Expected = { outcome: 'success' };
const FAILED: Expected = { outcome: 'error', status: 502, code: 'stripe_error', message: MESSAGES[502500] };
const BUSY: Expected = { outcome: 'error', status: 502, code: 'stripe_error', message: MESSAGES[502429] };
const TIMED_OUT: Expected = { outcome: 'error', status: 504, code: 'stripe_timeout', message: MESSAGES[504] };
const UNAVAILABLE: Expected = {
  outcome: 'error',
  status: 503,
  code: 'service_unavailable',
  message: MESSAGES[503],
};

interface Subject {
  shopper: Shopper;
  sessionId: string;
}

interface Context {
  h: CheckoutHarness;
  store: Store;
  /** Distinct per test, for emails and customers. */
  tag: string;
}

interface ChangeRow {
  call: string;
  /** The faulted request: method and path (a regex over the session id). */
  method: 'GET' | 'POST';
  path: (sessionId: string) => string;
  /** Faults the request meets before the one under test (a timeout that sends it to reconcile). */
  before?: (sessionId: string) => FaultRequest[];
  /** The dependencies the change runs with (default the harness's). */
  deps?: (deps: CheckoutDeps) => CheckoutDeps;
  /** Brings the subject's session to where the change starts. */
  prepare?: (ctx: Context, subject: Subject) => Promise<void>;
  change: (deps: CheckoutDeps, subject: Subject, ctx: Context) => Promise<unknown>;
  /** What a timeout answers: reconciled (retrieve, push again) or a 504. */
  onTimeout: Expected;
}

const sessionPath = (id: string) => `^/v1/checkout/sessions/${id}$`;
const JP_ADDRESS = {
  name: 'Ada Lovelace',
  address: {
    line1: '1-1 Chiyoda',
    city: 'Chiyoda-ku',
    state: 'Tokyo',
    postal_code: '100-0001',
    country: 'JP',
  },
};
const US_ADDRESS = {
  name: 'Ada Lovelace',
  address: { line1: '1 Market Street', city: 'San Francisco', postal_code: '94105', country: 'US' },
};

/** Each session update the checkout makes, one per use case, then the calls a timeout leads to. */
const CHANGE_ROWS: ChangeRow[] = [
  {
    call: 'sessions.update (toggle an add-on)',
    method: 'POST',
    path: sessionPath,
    change: (deps, { shopper, sessionId }) => toggleAddOn(deps, shopper, sessionId, 'gift_wrap', true),
    onTimeout: SUCCEEDS,
  },
  {
    call: 'sessions.update (apply a limited promotion code)',
    method: 'POST',
    path: sessionPath,
    change: (deps, { shopper, sessionId }) => applyPromotionCode(deps, shopper, sessionId, 'save20'),
    onTimeout: SUCCEEDS,
  },
  {
    call: 'sessions.update (remove the promotion code)',
    method: 'POST',
    path: sessionPath,
    prepare: async ({ h }, { shopper, sessionId }) => {
      await applyPromotionCode(h.deps, shopper, sessionId, 'SAVE20');
    },
    change: (deps, { shopper, sessionId }) => removePromotionCode(deps, shopper, sessionId),
    onTimeout: SUCCEEDS,
  },
  {
    call: 'sessions.update (shipping address)',
    method: 'POST',
    path: sessionPath,
    // Stripe cannot unset a session's address, so the stored cart has one to be restored to.
    prepare: async ({ h }, { shopper, sessionId }) => {
      await setShippingAddress(h.deps, shopper, sessionId, JP_ADDRESS);
    },
    change: (deps, { shopper, sessionId }) => setShippingAddress(deps, shopper, sessionId, US_ADDRESS),
    onTimeout: SUCCEEDS,
  },
  {
    call: 'sessions.update (email that loses WELCOME10)',
    method: 'POST',
    path: sessionPath,
    prepare: async ({ h, tag }, subject) => {
      // Another shopper holds WELCOME10 for the email the subject is about to type.
      const other = guest();
      const { sessionId } = await createCheckoutSession(h.deps, other, usd(KIT), createOptions);
      await setEmail(h.deps, other, sessionId, `taken-${tag}@example.com`);
      await applyPromotionCode(h.deps, other, sessionId, 'WELCOME10');
      await setEmail(h.deps, subject.shopper, subject.sessionId, `own-${tag}@example.com`);
      await applyPromotionCode(h.deps, subject.shopper, subject.sessionId, 'WELCOME10');
    },
    change: (deps, { shopper, sessionId }, { tag }) =>
      setEmail(deps, shopper, sessionId, `taken-${tag}@example.com`),
    onTimeout: SUCCEEDS,
  },
  {
    call: 'sessions.update (refresh before Pay)',
    method: 'POST',
    path: sessionPath,
    change: (deps, { shopper, sessionId }) => refreshDiscounts(deps, shopper, sessionId),
    onTimeout: SUCCEEDS,
  },
  {
    call: 'sessions.retrieve (reconciling a timed-out update)',
    method: 'GET',
    path: sessionPath,
    before: (id) => [{ path: sessionPath(id), method: 'POST', count: 1, kind: 'timeout', delayMs: HELD_MS }],
    change: (deps, { shopper, sessionId }) => toggleAddOn(deps, shopper, sessionId, 'gift_wrap', true),
    onTimeout: TIMED_OUT,
  },
  {
    call: 'sessions.update (the push again after a timed-out update)',
    method: 'POST',
    path: sessionPath,
    before: (id) => [{ path: sessionPath(id), method: 'POST', count: 1, kind: 'timeout', delayMs: HELD_MS }],
    change: (deps, { shopper, sessionId }) => toggleAddOn(deps, shopper, sessionId, 'gift_wrap', true),
    onTimeout: TIMED_OUT,
  },
  {
    call: 'sessions.listLineItems (a session whose line items fill more than one page)',
    method: 'GET',
    path: (id) => `^/v1/checkout/sessions/${id}/line_items$`,
    deps: (deps) => ({ ...deps, stripe: withPagedLineItems(deps.stripe) }),
    change: (deps, { shopper, sessionId }) => toggleAddOn(deps, shopper, sessionId, 'gift_wrap', true),
    onTimeout: TIMED_OUT,
  },
];

/**
 * The catalog's carts fit in the first page of a session's expanded line items, so the app never
 * pages through `listLineItems`. This client says every update's page has more, as Stripe does
 * for a cart of more than one page, so the call is made (through the same SDK, on the same Stripe).
 */
function withPagedLineItems(stripe: Stripe): Stripe {
  const sessions = Object.create(stripe.checkout.sessions) as Stripe['checkout']['sessions'];
  sessions.update = async (...args: Parameters<Stripe['checkout']['sessions']['update']>) => {
    const session = await stripe.checkout.sessions.update(...args);
    const lines = session.line_items;
    return { ...session, ...(lines ? { line_items: { ...lines, has_more: true } } : {}) };
  };
  const checkout = Object.assign(Object.create(stripe.checkout), { sessions });
  return Object.assign(Object.create(stripe) as Stripe, { checkout });
}

interface CreateRow {
  call: string;
  method: 'GET' | 'POST';
  path: string;
  /** Who creates which cart, so that this call is made. */
  arrange: (ctx: Context) => Promise<{ shopper: Shopper; request: CreateSessionRequest }>;
  onLockTimeout: Expected;
}

const CREATE_ROWS: CreateRow[] = [
  {
    call: 'prices.list (catalog prices, on a cold cache)',
    method: 'GET',
    path: '^/v1/prices$',
    arrange: async () => {
      clearPriceIdCache();
      return { shopper: guest(), request: usd(KIT) };
    },
    onLockTimeout: SUCCEEDS,
  },
  {
    call: 'customers.create (a signed-in customer new to Stripe)',
    method: 'POST',
    path: '^/v1/customers$',
    arrange: async ({ store, tag }) => {
      const id = `cust_${tag}`;
      await store.query(
        'INSERT INTO customers (id, display_name, email, paid_order_count) VALUES ($1, $2, $3, 0)',
        [id, `Customer ${tag}`, `${id}@example.com`],
      );
      const customer = { id, email: `${id}@example.com`, displayName: `Customer ${tag}` };
      return { shopper: { browserId: randomUUID(), customer }, request: usd(KIT) };
    },
    onLockTimeout: SUCCEEDS,
  },
  {
    call: 'coupons.create (a discount from the first moment)',
    method: 'POST',
    path: '^/v1/coupons$',
    arrange: async () => ({ shopper: guest(), request: usd(KIT, GRINDER) }),
    onLockTimeout: SUCCEEDS,
  },
  {
    call: 'sessions.create',
    method: 'POST',
    path: '^/v1/checkout/sessions$',
    arrange: async () => ({ shopper: guest(), request: usd(KIT, GRINDER) }),
    onLockTimeout: SUCCEEDS,
  },
];

const KINDS: FaultKind[] = ['server_error', 'rate_limit', 'lock_timeout', 'timeout'];

function expectedFor(kind: FaultKind, row: { onTimeout?: Expected }): Expected {
  if (kind === 'server_error') return FAILED;
  if (kind === 'rate_limit') return BUSY;
  if (kind === 'lock_timeout') return SUCCEEDS;
  return row.onTimeout ?? TIMED_OUT;
}

/** What the route wrapper answers for the failure a use case rejected with. */
async function answerTo(
  failure: unknown,
): Promise<{ status: number; body: unknown; retryAfter: string | null }> {
  const response = await route({}, async () => {
    throw failure;
  })(new Request('https://shop.example.test/api/checkout/sessions', { method: 'GET' }));
  return {
    status: response.status,
    body: await response.json(),
    retryAfter: response.headers.get('retry-after'),
  };
}

/** Runs `work`, then checks its outcome against `expected` (answer, status, sentence). */
async function expectOutcome(work: Promise<unknown>, expected: Expected): Promise<void> {
  const settled = await work.then(
    () => ({ ok: true as const }),
    (failure: unknown) => ({ ok: false as const, failure }),
  );
  if (expected.outcome === 'success') {
    if (!settled.ok)
      throw new Error(`expected success, got ${String(settled.failure)}`, { cause: settled.failure });
    return;
  }
  if (settled.ok) throw new Error(`expected a ${expected.status}, but the change succeeded`);
  const answer = await answerTo(settled.failure);
  expect(errorEnvelopeSchema.safeParse(answer.body).success).toBe(true);
  expect({ status: answer.status, body: answer.body }).toEqual({
    status: expected.status,
    body: { error: { code: expected.code, message: expected.message } },
  });
  if (expected.status === 503) expect(answer.retryAfter).toBe('2');
}

const quietly = () => vi.spyOn(console, 'error').mockImplementation(() => undefined);

describe.each(TEST_DRIVERS)('the fault suite on %s (issue 15)', (driver) => {
  const db = useTestStore(driver);
  let h: CheckoutHarness;
  let ctx: Context;
  let databaseFailure: Error;
  beforeAll(async () => {
    await seedDiscountRules(db.store, DEMO_RULES);
    databaseFailure = await realDatabaseFailure(driver);
  });
  beforeEach(async () => {
    h = await createCheckoutHarness(db.store);
    ctx = { h, store: db.store, tag: randomUUID().slice(0, 8) };
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await h.close();
  });

  const startSubject = async (row: ChangeRow): Promise<Subject> => {
    const shopper = guest();
    const { sessionId } = await createCheckoutSession(h.deps, shopper, usd(KIT, GRINDER), createOptions);
    const subject = { shopper, sessionId };
    await row.prepare?.(ctx, subject);
    return subject;
  };

  const afterwards = async (sessionId: string) => {
    await expectCartMatchesSession(db.store, h.stripe, sessionId);
    expect(await leakedReservations(db.store)).toEqual([]);
  };

  for (const row of CHANGE_ROWS) {
    describe(row.call, () => {
      it.each(KINDS)(
        '%s',
        async (kind) => {
          const subject = await startSubject(row);
          for (const fault of row.before?.(subject.sessionId) ?? []) await h.fault(fault);
          await h.fault({
            path: row.path(subject.sessionId),
            method: row.method,
            count: 1,
            kind,
            ...(kind === 'timeout' ? { delayMs: HELD_MS } : {}),
          });
          quietly();
          const deps = row.deps?.(h.deps) ?? h.deps;
          await expectOutcome(row.change(deps, subject, ctx), expectedFor(kind, row));
          await afterwards(subject.sessionId);
          // The fault is spent: the same change now goes through, and still agrees.
          await row.change(deps, subject, ctx);
          await afterwards(subject.sessionId);
        },
        30_000,
      );

      it.runIf(row.before === undefined && row.deps === undefined)(
        'a database blip right after Stripe took the push: the save is retried',
        async () => {
          const subject = await startSubject(row);
          const updatesBefore = h.updateCalls();
          const armed = () => h.updateCalls() > updatesBefore;
          const store = failingStore(db.store, armed, { failure: () => databaseFailure });
          await expectOutcome(row.change({ ...h.deps, store }, subject, ctx), SUCCEEDS);
          expect(store.failures()).toBe(1);
          await afterwards(subject.sessionId);
        },
        30_000,
      );

      it.runIf(row.before === undefined && row.deps === undefined)(
        'a database outage right after Stripe took the push: 503, Stripe restored',
        async () => {
          const subject = await startSubject(row);
          const updatesBefore = h.updateCalls();
          const armed = () => h.updateCalls() > updatesBefore;
          const store = failingStore(db.store, armed, { failure: () => databaseFailure, times: 2 });
          quietly();
          await expectOutcome(row.change({ ...h.deps, store }, subject, ctx), UNAVAILABLE);
          expect(store.failures()).toBe(2);
          await afterwards(subject.sessionId);
          await row.change(h.deps, subject, ctx);
          await afterwards(subject.sessionId);
        },
        30_000,
      );
    });
  }

  /** Creation has no cart to compare until it succeeds: a retry with the same key must converge. */
  const expectRetryConverges = async (shopper: Shopper, request: CreateSessionRequest, key: string) => {
    const view = await createCheckoutSession(h.deps, shopper, request, {
      ...createOptions,
      idempotencyKey: key,
    });
    await afterwards(view.sessionId);
    const sessions = await h.stripe.checkout.sessions.list({ limit: 100 });
    // The failed attempt left no second session: the retry is the same request to Stripe.
    expect(sessions.data.map((session) => session.id)).toEqual([view.sessionId]);
  };

  for (const row of CREATE_ROWS) {
    describe(row.call, () => {
      it.each(KINDS)(
        '%s',
        async (kind) => {
          const { shopper, request } = await row.arrange(ctx);
          const key = randomUUID();
          await h.fault({
            path: row.path,
            method: row.method,
            count: 1,
            kind,
            ...(kind === 'timeout' ? { delayMs: HELD_MS } : {}),
          });
          quietly();
          const expected = kind === 'lock_timeout' ? row.onLockTimeout : expectedFor(kind, {});
          await expectOutcome(
            createCheckoutSession(h.deps, shopper, request, { ...createOptions, idempotencyKey: key }),
            expected,
          );
          await expectRetryConverges(shopper, request, key);
        },
        30_000,
      );
    });
  }

  it.each([
    { times: 1, expected: SUCCEEDS },
    { times: 2, expected: UNAVAILABLE },
  ])(
    'sessions.create: $times database failure(s) right after Stripe created the session',
    async ({ times, expected }) => {
      const shopper = guest();
      const key = randomUUID();
      const create = vi.spyOn(h.stripe.checkout.sessions, 'create');
      const store = failingStore(db.store, () => create.mock.calls.length > 0, {
        failure: () => databaseFailure,
        times,
      });
      quietly();
      await expectOutcome(
        createCheckoutSession({ ...h.deps, store }, shopper, usd(KIT, GRINDER), {
          ...createOptions,
          idempotencyKey: key,
        }),
        expected,
      );
      expect(store.failures()).toBe(times);
      await expectRetryConverges(shopper, usd(KIT, GRINDER), key);
    },
  );
});
