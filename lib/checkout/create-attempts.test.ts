import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DiscountDecision } from '@/lib/discounts';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import type { Queryable } from '@/lib/store/types';
import { findCreateAttempt, purgeCreateAttempts, saveCreateAttempt } from './create-attempts';

const DECISION: DiscountDecision = {
  currency: 'usd',
  subtotal: 4800,
  applied: [],
  totalDiscount: 0,
  total: 4800,
  combined: null,
  refusals: [],
  promotionCode: null,
};

const attempt = (generation: number) => ({
  generation,
  decision: DECISION,
  expiresAt: new Date('2030-01-01T01:00:00.000Z'),
});

/**
 * Stripe keeps idempotency keys for a day, so attempts older than that are dropped: by an occasional
 * purge (one save in about 50), not a DELETE on every session creation.
 */
describe.each(TEST_DRIVERS)('checkout creation attempts on %s', (driver) => {
  const db = useTestStore(driver);
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const ageOf = (key: string, interval: string) =>
    db.store.query(`UPDATE checkout_attempts SET created_at = now() - $2::interval WHERE key = $1`, [
      key,
      interval,
    ]);

  it('purges the attempts recorded more than a day ago, and only those', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    for (const key of ['purge-old', 'purge-recent', 'purge-new'])
      await saveCreateAttempt(db.store, key, attempt(1));
    await ageOf('purge-old', '25 hours');
    await ageOf('purge-recent', '23 hours');
    expect(await purgeCreateAttempts(db.store)).toBe(1);
    expect(await findCreateAttempt(db.store, 'purge-old')).toBeNull();
    expect(await findCreateAttempt(db.store, 'purge-recent')).toEqual(attempt(1));
    expect(await findCreateAttempt(db.store, 'purge-new')).toEqual(attempt(1));
  });

  it('a save purges only now and then: one statement, the purge a second', async () => {
    await saveCreateAttempt(db.store, 'save-old', attempt(1));
    await ageOf('save-old', '2 days');
    const log: string[] = [];
    const counted: Queryable = {
      query: (sql, params) => {
        log.push(sql.trim().split(/\s+/, 1)[0] ?? '');
        return db.store.query(sql, params);
      },
    };
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(await saveCreateAttempt(counted, 'save-1', attempt(1))).toEqual(attempt(1));
    expect(log).toEqual(['INSERT']);
    expect(await findCreateAttempt(db.store, 'save-old')).not.toBeNull();
    random.mockReturnValue(0);
    log.length = 0;
    expect(await saveCreateAttempt(counted, 'save-2', attempt(1))).toEqual(attempt(1));
    expect(log).toEqual(['DELETE', 'INSERT']);
    expect(await findCreateAttempt(db.store, 'save-old')).toBeNull();
  });
  it('a save that finds the same or a later generation recorded returns that one', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const later = { ...attempt(2), expiresAt: new Date('2030-01-01T02:00:00.000Z') };
    expect(await saveCreateAttempt(db.store, 'race', later)).toEqual(later);
    expect(await saveCreateAttempt(db.store, 'race', attempt(1))).toEqual(later);
    expect(await saveCreateAttempt(db.store, 'race', attempt(2))).toEqual(later);
    const next = { ...attempt(3), expiresAt: new Date('2030-01-01T03:00:00.000Z') };
    expect(await saveCreateAttempt(db.store, 'race', next)).toEqual(next);
  });
});
