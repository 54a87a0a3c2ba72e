import 'server-only';
import { AppError } from '@/lib/errors';
import type { Queryable } from '@/lib/store';

/**
 * Fixed-window request limits kept in the database (table `rate_limits`), so every app instance on
 * one Postgres shares the same counters; an in-memory limiter would give each serverless instance its
 * own allowance. A key's window starts at its first request (not at a clock boundary shared by all
 * keys), so a client cannot double its allowance by straddling a boundary right after its first call.
 *
 * Call these with the store itself, not inside a use case's transaction: a rollback would undo the
 * count (a refused promotion code would never be counted), and the row lock would be held until
 * commit, making every request of that key wait for the slowest one.
 */

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window ends; 0 when allowed. */
  retryAfterSeconds: number;
  /** Requests left in the current window after this one. */
  remaining: number;
}

/** Roughly one call in this many also clears finished windows, so no scheduled job is needed. */
const PURGE_EVERY = 50;
/**
 * Finished windows are kept this much longer before the purge deletes them, so an instance whose
 * clock runs ahead cannot cut another instance's current window short.
 */
const PURGE_GRACE_SECONDS = 60;

/** One limit of a request, for applyRateLimitRules. */
export interface RateLimitCheck {
  key: string;
  limit: number;
  windowSeconds: number;
  /** Read the key's state without counting this request (limits on failures only). */
  peek?: boolean;
}

/**
 * Applies a request's limits in one statement, the database function `apply_rate_limits`
 * (migration 0011): each counted rule is one INSERT ... ON CONFLICT DO UPDATE, so concurrent calls
 * for the same key queue on its row, each sees the previous one's count, and exactly `limit` calls
 * per window are allowed however many arrive at once; a peek reads without counting. The answer is
 * that of applying `checks` one by one in their order and stopping at the first that is spent: the
 * checks after it are neither answered (undefined) nor counted. One exception, since the rows are
 * locked in key order (so two requests cannot deadlock): a counted check after the spent one whose
 * key sorts before it has already counted the request (no route has such a pair: every counted
 * rule's name sorts in route order). The commit is asynchronous (see the migration): call this with
 * the store, never inside a transaction.
 */
export async function applyRateLimitRules(
  db: Queryable,
  checks: readonly RateLimitCheck[],
  now: Date,
): Promise<(RateLimitResult | undefined)[]> {
  for (const check of checks) assertRule(check.key, check.limit, check.windowSeconds);
  if (checks.length === 0) return [];
  const { rows } = await db.query<{
    rule_position: number;
    rule_hits: number;
    rule_window_ends_at: Date | null;
  }>(
    'SELECT rule_position, rule_hits, rule_window_ends_at FROM apply_rate_limits($1::jsonb, $2::timestamptz)',
    [
      checks.map((check) => ({
        key: check.key,
        lim: check.limit,
        secs: check.windowSeconds,
        peek: check.peek === true,
      })),
      now,
    ],
  );
  const results: (RateLimitResult | undefined)[] = checks.map(() => undefined);
  for (const row of rows) {
    const check = checks[row.rule_position - 1];
    if (check === undefined) throw new Error(`apply_rate_limits answered for rule ${row.rule_position}`);
    // A peek's hits are the requests already counted; a counted rule's include this one.
    const allowed = check.peek === true ? row.rule_hits < check.limit : row.rule_hits <= check.limit;
    results[row.rule_position - 1] = {
      allowed,
      retryAfterSeconds:
        allowed || row.rule_window_ends_at === null ? 0 : secondsUntil(row.rule_window_ends_at, now),
      remaining: Math.max(0, check.limit - row.rule_hits),
    };
  }
  if (results[0] === undefined) throw new Error('apply_rate_limits did not apply the first rule');
  // Peeks run first in the database; what follows a spent check is not part of the answer.
  const spent = results.findIndex((result) => result?.allowed === false);
  if (spent !== -1) results.fill(undefined, spent + 1);
  if (Math.floor(Math.random() * PURGE_EVERY) === 0) await purgeQuietly(db, now);
  return results;
}

/** Counts one request against `key` and says whether it may proceed (applyRateLimitRules). */
export async function consumeRateLimit(
  db: Queryable,
  key: string,
  limit: number,
  windowSeconds: number,
  now: Date,
): Promise<RateLimitResult> {
  const [result] = await applyRateLimitRules(db, [{ key, limit, windowSeconds }], now);
  if (result === undefined) throw new Error(`The rate limit upsert for ${key} returned no row`);
  return result;
}

/**
 * Like consumeRateLimit but throws AppError('rate_limited') (HTTP 429 with Retry-After) when
 * the limit is used up.
 */
export async function enforceRateLimit(
  ...call: Parameters<typeof consumeRateLimit>
): Promise<RateLimitResult> {
  const result = await consumeRateLimit(...call);
  if (!result.allowed) throw rateLimited(result.retryAfterSeconds);
  return result;
}

/**
 * Reads a key's state without counting a request. For limits on failures only (wrong promotion
 * codes): peek before the attempt, consume after a failure. Not atomic with the later consume, so
 * concurrent attempts on one key can overshoot by their number; keying by session keeps that to the
 * requests one shopper has in flight.
 */
export async function peekRateLimit(
  db: Queryable,
  key: string,
  limit: number,
  now: Date,
): Promise<RateLimitResult> {
  assertRule(key, limit, 1);
  const { rows } = await db.query<{ hits: number; window_ends_at: Date }>(
    'SELECT hits, window_ends_at FROM rate_limits WHERE key = $1 AND window_ends_at > $2::timestamptz',
    [key, now],
  );
  const row = rows[0];
  if (row === undefined) return { allowed: true, retryAfterSeconds: 0, remaining: limit };
  const allowed = row.hits < limit;
  return {
    allowed,
    retryAfterSeconds: allowed ? 0 : secondsUntil(row.window_ends_at, now),
    remaining: Math.max(0, limit - row.hits),
  };
}

/**
 * Gives back one request counted by consumeRateLimit in the key's current window: for limits on
 * failures that must count every attempt up front (so concurrent attempts cannot all pass a
 * peek), an attempt that succeeded takes its count back.
 */
export async function returnRateLimitHit(db: Queryable, key: string, now: Date): Promise<void> {
  await db.query(
    'UPDATE rate_limits SET hits = GREATEST(hits - 1, 0) WHERE key = $1 AND window_ends_at > $2::timestamptz',
    [key, now],
  );
}

/** The 429 error for a limit that is used up. */
export function rateLimited(retryAfterSeconds: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new AppError(
    'rate_limited',
    `Too many requests; try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`,
    { retryAfterSeconds: seconds },
  );
}

/**
 * Deletes up to `batchSize` finished windows and returns how many. SKIP LOCKED: rows a concurrent
 * request is updating are left for the next purge instead of making either side wait.
 */
export async function purgeExpiredRateLimits(db: Queryable, now: Date, batchSize = 500): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM rate_limits WHERE key IN (
       SELECT key FROM rate_limits
       WHERE window_ends_at <= $1::timestamptz - make_interval(secs => $2::double precision)
       ORDER BY window_ends_at
       LIMIT $3::integer
       FOR UPDATE SKIP LOCKED
     )`,
    [now, PURGE_GRACE_SECONDS, batchSize],
  );
  return rowCount;
}

async function purgeQuietly(db: Queryable, now: Date): Promise<void> {
  try {
    await purgeExpiredRateLimits(db, now);
  } catch (error) {
    // Housekeeping must never fail the request it happened to ride on.
    console.error('Purging finished rate limit windows failed:', error);
  }
}

function secondsUntil(end: Date, now: Date): number {
  return Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 1000));
}

function assertRule(key: string, limit: number, windowSeconds: number): void {
  if (key === '') throw new RangeError('A rate limit key must not be empty');
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`A rate limit must be a positive integer, got ${limit}`);
  }
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1) {
    throw new RangeError(`A rate limit window must be a positive number of seconds, got ${windowSeconds}`);
  }
}
