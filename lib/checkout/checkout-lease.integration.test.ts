import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { openTestStore, TEST_DRIVERS, type TestStore, useTestStore } from '@/lib/store/test-support';
import type { Store } from '@/lib/store/types';
import { createStripeClient } from '@/lib/stripe/server';
import { takeCartLease } from './cart';
import { seedDiscountRules } from './discount-rules';
import {
  BEANS,
  type CheckoutHarness,
  createCheckoutHarness,
  guest,
  HARNESS_SECRET_KEY,
  KIT,
  ORIGIN,
  readCartRow,
  readStripeSession,
  rejectionOf,
  TTL_MINUTES,
  usd,
} from './test-support';
import { applyPromotionCode, type CheckoutDeps, createCheckoutSession, toggleAddOn } from './use-cases';

const options = { origin: ORIGIN, ttlMinutes: TTL_MINUTES };

type HttpClient = Stripe.HttpClient;

/**
 * A Stripe client whose session updates for chosen sessions are held open until the test lets them
 * go: `reached(id)` resolves when such an update is in flight, `release()` lets every one through.
 */
function gatedStripe(h: CheckoutHarness, gated: ReadonlySet<string>) {
  const inner = h.local.httpClient();
  let open!: () => void;
  const latch = new Promise<void>((resolve) => {
    open = resolve;
  });
  const arrivals = new Map<string, () => void>();
  const arrived = new Map<string, Promise<void>>();
  for (const id of gated) {
    arrived.set(
      id,
      new Promise<void>((resolve) => {
        arrivals.set(id, resolve);
      }),
    );
  }
  const client = {
    getClientName: () => 'gated-local-stripe',
    makeRequest: async (...args: Parameters<HttpClient['makeRequest']>) => {
      const [, , path, method] = args;
      const id = /^\/v1\/checkout\/sessions\/([^/?]+)$/.exec(path)?.[1];
      if (method === 'POST' && id !== undefined && gated.has(id)) {
        arrivals.get(id)?.();
        await latch;
      }
      return inner.makeRequest(...args);
    },
  } as HttpClient;
  return {
    stripe: createStripeClient(HARNESS_SECRET_KEY, client),
    reached: (id: string) => arrived.get(id) ?? Promise.reject(new Error(`${id} is not gated`)),
    release: () => open(),
  };
}

/** Tracks whether a promise has settled, without awaiting it. */
function track<T>(promise: Promise<T>) {
  const state = { settled: false, promise };
  promise.then(
    () => {
      state.settled = true;
    },
    () => {
      state.settled = true;
    },
  );
  return state;
}

describe.each(TEST_DRIVERS)('session leases on %s', (driver) => {
  it("a change of session A completes while session B's Stripe update is held open", async () => {
    // A pool of 2 (Postgres) and 3 sessions blocked in Stripe: if a change kept a connection during
    // its Stripe call, A could not get one; on PGlite, A would queue behind B's open transaction.
    let opened: TestStore | undefined;
    let h: CheckoutHarness | undefined;
    try {
      opened = await openTestStore(driver, { poolMax: 2 });
      h = await createCheckoutHarness(opened.store);
      const store: Store = opened.store;
      const a = { shopper: guest(), sessionId: '' };
      a.sessionId = (await createCheckoutSession(h.deps, a.shopper, usd(KIT, BEANS), options)).sessionId;
      const blocked = await Promise.all(
        [1, 2, 3].map(async () => {
          const shopper = guest();
          const { sessionId } = await createCheckoutSession(h!.deps, shopper, usd(KIT, BEANS), options);
          return { shopper, sessionId };
        }),
      );
      const gate = gatedStripe(h, new Set(blocked.map((b) => b.sessionId)));
      const deps: CheckoutDeps = { store, stripe: gate.stripe, now: h.deps.now };

      const bChanges = blocked.map((b) =>
        track(toggleAddOn(deps, b.shopper, b.sessionId, 'gift_wrap', true)),
      );
      await Promise.all(blocked.map((b) => gate.reached(b.sessionId)));
      const [first] = blocked;
      if (first === undefined) throw new Error('unreachable');
      // A second change of a blocked session must wait for the first: same session, strict order.
      const queued = track(toggleAddOn(deps, first.shopper, first.sessionId, 'extended_warranty', true));

      // The latch is still closed: every B is inside its Stripe call while A runs start to finish.
      const viewA = await toggleAddOn(deps, a.shopper, a.sessionId, 'gift_wrap', true);
      expect(viewA).toMatchObject({ addOns: ['gift_wrap'], version: 2 });
      const viewA2 = await toggleAddOn(deps, a.shopper, a.sessionId, 'express_shipping', true);
      expect(viewA2).toMatchObject({ addOns: ['express_shipping', 'gift_wrap'], version: 3 });
      expect(bChanges.map((change) => change.settled)).toEqual([false, false, false]);
      expect(queued.settled).toBe(false);
      expect(await readCartRow(store, first.sessionId)).toMatchObject({ version: 1, add_ons: [] });

      gate.release();
      const views = await Promise.all(bChanges.map((change) => change.promise));
      expect(views.map((view) => view.addOns)).toEqual([['gift_wrap'], ['gift_wrap'], ['gift_wrap']]);
      expect(await queued.promise).toMatchObject({ addOns: ['extended_warranty', 'gift_wrap'], version: 3 });
      expect((await readStripeSession(h.stripe, first.sessionId)).amountTotal).toBe(6600 + 500 + 2000);
      expect((await readStripeSession(h.stripe, a.sessionId)).amountTotal).toBe(6600 + 500 + 1500);
    } finally {
      await h?.close();
      await opened?.cleanup();
    }
    // Opens its own store and four sessions; not a timing assertion, only room on a busy machine.
  }, 120_000);
});

describe.each(TEST_DRIVERS)('lease expiry and waiting on %s', (driver) => {
  const db = useTestStore(driver);
  let h: CheckoutHarness;
  beforeEach(async () => {
    h = await createCheckoutHarness(db.store);
  });
  afterEach(async () => {
    await h.close();
  });

  /** A 10 % code with a limit on its uses. */
  const seedLimitedCode = (id: string, code: string, maxRedemptions: number) =>
    seedDiscountRules(db.store, [
      {
        id,
        kind: 'promotion_code',
        name: code,
        code,
        value: { type: 'percent', percent: 10 },
        maxRedemptions,
      },
    ]);

  const newSession = async () => {
    const shopper = guest();
    const { sessionId } = await createCheckoutSession(h.deps, shopper, usd(KIT, BEANS), options);
    return { shopper, sessionId };
  };

  it("a crashed holder's expired lease is taken over by the next change", async () => {
    const { shopper, sessionId } = await newSession();
    // A holder that took the lease and died: its lease ran out a second ago.
    await db.store.query(
      `UPDATE carts SET lease_owner = 'crashed-instance', lease_expires_at = clock_timestamp() - interval '1 second'
       WHERE stripe_session_id = $1`,
      [sessionId],
    );
    const view = await toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true);
    expect(view).toMatchObject({ addOns: ['gift_wrap'], version: 2 });
    const { rows } = await db.store.query('SELECT lease_owner FROM carts WHERE stripe_session_id = $1', [
      sessionId,
    ]);
    expect(rows).toEqual([{ lease_owner: null }]);
    expect((await readStripeSession(h.stripe, sessionId)).amountTotal).toBe(7100);
  });

  it('a change that finds the lease held gives up after the wait bound with 409 and a retry hint', async () => {
    const { shopper, sessionId } = await newSession();
    const holder = await takeCartLease(db.store, {
      sessionId,
      browserId: shopper.browserId,
      owner: 'slow-holder',
      ttlMs: 60_000,
    });
    expect(holder).not.toBeNull();
    const updatesBefore = h.updateCalls();
    const error = await rejectionOf(
      toggleAddOn({ ...h.deps, lease: { waitMs: 150 } }, shopper, sessionId, 'gift_wrap', true),
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'session_busy', status: 409, retryAfterSeconds: 1 });
    expect(h.updateCalls()).toBe(updatesBefore);
    expect(await readCartRow(db.store, sessionId)).toMatchObject({ version: 1, add_ons: [] });
    // Someone else's lease is not ours to release; once it expires, changes go through again.
    await db.store.query(
      `UPDATE carts SET lease_expires_at = clock_timestamp() - interval '1 second' WHERE stripe_session_id = $1`,
      [sessionId],
    );
    expect(await toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true)).toMatchObject({ version: 2 });
  });

  it("another browser cannot take a session's lease", async () => {
    const { sessionId } = await newSession();
    const taken = await takeCartLease(db.store, {
      sessionId,
      browserId: guest().browserId,
      owner: 'intruder',
      ttlMs: 60_000,
    });
    expect(taken).toBeNull();
    expect(
      (await db.store.query('SELECT lease_owner FROM carts WHERE stripe_session_id = $1', [sessionId])).rows,
    ).toEqual([{ lease_owner: null }]);
  });

  it('a limited code reserved for a push that Stripe refused is given back', async () => {
    await seedLimitedCode('code-lease-one', 'ONEONLY', 1);
    const first = await newSession();
    await h.fault({ path: `/v1/checkout/sessions/${first.sessionId}`, count: 1, kind: 'server_error' });
    expect(
      await rejectionOf(applyPromotionCode(h.deps, first.shopper, first.sessionId, 'ONEONLY')),
    ).toMatchObject({ code: 'stripe_error' });
    expect(
      (
        await db.store.query(
          "SELECT status FROM redemptions WHERE rule_id = 'code-lease-one' AND cart_id = (SELECT id FROM carts WHERE stripe_session_id = $1)",
          [first.sessionId],
        )
      ).rows,
    ).toEqual([{ status: 'released' }]);
    // The one use is free again, and the refused session's lease was released.
    const second = await newSession();
    expect(await applyPromotionCode(h.deps, second.shopper, second.sessionId, 'ONEONLY')).toMatchObject({
      promotionCode: 'ONEONLY',
    });
    expect(await toggleAddOn(h.deps, first.shopper, first.sessionId, 'gift_wrap', true)).toMatchObject({
      version: 2,
    });
  });

  it("a cart whose reservation the same browser's other checkout took over while Stripe answered saves without one, and counts again under the lock", async () => {
    await seedLimitedCode('code-lease-taken-over', 'TAKENOVER', 2);
    const reservations = async () =>
      (
        await db.store.query<{ session: string }>(
          `SELECT c.stripe_session_id AS session FROM redemptions r JOIN carts c ON c.id = r.cart_id
           WHERE r.rule_id = 'code-lease-taken-over' AND r.status = 'reserved'`,
        )
      ).rows.map((row) => row.session);
    const a = await newSession();
    // The same browser's second checkout.
    const { sessionId: b } = await createCheckoutSession(h.deps, a.shopper, usd(KIT, BEANS), options);
    await applyPromotionCode(h.deps, a.shopper, a.sessionId, 'TAKENOVER');
    expect(await reservations()).toEqual([a.sessionId]);

    // A's change renews its reservation and waits for Stripe; meanwhile B takes the code over
    // (one reservation of a code per browser), which releases A's.
    const gate = gatedStripe(h, new Set([a.sessionId]));
    const slow = track(
      toggleAddOn(
        { store: db.store, stripe: gate.stripe, now: h.deps.now },
        a.shopper,
        a.sessionId,
        'gift_wrap',
        true,
      ),
    );
    await gate.reached(a.sessionId);
    await applyPromotionCode(h.deps, a.shopper, b, 'TAKENOVER');
    gate.release();
    await slow.promise;
    // A's save renews nothing and takes nothing outside the rule's lock: the browser's one
    // reservation stays B's (before, A's save took a second one, uncounted).
    expect(await reservations()).toEqual([b]);
    // A's next decision counts under the lock and takes the code back (the latest checkout keeps it).
    const next = await toggleAddOn(h.deps, a.shopper, a.sessionId, 'gift_wrap', false);
    expect(next.promotionCode).toBe('TAKENOVER');
    expect(await reservations()).toEqual([a.sessionId]);
  });

  it('a holder whose lease was taken over while Stripe answered re-pushes the stored cart', async () => {
    const { shopper, sessionId } = await newSession();
    const gate = gatedStripe(h, new Set([sessionId]));
    const slow = track(
      toggleAddOn(
        { store: db.store, stripe: gate.stripe, now: h.deps.now },
        shopper,
        sessionId,
        'gift_wrap',
        true,
      ),
    );
    await gate.reached(sessionId);
    // The slow holder's lease runs out while Stripe is answering; another change takes the session.
    await db.store.query(
      `UPDATE carts SET lease_expires_at = clock_timestamp() - interval '1 second' WHERE stripe_session_id = $1`,
      [sessionId],
    );
    expect(await toggleAddOn(h.deps, shopper, sessionId, 'extended_warranty', true)).toMatchObject({
      addOns: ['extended_warranty'],
      version: 2,
    });
    // Now the slow push lands (Stripe: kit, beans, gift wrap) and its save finds the lease gone.
    gate.release();
    expect(await rejectionOf(slow.promise)).toMatchObject({ code: 'session_busy', status: 409 });
    // The stored cart was pushed again: Stripe and the database agree.
    expect(await readCartRow(db.store, sessionId)).toMatchObject({ add_ons: ['extended_warranty'] });
    const stripe = await readStripeSession(h.stripe, sessionId);
    expect(stripe.lines.map((line) => line.description)).toEqual([
      'Pour-over coffee kit',
      'Single-origin beans 250 g',
      'Extended warranty',
    ]);
    expect(stripe.amountTotal).toBe(6600 + 2000);
  });
});
