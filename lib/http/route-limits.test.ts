import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { useTestStore } from '@/lib/store/test-support';
import { route } from './route';
import { CODE_APPLICATIONS, sessionParams, WRONG_CODES } from './route-kinds';

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
