import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as addOns from '@/app/api/checkout/sessions/[id]/add-ons/route';
import * as discounts from '@/app/api/checkout/sessions/[id]/discounts/route';
import * as email from '@/app/api/checkout/sessions/[id]/email/route';
import * as promotionCode from '@/app/api/checkout/sessions/[id]/promotion-code/route';
import * as shippingAddress from '@/app/api/checkout/sessions/[id]/shipping-address/route';
import * as sessions from '@/app/api/checkout/sessions/route';
import * as orders from '@/app/api/orders/route';
import * as webhook from '@/app/api/webhooks/stripe/route';
import { errorEnvelopeSchema } from '@/lib/checkout/contract';
import type { RouteDeps } from '@/lib/http/route-deps';
import {
  createWorld,
  guest,
  startCheckout,
  TEST_WEBHOOK_SECRET,
  type World,
} from '@/lib/orders/test-support';
import { useTestStore } from '@/lib/store/test-support';

/**
 * Issue 15 acceptance: hostile requests over every route, in process with the routes' test deps.
 * Every answer is below 500 and in the error contract when it is an error, and a refused request
 * changes nothing in the database (rate-limit counters aside) or in the local Stripe.
 */

// The routes read cookies through next/headers; here they come from each request's Cookie header.
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
    delete: (name: string) => void jar.delete(name),
  }),
  headers: async () => new Headers(),
}));

function loadJar(cookieHeader: string | undefined) {
  jar.clear();
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name) jar.set(name, value.join('='));
  }
}

type Handler = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Module = Record<string, unknown>;

/** Each route, with the methods it answers (most cases use them; the rest any method, for 405s). */
const ROUTES: { path: string; module: Module; hasId: boolean; answers: string[] }[] = [
  { path: '/api/checkout/sessions', module: sessions, hasId: false, answers: ['POST'] },
  { path: '/api/checkout/sessions/{id}/add-ons', module: addOns, hasId: true, answers: ['POST'] },
  { path: '/api/checkout/sessions/{id}/discounts', module: discounts, hasId: true, answers: ['POST'] },
  { path: '/api/checkout/sessions/{id}/email', module: email, hasId: true, answers: ['POST'] },
  {
    path: '/api/checkout/sessions/{id}/promotion-code',
    module: promotionCode,
    hasId: true,
    answers: ['POST', 'DELETE'],
  },
  {
    path: '/api/checkout/sessions/{id}/shipping-address',
    module: shippingAddress,
    hasId: true,
    answers: ['POST'],
  },
  { path: '/api/orders', module: orders, hasId: false, answers: ['GET'] },
  { path: '/api/webhooks/stripe', module: webhook, hasId: false, answers: ['POST'] },
];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const BODIES = [
  '',
  'null',
  '[]',
  '{',
  '{"__proto__":{"admin":true}}',
  '{"items":[{"productId":"ceramic-mug","quantity":-1}],"currency":"usd"}',
  '{"items":[{"productId":"ceramic-mug","quantity":1e309}],"currency":"eur"}',
  '{"addOn":"gift_wrap","selected":"yes"}',
  '{"addOn":"free_money","selected":true}',
  '{"code":"SAVE20\\u0000"}',
  `{"code":"${'A'.repeat(5000)}"}`,
  '{"email":"a@b.c\\u0000"}',
  '{"name":"Ada\\u0000","address":{"line1":"1","city":"x","postal_code":"1","country":"US"}}',
  '{"name":"Ada","address":{"line1":"1","city":"x","postal_code":"1","country":"ZZZ"}}',
  '{"name":"Ada","address":{"line1":"1","city":"x","postal_code":"1","country":"US"},"extra":1}',
  '{"email":"x@example.com","shippingAddress":null}',
  '\u0000\u0001\u0002',
  '{"a":'.repeat(200),
  '"\\ud800"',
  '{"type":"checkout.session.completed","data":{"object":{"id":"cs_test_x"}}}',
];
const HEADER_SETS: Record<string, string>[] = [
  {},
  { 'content-type': 'application/json' },
  { 'content-type': 'text/plain' },
  { 'content-type': 'application/json', origin: 'https://evil.example', 'sec-fetch-site': 'none' },
  { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
  { 'content-type': 'application/json', cookie: 'ec_browser=forged.value; ec_customer=vip.sig' },
  { 'content-type': 'application/json', cookie: `ec_browser=${'x'.repeat(4000)}` },
  {
    'content-type': 'application/json',
    authorization: 'Bearer wrong',
    'stripe-signature': 't=1,v1=deadbeef',
  },
  { 'content-type': 'application/json', 'x-forwarded-for': '1.2.3.4', 'idempotency-key': '\u00ff'.repeat(3) },
  { 'content-type': 'application/json; charset=latin1', 'content-length': '999999999' },
];
const QUERIES = [
  '',
  '?limit=-1',
  '?limit=abc&cursor=%00',
  '?client_reference_id=%3Cscript%3E',
  '?__proto__[x]=1',
];

/** A small deterministic generator, so a failure reproduces. */
function prng(seed: number) {
  let state = seed >>> 0;
  return (max: number) => {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    return state % max;
  };
}

describe('fuzzing every route (issue 15)', () => {
  const db = useTestStore('pglite');
  let world: World;
  let deps: RouteDeps;
  let existingId = '';

  beforeAll(async () => {
    world = await createWorld(db.store);
    deps = {
      store: db.store,
      stripe: world.stripe,
      webhookSecret: TEST_WEBHOOK_SECRET,
      ordersApiToken: 'fuzz-token',
    };
    existingId = await startCheckout(world, guest(), { items: [{ productId: 'ceramic-mug', quantity: 1 }] });
  });
  afterAll(async () => {
    await world?.local.close();
  });

  const snapshot = async () => {
    const tables = ['carts', 'redemptions', 'orders', 'webhook_events', 'customers'];
    const rows: Record<string, string> = {};
    for (const table of tables) {
      const { rows: found } = await db.store.query<{ digest: string | null }>(
        `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${table} t`,
      );
      rows[table] = found[0]?.digest ?? '';
    }
    const stripeSessions: string[] = [];
    for await (const session of world.stripe.checkout.sessions.list({ limit: 100 })) {
      stripeSessions.push(
        JSON.stringify([session.id, session.amount_total, session.status, session.customer_details]),
      );
    }
    return { rows, stripe: stripeSessions.sort() };
  };

  it('answers 300+ hostile requests below 500, in the error contract, changing nothing when refused', async () => {
    const next = prng(15);
    const ids = () =>
      [existingId, 'cs_test_unknown', 'nope', `cs_${'a'.repeat(300)}`, '..%2F..'][next(5)] ?? '';
    const failures: string[] = [];
    let cases = 0;
    const figures = { serverErrors: 0, outsideContract: 0, refusedButChanged: 0, refused: 0 };
    const statuses = new Map<number, number>();
    for (const { path, module, hasId, answers } of ROUTES) {
      for (let index = 0; index < 40; index += 1) {
        const method =
          (next(5) === 0 ? METHODS[next(METHODS.length)] : answers[next(answers.length)]) ?? 'POST';
        const exported = module[method] as
          | (Handler & { withDeps?: (r: () => Promise<RouteDeps>) => Handler })
          | undefined;
        if (exported === undefined) {
          failures.push(`${path} exports no ${method}: Next would answer an empty 405`);
          continue;
        }
        const handler = exported.withDeps === undefined ? exported : exported.withDeps(async () => deps);
        const id = ids();
        const url = `http://shop.test${path.replace('{id}', id)}${QUERIES[next(QUERIES.length)]}`;
        const headers = HEADER_SETS[next(HEADER_SETS.length)] ?? {};
        const body = method === 'GET' ? undefined : BODIES[next(BODIES.length)];
        const label = `${method} ${url} ${JSON.stringify(headers).slice(0, 80)} ${JSON.stringify(body)?.slice(0, 60)}`;
        loadJar(headers.cookie);
        const before = await snapshot();
        let response: Response;
        try {
          const request = new Request(url, { method, headers, ...(body === undefined ? {} : { body }) });
          response = await handler(request, hasId ? { params: Promise.resolve({ id }) } : undefined);
        } catch (error) {
          failures.push(`${label}: threw ${String(error)}`);
          continue;
        }
        cases += 1;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500) {
          figures.serverErrors += 1;
          failures.push(`${label}: ${response.status}`);
        }
        if (response.status >= 400) {
          figures.refused += 1;
          const text = await response.text();
          let parsed: unknown = null;
          try {
            parsed = JSON.parse(text);
          } catch {
            // reported below
          }
          if (!errorEnvelopeSchema.safeParse(parsed).success) {
            figures.outsideContract += 1;
            failures.push(`${label}: body ${text.slice(0, 80)}`);
          }
          const after = await snapshot();
          if (JSON.stringify(after) !== JSON.stringify(before)) {
            figures.refusedButChanged += 1;
            failures.push(`${label}: refused but changed state`);
          }
        }
      }
    }
    const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`);
    console.info(
      `[fuzz] ${cases} cases over ${ROUTES.length} routes (${byStatus.join(', ')}): ` +
        `${figures.serverErrors} answers >= 500, ${figures.outsideContract} outside the error contract, ` +
        `${figures.refusedButChanged} of ${figures.refused} refused cases changed the database or the local Stripe`,
    );
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(300);
    expect(figures).toMatchObject({ serverErrors: 0, outsideContract: 0, refusedButChanged: 0 });
  }, 600_000);
});
