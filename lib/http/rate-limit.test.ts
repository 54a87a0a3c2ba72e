import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '@/lib/errors';
import { openTestStore, TEST_DRIVERS, type TestStore } from '@/lib/store/test-support';
import {
  applyRateLimitRules,
  consumeRateLimit,
  enforceRateLimit,
  peekRateLimit,
  purgeExpiredRateLimits,
} from './rate-limit';

const T0 = new Date('2030-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
let keyCounter = 0;
const freshKey = () => `test:${++keyCounter}`;

describe.each(TEST_DRIVERS)('rate limits on %s', (driver) => {
  let db: TestStore;
  beforeAll(async () => {
    db = await openTestStore(driver);
  });
  afterAll(async () => {
    await db.cleanup();
  });

  it('admits exactly `limit` of 50 concurrent calls', async () => {
    const key = freshKey();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => consumeRateLimit(db.store, key, 7, 60, T0)),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(7);
    expect(results.filter((result) => !result.allowed).every((r) => r.retryAfterSeconds === 60)).toBe(true);
    // Every remaining count from limit-1 down to 0 was handed out exactly once to admitted calls.
    expect(
      results
        .filter((result) => result.allowed)
        .map((result) => result.remaining)
        .sort((a, b) => a - b),
    ).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const { rows } = await db.store.query<{ hits: number }>('SELECT hits FROM rate_limits WHERE key = $1', [
      key,
    ]);
    // Refused calls are capped at limit + 1.
    expect(rows).toEqual([{ hits: 8 }]);
  });

  it('counts down, refuses with the seconds left, and starts a new window after it ends', async () => {
    const key = freshKey();
    expect(await consumeRateLimit(db.store, key, 2, 60, at(0))).toEqual({
      allowed: true,
      retryAfterSeconds: 0,
      remaining: 1,
    });
    expect(await consumeRateLimit(db.store, key, 2, 60, at(10))).toEqual({
      allowed: true,
      retryAfterSeconds: 0,
      remaining: 0,
    });
    expect(await consumeRateLimit(db.store, key, 2, 60, at(15.5))).toEqual({
      allowed: false,
      retryAfterSeconds: 45,
      remaining: 0,
    });
    expect((await consumeRateLimit(db.store, key, 2, 60, at(59.9))).retryAfterSeconds).toBe(1);
    // The window began at the first call (t=0), so it ends at t=60, not 60 s after the last call.
    expect(await consumeRateLimit(db.store, key, 2, 60, at(60))).toEqual({
      allowed: true,
      retryAfterSeconds: 0,
      remaining: 1,
    });
    expect((await consumeRateLimit(db.store, key, 2, 60, at(61))).allowed).toBe(true);
    expect(await consumeRateLimit(db.store, key, 2, 60, at(62))).toEqual({
      allowed: false,
      retryAfterSeconds: 58,
      remaining: 0,
    });
  });

  it('keeps keys independent', async () => {
    const a = freshKey();
    const b = freshKey();
    await consumeRateLimit(db.store, a, 1, 60, T0);
    expect((await consumeRateLimit(db.store, a, 1, 60, T0)).allowed).toBe(false);
    expect((await consumeRateLimit(db.store, b, 1, 60, T0)).allowed).toBe(true);
  });

  it('enforceRateLimit throws rate_limited with Retry-After seconds', async () => {
    const key = freshKey();
    await enforceRateLimit(db.store, key, 1, 600, at(0));
    const error = await enforceRateLimit(db.store, key, 1, 600, at(1)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'rate_limited',
      status: 429,
      retryAfterSeconds: 599,
      message: 'Too many requests; try again in 599 seconds.',
    });
  });

  it('peekRateLimit reads without counting', async () => {
    const key = freshKey();
    expect(await peekRateLimit(db.store, key, 2, T0)).toEqual({
      allowed: true,
      retryAfterSeconds: 0,
      remaining: 2,
    });
    await consumeRateLimit(db.store, key, 2, 600, T0);
    expect(await peekRateLimit(db.store, key, 2, at(1))).toEqual({
      allowed: true,
      retryAfterSeconds: 0,
      remaining: 1,
    });
    expect(await peekRateLimit(db.store, key, 2, at(1))).toEqual({
      allowed: true,
      retryAfterSeconds: 0,
      remaining: 1,
    });
    await consumeRateLimit(db.store, key, 2, 600, at(2));
    expect(await peekRateLimit(db.store, key, 2, at(100))).toEqual({
      allowed: false,
      retryAfterSeconds: 500,
      remaining: 0,
    });
    expect((await peekRateLimit(db.store, key, 2, at(600))).allowed).toBe(true);
  });

  it('purges windows that ended more than a minute ago, and only those', async () => {
    const base = at(10_000);
    const ended = freshKey();
    const justEnded = freshKey();
    const running = freshKey();
    await consumeRateLimit(db.store, ended, 5, 60, new Date(base.getTime() - 200_000));
    await consumeRateLimit(db.store, justEnded, 5, 60, new Date(base.getTime() - 90_000));
    await consumeRateLimit(db.store, running, 5, 60, base);
    await purgeExpiredRateLimits(db.store, base);
    const { rows } = await db.store.query<{ key: string }>(
      'SELECT key FROM rate_limits WHERE key = ANY(SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY key',
      [[ended, justEnded, running]],
    );
    expect(rows.map((row) => row.key).sort()).toEqual([justEnded, running].sort());
  });

  it('purges opportunistically while counting, without changing the answer', async () => {
    const old = freshKey();
    await consumeRateLimit(db.store, old, 5, 60, at(-10_000));
    const random = vi.spyOn(Math, 'random').mockReturnValue(0);
    try {
      const key = freshKey();
      expect(await consumeRateLimit(db.store, key, 1, 60, T0)).toEqual({
        allowed: true,
        retryAfterSeconds: 0,
        remaining: 0,
      });
    } finally {
      random.mockRestore();
    }
    const { rowCount } = await db.store.query('SELECT 1 FROM rate_limits WHERE key = $1', [old]);
    expect(rowCount).toBe(0);
  });
});

const hitsOf = async (db: TestStore, key: string) => {
  const { rows } = await db.store.query<{ hits: number }>('SELECT hits FROM rate_limits WHERE key = $1', [
    key,
  ]);
  return rows[0]?.hits ?? null;
};

/**
 * A request's rules in one statement (apply_rate_limits, migration 0011): the same answers as one
 * statement per rule in the rules' order, stopping at the first spent one.
 */
describe.each(TEST_DRIVERS)('several rate limits in one statement on %s', (driver) => {
  let db: TestStore;
  beforeAll(async () => {
    db = await openTestStore(driver, { poolMax: 5 });
  });
  afterAll(async () => {
    await db.cleanup();
  });

  it('answers each rule with its own limit, a peek counting nothing', async () => {
    const [a, b, c] = [freshKey(), freshKey(), freshKey()];
    const checks = [
      { key: a, limit: 3, windowSeconds: 60 },
      { key: b, limit: 5, windowSeconds: 600, peek: true },
      { key: c, limit: 2, windowSeconds: 600 },
    ];
    expect(await applyRateLimitRules(db.store, checks, at(0))).toEqual([
      { allowed: true, retryAfterSeconds: 0, remaining: 2 },
      { allowed: true, retryAfterSeconds: 0, remaining: 5 },
      { allowed: true, retryAfterSeconds: 0, remaining: 1 },
    ]);
    expect(await applyRateLimitRules(db.store, checks, at(1))).toEqual([
      { allowed: true, retryAfterSeconds: 0, remaining: 1 },
      { allowed: true, retryAfterSeconds: 0, remaining: 5 },
      { allowed: true, retryAfterSeconds: 0, remaining: 0 },
    ]);
    // c is spent: its window began at its first request and ends at t=600.
    expect(await applyRateLimitRules(db.store, checks, at(10))).toEqual([
      { allowed: true, retryAfterSeconds: 0, remaining: 0 },
      { allowed: true, retryAfterSeconds: 0, remaining: 5 },
      { allowed: false, retryAfterSeconds: 590, remaining: 0 },
    ]);
    // a is spent first (its 60 s window ends at t=60); c, after it, is not counted again.
    expect(await applyRateLimitRules(db.store, checks, at(20))).toEqual([
      { allowed: false, retryAfterSeconds: 40, remaining: 0 },
      undefined,
      undefined,
    ]);
    expect([await hitsOf(db, a), await hitsOf(db, b), await hitsOf(db, c)]).toEqual([4, null, 3]);
    // a's new window; c is still spent, and its count stays capped at limit + 1.
    expect(await applyRateLimitRules(db.store, checks, at(60))).toEqual([
      { allowed: true, retryAfterSeconds: 0, remaining: 2 },
      { allowed: true, retryAfterSeconds: 0, remaining: 5 },
      { allowed: false, retryAfterSeconds: 540, remaining: 0 },
    ]);
    expect([await hitsOf(db, a), await hitsOf(db, c)]).toEqual([1, 3]);
  });

  it('a spent refusal-only rule stops the counted rules after it, not those before it', async () => {
    // The shape of applying a promotion code: changes counted, refusals peeked, applications counted.
    const [changes, refusals, applications] = [freshKey(), freshKey(), freshKey()];
    await applyRateLimitRules(db.store, [{ key: refusals, limit: 2, windowSeconds: 600 }], at(0));
    const checks = [
      { key: changes, limit: 10, windowSeconds: 60 },
      { key: refusals, limit: 2, windowSeconds: 600, peek: true },
      { key: applications, limit: 10, windowSeconds: 600 },
    ];
    expect((await applyRateLimitRules(db.store, checks, at(1)))[1]).toEqual({
      allowed: true,
      retryAfterSeconds: 0,
      remaining: 1,
    });
    await applyRateLimitRules(db.store, [{ key: refusals, limit: 2, windowSeconds: 600 }], at(2));
    expect(await applyRateLimitRules(db.store, checks, at(3))).toEqual([
      { allowed: true, retryAfterSeconds: 0, remaining: 8 },
      { allowed: false, retryAfterSeconds: 597, remaining: 0 },
      undefined,
    ]);
    expect([await hitsOf(db, changes), await hitsOf(db, refusals), await hitsOf(db, applications)]).toEqual([
      2, 2, 1,
    ]);
  });

  it('admits exactly `limit` of 50 concurrent requests sharing one key', async () => {
    const shared = freshKey();
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        applyRateLimitRules(
          db.store,
          [
            { key: freshKey(), limit: 5, windowSeconds: 60 },
            { key: shared, limit: 7, windowSeconds: 60 },
          ],
          T0,
        ),
      ),
    );
    expect(results.filter((result) => result[1]?.allowed === true)).toHaveLength(7);
    expect(results.every((result) => result[0]?.allowed === true)).toBe(true);
    expect(await hitsOf(db, shared)).toBe(8);
  });

  it('never deadlocks on two keys given in opposite orders', async () => {
    const [a, b] = [freshKey(), freshKey()];
    const one = { key: a, limit: 1000, windowSeconds: 60 };
    const other = { key: b, limit: 1000, windowSeconds: 60 };
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        applyRateLimitRules(db.store, index % 2 === 0 ? [one, other] : [other, one], T0),
      ),
    );
    expect(results.flat().every((result) => result?.allowed === true)).toBe(true);
    expect([await hitsOf(db, a), await hitsOf(db, b)]).toEqual([60, 60]);
  });

  it('commits asynchronously, and only the transaction it runs in', async () => {
    // One connection, so the setting read after the call is the same connection's.
    const single = await openTestStore(driver, { poolMax: 1 });
    try {
      const setting = "SELECT current_setting('synchronous_commit') AS value";
      const before = (await single.store.query<{ value: string }>(setting)).rows[0]?.value;
      expect(before).toBe('on');
      const inside = await single.store.transaction(async (tx) => {
        await applyRateLimitRules(tx, [{ key: freshKey(), limit: 1, windowSeconds: 60 }], T0);
        return (await tx.query<{ value: string }>(setting)).rows[0]?.value;
      });
      // Still set when the transaction commits: the commit does not wait for the WAL flush.
      expect(inside).toBe('off');
      expect((await single.store.query<{ value: string }>(setting)).rows[0]?.value).toBe('on');
      await applyRateLimitRules(single.store, [{ key: freshKey(), limit: 1, windowSeconds: 60 }], T0);
      expect((await single.store.query<{ value: string }>(setting)).rows[0]?.value).toBe('on');
    } finally {
      await single.cleanup();
    }
  });
});

describe('rate limit arguments', () => {
  const never = { query: () => Promise.reject(new Error('must not query')) };
  it.each([
    ['', 1, 60],
    ['k', 0, 60],
    ['k', 1.5, 60],
    ['k', 1, 0],
  ])('rejects key %j, limit %d, window %d', async (key, limit, windowSeconds) => {
    await expect(consumeRateLimit(never, key, limit, windowSeconds, T0)).rejects.toThrow(RangeError);
  });
});
