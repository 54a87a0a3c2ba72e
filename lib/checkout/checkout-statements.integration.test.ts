import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PromotionCodeRule } from '@/lib/discounts';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import type { Queryable, Store } from '@/lib/store/types';
import { seedDiscountRules } from './discount-rules';
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
import { applyPromotionCode, createCheckoutSession, toggleAddOn } from './use-cases';

/**
 * What one change costs the database, counted: on PGlite every statement runs on the server's one
 * thread, so statements per change are CPU per change. A change of a cart holding a limited code
 * takes its lease (1), decides in one short transaction (rules, the reservation held, the count,
 * the renewal) and saves in another (the cart, the reservation kept).
 */

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
    await seedDiscountRules(db.store, [LIMITED]);
  });
  beforeEach(async () => {
    h = await createCheckoutHarness(db.store);
  });
  afterEach(async () => {
    await h.close();
  });

  it('an add-on change of a cart holding a limited code: 7 statements in two short transactions (12 before)', async () => {
    const shopper = guest();
    const { sessionId } = await createCheckoutSession(h.deps, shopper, usd(KIT), {
      origin: ORIGIN,
      ttlMinutes: TTL_MINUTES,
    });
    await applyPromotionCode(h.deps, shopper, sessionId, 'STATEMENTS');
    const log: string[] = [];
    const deps = { ...h.deps, store: counting(db.store, log) };
    await toggleAddOn(deps, shopper, sessionId, 'gift_wrap', true);
    expect(log).toEqual([
      'UPDATE', // the lease
      'BEGIN',
      'SELECT', // the rules
      'SELECT', // the reservation this cart holds
      'SELECT', // the code's redemptions
      'WITH', // the reservation renewed
      'COMMIT',
      'BEGIN',
      'UPDATE', // the cart saved, the lease released
      'WITH', // the reservation kept, any other released
      'COMMIT',
    ]);
    const row = await readCartRow(db.store, sessionId);
    expect(row.add_ons).toEqual(['gift_wrap']);
    const { rows } = await db.store.query<{ status: string }>(
      'SELECT r.status FROM redemptions r JOIN carts c ON c.id = r.cart_id WHERE c.stripe_session_id = $1',
      [sessionId],
    );
    expect(rows.map((r) => r.status)).toEqual(['reserved']);
  });
});
