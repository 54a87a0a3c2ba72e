import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PromotionCodeRule } from '@/lib/discounts';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import type { Queryable, Store } from '@/lib/store/types';
import { seedDiscountRules } from './discount-rules';
import { RESERVATION_FRESH_MINUTES } from './redemptions';
import {
  type CheckoutHarness,
  createCheckoutHarness,
  guest,
  KIT,
  ORIGIN,
  readCartRow,
  TTL_MINUTES,
  usd,
} from './test-support';
import {
  applyPromotionCode,
  createCheckoutSession,
  removePromotionCode,
  setEmail,
  toggleAddOn,
} from './use-cases';

/**
 * What one change costs the database, counted: on PGlite every statement runs on the server's one
 * thread, and on PostgreSQL each is a round trip, so statements per change are CPU (or latency) per
 * change. Every change takes its lease (1), which also reads the rules' version (the rules themselves
 * are read only when this instance does not hold that version's), and saves the cart, its
 * reservations and the lease's release in one statement; a decision that locks and writes nothing
 * needs no transaction. Only a limited code costs more: the code's redemptions are read (the held
 * reservation renewed only when it is not fresh), and a new one is taken under the rule's row lock
 * in one statement.
 */

const UNLIMITED: PromotionCodeRule = {
  id: 'code-statements-unlimited',
  kind: 'promotion_code',
  name: 'UNLIMITED',
  code: 'UNLIMITED',
  value: { type: 'percent', percent: 5 },
};

const LIMITED: PromotionCodeRule = {
  id: 'code-statements',
  kind: 'promotion_code',
  name: 'STATEMENTS',
  code: 'STATEMENTS',
  value: { type: 'percent', percent: 10 },
  maxRedemptions: 1000,
};

function counting(store: Store, log: string[]): Store {
  const counted = (db: Queryable): Queryable => ({
    query: (sql, params) => {
      log.push(sql.trim().split(/\s+/, 1)[0] ?? '');
      return db.query(sql, params);
    },
  });
  return {
    driver: store.driver,
    query: counted(store).query,
    transaction: (fn) =>
      store.transaction(async (tx) => {
        log.push('BEGIN');
        try {
          return await fn(counted(tx));
        } finally {
          log.push('COMMIT');
        }
      }),
    close: () => store.close(),
  };
}

describe.each(TEST_DRIVERS)('statements per checkout change on %s', (driver) => {
  const db = useTestStore(driver);
  let h: CheckoutHarness;
  beforeAll(async () => {
    await seedDiscountRules(db.store, [LIMITED, UNLIMITED]);
  });
  beforeEach(async () => {
    h = await createCheckoutHarness(db.store);
  });
  afterEach(async () => {
    await h.close();
  });

  const start = async () => {
    const shopper = guest();
    const { sessionId } = await createCheckoutSession(h.deps, shopper, usd(KIT), {
      origin: ORIGIN,
      ttlMinutes: TTL_MINUTES,
    });
    return { shopper, sessionId };
  };

  const reservationsOf = async (sessionId: string) => {
    const { rows } = await db.store.query<{ status: string }>(
      'SELECT r.status FROM redemptions r JOIN carts c ON c.id = r.cart_id WHERE c.stripe_session_id = $1',
      [sessionId],
    );
    return rows.map((r) => r.status);
  };

  it.each([
    ['no code', 8, null, null],
    ['a code without limits', 9, 'UNLIMITED', null],
    // A guest's past orders matter to a first-order code only: they are not read.
    ['no code, a guest who gave an email', 9, null, 'ada@example.com'],
  ])(
    'an add-on change of a cart with %s: 2 statements, no transaction (%i before)',
    async (_, _before, code, email) => {
      const { shopper, sessionId } = await start();
      if (code !== null) await applyPromotionCode(h.deps, shopper, sessionId, code);
      if (email !== null) await setEmail(h.deps, shopper, sessionId, email);
      const log: string[] = [];
      const deps = { ...h.deps, store: counting(db.store, log) };
      await toggleAddOn(deps, shopper, sessionId, 'gift_wrap', true);
      expect(log).toEqual([
        'UPDATE', // the lease, with the rules' version: this instance holds those rules
        'WITH', // the cart saved, the lease released, any reservation released
      ]);
      const row = await readCartRow(db.store, sessionId);
      expect(row.add_ons).toEqual(['gift_wrap']);
      expect(row.promotion_code).toBe(code);
    },
  );

  it('a rule written since the last read is read again by the next change, and applies to it', async () => {
    const { shopper, sessionId } = await start();
    await applyPromotionCode(h.deps, shopper, sessionId, 'UNLIMITED');
    await db.store.query(
      `UPDATE discount_rules SET definition = jsonb_set(definition, '{value,percent}', '50') WHERE id = $1`,
      [UNLIMITED.id],
    );
    const log: string[] = [];
    const deps = { ...h.deps, store: counting(db.store, log) };
    const view = await toggleAddOn(deps, shopper, sessionId, 'gift_wrap', true);
    expect(log).toEqual(['UPDATE', 'SELECT', 'WITH']); // the lease, the rules read again, the save
    expect(Math.abs(view.totalDiscount - view.subtotal / 2)).toBeLessThanOrEqual(1); // 50 %, not 5 %
    log.length = 0;
    await toggleAddOn(deps, shopper, sessionId, 'gift_wrap', false);
    expect(log).toEqual(['UPDATE', 'WITH']);
  });

  it('an add-on change of a cart holding a limited code: 3 statements, no transaction (11 before)', async () => {
    const { shopper, sessionId } = await start();
    await applyPromotionCode(h.deps, shopper, sessionId, 'STATEMENTS');
    const log: string[] = [];
    const deps = { ...h.deps, store: counting(db.store, log) };
    await toggleAddOn(deps, shopper, sessionId, 'gift_wrap', true);
    expect(log).toEqual([
      'UPDATE', // the lease, with the rules' version
      'SELECT', // the code's redemptions, and whether this cart holds a fresh one (it does)
      'WITH', // the cart saved, the lease released, the reservation renewed, any other released
    ]);
    const row = await readCartRow(db.store, sessionId);
    expect(row.add_ons).toEqual(['gift_wrap']);
    expect(await reservationsOf(sessionId)).toEqual(['reserved']);
  });

  it('a held reservation that is not fresh is renewed before Stripe is asked', async () => {
    const { shopper, sessionId } = await start();
    await applyPromotionCode(h.deps, shopper, sessionId, 'STATEMENTS');
    const ageReservation = (minutes: number) =>
      db.store.query(
        `UPDATE redemptions SET updated_at = now() - make_interval(mins => $2)
         WHERE cart_id = (SELECT id FROM carts WHERE stripe_session_id = $1)`,
        [sessionId, minutes],
      );
    const renewedAt = async () =>
      (
        await db.store.query<{ age: number }>(
          `SELECT extract(epoch FROM now() - r.updated_at)::float8 AS age FROM redemptions r
           JOIN carts c ON c.id = r.cart_id WHERE c.stripe_session_id = $1`,
          [sessionId],
        )
      ).rows[0]?.age;
    await ageReservation(RESERVATION_FRESH_MINUTES + 1);
    const log: string[] = [];
    let ageWhenStripeWasAsked: number | undefined;
    const update = h.deps.stripe.checkout.sessions.update.bind(h.deps.stripe.checkout.sessions);
    const stripe = Object.create(h.deps.stripe) as typeof h.deps.stripe;
    stripe.checkout = Object.create(h.deps.stripe.checkout) as typeof stripe.checkout;
    stripe.checkout.sessions = Object.create(
      h.deps.stripe.checkout.sessions,
    ) as typeof stripe.checkout.sessions;
    stripe.checkout.sessions.update = (async (...args: Parameters<typeof update>) => {
      ageWhenStripeWasAsked = await renewedAt();
      return update(...args);
    }) as typeof update;
    await toggleAddOn(
      { ...h.deps, stripe, store: counting(db.store, log) },
      shopper,
      sessionId,
      'gift_wrap',
      true,
    );
    expect(log).toEqual(['UPDATE', 'SELECT', 'WITH', 'WITH']); // the renewal before the save
    expect(ageWhenStripeWasAsked).toBeLessThan(60);
    expect(await reservationsOf(sessionId)).toEqual(['reserved']);
    // A fresh one is left to the save: still as old as it was while Stripe answered.
    await ageReservation(RESERVATION_FRESH_MINUTES - 1);
    log.length = 0;
    await toggleAddOn(
      { ...h.deps, stripe, store: counting(db.store, log) },
      shopper,
      sessionId,
      'gift_wrap',
      false,
    );
    expect(log).toEqual(['UPDATE', 'SELECT', 'WITH']);
    expect(ageWhenStripeWasAsked).toBeGreaterThan((RESERVATION_FRESH_MINUTES - 1) * 60 - 5);
    expect(await renewedAt()).toBeLessThan(60);
  });

  it('applying a limited code: the reservation taken under the rule lock in one statement (13 before)', async () => {
    const { shopper, sessionId } = await start();
    const log: string[] = [];
    const deps = { ...h.deps, store: counting(db.store, log) };
    await applyPromotionCode(deps, shopper, sessionId, 'STATEMENTS');
    expect(log).toEqual([
      'UPDATE', // the lease, with the rules' version
      'SELECT', // the code's redemptions: this cart holds none
      'SELECT', // reserve_redemption: the rule's row locked, counted, reserved, the browser's others released
      'WITH', // the cart saved, the lease released, the reservation kept
    ]);
    expect(await reservationsOf(sessionId)).toEqual(['reserved']);
  });

  it('creating a checkout: the cart stored in one statement, the rules not read again', async () => {
    await start(); // this instance now holds the rules of their current version
    const log: string[] = [];
    const deps = { ...h.deps, store: counting(db.store, log) };
    const shopper = guest();
    const request = usd(KIT);
    const options = { origin: ORIGIN, ttlMinutes: TTL_MINUTES, idempotencyKey: 'statements-create' };
    vi.spyOn(Math, 'random').mockReturnValue(0.5); // not the creation that purges old attempts
    const created = await createCheckoutSession(deps, shopper, request, options);
    vi.restoreAllMocks();
    expect(log).toEqual([
      'SELECT', // a replay's cart, with the rules' version: this instance holds those rules
      'SELECT', // the creation attempt under the key
      'INSERT', // the attempt recorded (and read back)
      'INSERT', // the cart, unless a replay stored it first (11 statements before, a transaction of 5 among them)
    ]);
    // The replay finds the stored cart in its first statement.
    log.length = 0;
    expect(await createCheckoutSession(deps, shopper, request, options)).toMatchObject({
      sessionId: created.sessionId,
    });
    expect(log).toEqual(['SELECT']);
  });

  it('removing a limited code releases its reservation in the save (no reservation read)', async () => {
    const { shopper, sessionId } = await start();
    await applyPromotionCode(h.deps, shopper, sessionId, 'STATEMENTS');
    const log: string[] = [];
    const deps = { ...h.deps, store: counting(db.store, log) };
    await removePromotionCode(deps, shopper, sessionId);
    expect(log).toEqual(['UPDATE', 'WITH']);
    expect(await reservationsOf(sessionId)).toEqual(['released']);
  });
});
