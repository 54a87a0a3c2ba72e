import type Stripe from 'stripe';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '@/lib/errors';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import type { Queryable } from '@/lib/store/types';
import { route } from './route';
import { CODE_APPLICATION, CODE_APPLICATIONS, sessionParams, WRONG_CODES } from './route-kinds';
import { applyRateLimits } from './route-limits';

/**
 * route()'s refusal-only rate limit (wrong promotion codes): a 422 answer uses the session's budget,
 * any other answer does not, and once the budget is spent every request is a 429 before the handler
 * runs. The default limit is 10 per session per 10 minutes (RATE_LIMIT_WRONG_CODES_PER_10_MINUTES).
 */
describe('rateLimit with countOnly: refusals', () => {
  const db = useTestStore('pglite');
  const outcomes: AppError[] = [];
  const calls = { count: 0 };
  const handler = route({ params: sessionParams, rateLimit: WRONG_CODES }, async () => {
    calls.count += 1;
    const next = outcomes.shift();
    if (next !== undefined) throw next;
    return { ok: true };
  }).withDeps(async () => ({
    store: db.store,
    get stripe(): Stripe {
      throw new Error('not used');
    },
    webhookSecret: null,
    ordersApiToken: null,
  }));

  const post = (id: string) =>
    handler(new Request(`http://shop.test/api/checkout/sessions/${id}/promotion-code`, { method: 'POST' }), {
      params: Promise.resolve({ id }),
    });

  it('counts 422 refusals only, and answers 429 without calling the handler once 10 were refused', async () => {
    const refused = () => new AppError('unknown_code', "We don't recognise that code");
    outcomes.push(new AppError('session_not_found', 'No such session'));
    expect((await post('cs_limits_a')).status).toBe(404);
    expect((await post('cs_limits_a')).status).toBe(200);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      outcomes.push(refused());
      expect((await post('cs_limits_a')).status).toBe(422);
    }
    const before = calls.count;
    const limited = await post('cs_limits_a');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(calls.count).toBe(before);
    // Another session has its own budget.
    expect((await post('cs_limits_b')).status).toBe(200);
  });
});

/**
 * Issue 15 finding 1: a client rotating browsers could take many limited-code reservations. Code
 * applications are limited per client address (10 per 10 minutes), whatever session they name.
 */
describe('CODE_APPLICATIONS', () => {
  const db = useTestStore('pglite');
  const handler = route({ params: sessionParams, rateLimit: CODE_APPLICATIONS }, async () => ({
    ok: true,
  })).withDeps(async () => ({
    store: db.store,
    get stripe(): Stripe {
      throw new Error('not used');
    },
    webhookSecret: null,
    ordersApiToken: null,
  }));

  it('allows 10 applications from one client address across sessions, then answers 429', async () => {
    await db.store.query("DELETE FROM rate_limits WHERE key LIKE 'code-applications:%'");
    const statuses: number[] = [];
    for (let index = 0; index < 12; index += 1) {
      const id = `cs_hoard_${index}`;
      const request = new Request(`http://shop.test/api/checkout/sessions/${id}/promotion-code`, {
        method: 'POST',
        headers: { 'x-forwarded-for': `203.0.113.${index}` },
      });
      statuses.push((await handler(request, { params: Promise.resolve({ id }) })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429, 429]);
  });
});

/**
 * Each statement is a round trip and the app's CPU: applying a promotion code checks three rules
 * (changes per session, refused codes per session, applications per address) in one statement, and
 * counts a refusal in one more (three and one before).
 */
describe.each(TEST_DRIVERS)('statements of the rate limits of applying a code on %s', (driver) => {
  const db = useTestStore(driver);

  it('checks all three rules in one statement, and counts a refusal in one', async () => {
    await db.store.query("DELETE FROM rate_limits WHERE key LIKE 'code-applications:%'");
    const log: string[] = [];
    const store: Queryable = {
      query: (sql, params) => {
        log.push(sql);
        return db.store.query(sql, params);
      },
    };
    const id = 'cs_statements_limits';
    const subject = {
      store,
      request: new Request(`http://shop.test/api/checkout/sessions/${id}/promotion-code`, { method: 'POST' }),
      params: { id },
      shopper: { browserId: 'browser-statements', customer: null },
    };
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    try {
      const countFailure = await applyRateLimits(CODE_APPLICATION.rateLimit, subject);
      expect(log).toHaveLength(1);
      expect(log[0]).toMatch(/^SELECT .* FROM apply_rate_limits\(/);
      await countFailure(new AppError('unknown_code', "We don't recognise that code"));
      expect(log).toHaveLength(2);
      await countFailure(new AppError('session_not_found', 'No such session'));
      expect(log).toHaveLength(2);
    } finally {
      random.mockRestore();
    }
    const { rows } = await db.store.query<{ key: string; hits: number }>(
      "SELECT key, hits FROM rate_limits WHERE key LIKE '%' || $1 || '%' OR key LIKE 'code-applications:%' ORDER BY key",
      [id],
    );
    expect(
      rows.map((row) => ({ ...row, key: row.key.replace(/^code-applications:.*/, 'code-applications:') })),
    ).toEqual([
      { key: `checkout-change:${id}:browser-statements`, hits: 1 },
      { key: 'code-applications:', hits: 1 },
      { key: `wrong-codes:${id}`, hits: 1 },
    ]);
  });
});
