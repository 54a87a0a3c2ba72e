import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as addOns from '@/app/api/checkout/sessions/[id]/add-ons/route';
import * as discounts from '@/app/api/checkout/sessions/[id]/discounts/route';
import * as email from '@/app/api/checkout/sessions/[id]/email/route';
import * as promotionCode from '@/app/api/checkout/sessions/[id]/promotion-code/route';
import * as shippingAddress from '@/app/api/checkout/sessions/[id]/shipping-address/route';
import * as sessions from '@/app/api/checkout/sessions/route';
import * as orders from '@/app/api/orders/route';
import * as webhook from '@/app/api/webhooks/stripe/route';
import { countRedemptions, RESERVATION_IDLE_MINUTES } from '@/lib/checkout/redemptions';
import { PEER_HEADER } from '@/lib/http/client-address';
import type { RouteDeps } from '@/lib/http/route-deps';
import { createWorld, TEST_WEBHOOK_SECRET, type World } from '@/lib/orders/test-support';
import type { Store } from '@/lib/store';
import { openUnavailableStore, TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';

/**
 * Issue 15 through the route handlers with test deps, so identity (signed cookies), client
 * addresses and rate limits are the real ones: the literal 100-session hoarding attack, and a
 * database outage answered on every route with the contract's 503.
 */

// As server.mjs runs the app: it writes the TCP peer into PEER_HEADER and says so in its environment.
// Session creation is raised to 100 a minute so the hoarder opens all its sessions at once (the worst
// case for the code limits); the code-application limit stays the default 10 per 10 minutes.
const env = vi.hoisted(() => {
  const settings: Record<string, string> = {
    EMBEDDED_CHECKOUT_PEER_HEADER: '1',
    RATE_LIMIT_SESSION_CREATE_PER_MINUTE: '100',
    APP_SECRET: 'hardening-test-secret-0123456789abcdef',
  };
  const saved = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  Object.assign(process.env, settings);
  const resetConfig = () =>
    delete (globalThis as { __embeddedCheckoutConfig?: unknown }).__embeddedCheckoutConfig;
  resetConfig();
  return {
    jar: new Map<string, string>(),
    // A worker may run other test files after this one: leave the environment as it was.
    restore() {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      resetConfig();
    },
  };
});
afterAll(() => env.restore());

// The routes read cookies through next/headers; here each browser keeps its own jar.
vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (env.jar.has(name) ? { name, value: env.jar.get(name) } : undefined),
    set: (name: string, value: string) => void env.jar.set(name, value),
    delete: (name: string) => void env.jar.delete(name),
  }),
  headers: async () => new Headers(),
}));

const BASE = 'http://127.0.0.1:3000';
const HOARDER = '203.0.113.7';
const SHOPPER = '198.51.100.20';
const CODE_APPLICATIONS_PER_WINDOW = 10;

type Handler = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Exported = Handler & { withDeps(resolve: () => Promise<RouteDeps>): Handler };

/** One browser: its cookie jar, and the address its requests come from. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly address: string) {}

  async call(handler: Exported, deps: RouteDeps, method: string, path: string, body?: unknown, id?: string) {
    env.jar.clear();
    for (const [name, value] of this.cookies) env.jar.set(name, value);
    const request = new Request(`${BASE}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        host: new URL(BASE).host,
        origin: BASE,
        [PEER_HEADER]: this.address,
        // A scripted client writes whatever it likes here; with no trusted proxy it is ignored.
        'x-forwarded-for': `10.${Math.floor(Math.random() * 255)}.0.1`,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const response = await handler.withDeps(async () => deps)(
      request,
      id === undefined ? undefined : { params: Promise.resolve({ id }) },
    );
    for (const [name, value] of env.jar) this.cookies.set(name, value);
    return {
      status: response.status,
      body: (await response.json().catch(() => null)) as Record<string, unknown>,
    };
  }

  async startCheckout(deps: RouteDeps): Promise<string> {
    const items = [
      { productId: 'burr-grinder', quantity: 1 },
      { productId: 'pour-over-kit', quantity: 1 },
    ];
    const created = await this.call(sessions.POST as Exported, deps, 'POST', '/api/checkout/sessions', {
      items,
      currency: 'usd',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    return String(created.body.id);
  }

  applyCode(deps: RouteDeps, sessionId: string, code: string) {
    const path = `/api/checkout/sessions/${sessionId}/promotion-code`;
    return this.call(promotionCode.POST as Exported, deps, 'POST', path, { code }, sessionId);
  }
}

describe('one scripted client hoarding SAVE20 from 100 sessions (issue 15 finding 1)', () => {
  const db = useTestStore('pglite');
  let world: World;
  let deps: RouteDeps;
  beforeAll(async () => {
    world = await createWorld(db.store);
    deps = {
      store: db.store,
      stripe: world.stripe,
      webhookSecret: TEST_WEBHOOK_SECRET,
      ordersApiToken: null,
    };
  });
  afterAll(async () => {
    await world?.local.close();
  });

  const liveSave20 = async () =>
    (
      await countRedemptions(db.store, 'code-save20', {
        exceptCartId: crypto.randomUUID(),
        customerKey: null,
      })
    ).total;

  it('holds at most 10 new reservations, one per browser; a real shopper still gets SAVE20; idle ones lapse', async () => {
    // 100 sessions from one address, over 40 rotating browsers (fresh cookie jars).
    const browsers = Array.from({ length: 40 }, () => new Browser(HOARDER));
    const opened: { browser: Browser; sessionId: string }[] = [];
    for (let index = 0; index < 100; index += 1) {
      const browser = browsers[index % browsers.length] as Browser;
      opened.push({ browser, sessionId: await browser.startCheckout(deps) });
    }
    expect(new Set(opened.map(({ sessionId }) => sessionId)).size).toBe(100);

    // SAVE20 in every session, a browser's sessions one after another.
    const byBrowser = [...opened].sort((a, b) => browsers.indexOf(a.browser) - browsers.indexOf(b.browser));
    const statuses: number[] = [];
    const granted: Browser[] = [];
    for (const { browser, sessionId } of byBrowser) {
      const answer = await browser.applyCode(deps, sessionId, 'SAVE20');
      statuses.push(answer.status);
      if (answer.status === 200) granted.push(browser);
      else expect(answer.body).toMatchObject({ error: { code: 'rate_limited' } });
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(CODE_APPLICATIONS_PER_WINDOW);
    expect(statuses.filter((status) => status === 429)).toHaveLength(100 - CODE_APPLICATIONS_PER_WINDOW);
    // Ten applications went through, but a browser holds one reservation: its latest session's.
    const distinctBrowsers = new Set(granted).size;
    expect(distinctBrowsers).toBeLessThan(CODE_APPLICATIONS_PER_WINDOW);
    expect(await liveSave20()).toBe(distinctBrowsers);
    const { rows } = await db.store.query<{ browser_id: string; held: number }>(
      `SELECT c.browser_id, count(*)::int AS held FROM redemptions r JOIN carts c ON c.id = r.cart_id
       WHERE r.rule_id = 'code-save20' AND r.status = 'reserved' GROUP BY c.browser_id`,
    );
    expect(rows.every((row) => row.held === 1)).toBe(true);

    // A shopper from another address is not held back by the hoarder's budget or reservations.
    const shopper = new Browser(SHOPPER);
    const own = await shopper.startCheckout(deps);
    const applied = await shopper.applyCode(deps, own, 'SAVE20');
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toMatchObject({ promotionCode: 'SAVE20' });

    // The hoarder goes idle: its reservations lapse after 15 minutes without a change, while its
    // sessions stay open for their 60 minutes.
    const [first] = opened;
    if (first === undefined) throw new Error('unreachable');
    const session = await world.stripe.checkout.sessions.retrieve(first.sessionId);
    expect(session.status).toBe('open');
    expect(session.expires_at - Math.floor(Date.now() / 1000)).toBeGreaterThan(
      (RESERVATION_IDLE_MINUTES + 30) * 60,
    );
    await ageReservations(
      db.store,
      opened.map(({ sessionId }) => sessionId),
      RESERVATION_IDLE_MINUTES + 1,
    );
    expect(await liveSave20()).toBe(1);
  }, 300_000);
});

/** The reservations of these sessions' carts, as if their last change was `minutes` ago. */
async function ageReservations(store: Store, sessionIds: string[], minutes: number) {
  await store.query(
    `UPDATE redemptions SET updated_at = now() - make_interval(mins => $2)
     WHERE cart_id IN (SELECT id FROM carts WHERE stripe_session_id = ANY(SELECT jsonb_array_elements_text($1::jsonb)))`,
    [sessionIds, minutes],
  );
}

describe.each(TEST_DRIVERS)('a database outage on %s answers 503 on every route', (driver) => {
  let down: Store;
  let world: World;
  let deps: RouteDeps;
  const db = useTestStore('pglite');
  beforeAll(async () => {
    world = await createWorld(db.store);
    down = await openUnavailableStore(driver);
    deps = {
      store: down,
      stripe: world.stripe,
      webhookSecret: TEST_WEBHOOK_SECRET,
      ordersApiToken: 'ops-token',
    };
  });
  afterAll(async () => {
    await down?.close();
    await world?.local.close();
  });

  const id = 'cs_test_a1B2c3D4e5F6g7H8i9J0';
  const change = (module: Record<string, unknown>, method: string, path: string, body?: unknown) => ({
    handler: module[method] as Exported,
    method,
    path: `/api/checkout/sessions/${id}/${path}`,
    body,
    id,
  });
  const CASES = [
    {
      handler: sessions.POST as Exported,
      method: 'POST',
      path: '/api/checkout/sessions',
      body: { items: [{ productId: 'ceramic-mug', quantity: 1 }], currency: 'usd' },
      id: undefined,
    },
    change(addOns, 'POST', 'add-ons', { addOn: 'gift_wrap', selected: true }),
    change(discounts, 'POST', 'discounts', {}),
    change(email, 'POST', 'email', { email: 'ada@example.com' }),
    change(promotionCode, 'POST', 'promotion-code', { code: 'SAVE20' }),
    change(promotionCode, 'DELETE', 'promotion-code'),
    change(shippingAddress, 'POST', 'shipping-address', {
      name: 'Ada Lovelace',
      address: { line1: '1 Market Street', city: 'San Francisco', postal_code: '94105', country: 'US' },
    }),
  ];

  it.each(CASES)('$method $path', async ({ handler, method, path, body, id: sessionId }) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const answer = await new Browser(SHOPPER).call(handler, deps, method, path, body, sessionId);
    expect(answer).toEqual({
      status: 503,
      body: {
        error: { code: 'service_unavailable', message: "We couldn't save your change. Please try again." },
      },
    });
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });

  it('GET /api/orders (API token)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await (orders.GET as Exported).withDeps(async () => deps)(
      new Request(`${BASE}/api/orders?client_reference_id=line_U1`, {
        headers: { authorization: 'Bearer ops-token' },
      }),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toMatchObject({ error: { code: 'service_unavailable' } });
    vi.restoreAllMocks();
  });

  it('POST /api/webhooks/stripe (a signed event Stripe will deliver again)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const payload = JSON.stringify({
      id: 'evt_test_outage',
      object: 'event',
      type: 'checkout.session.expired',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id, object: 'checkout.session', status: 'expired' } },
    });
    const signature = world.stripe.webhooks.generateTestHeaderString({
      payload,
      secret: TEST_WEBHOOK_SECRET,
    });
    const response = await (webhook.POST as Exported).withDeps(async () => deps)(
      new Request(`${BASE}/api/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        body: payload,
      }),
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'service_unavailable' } });
    vi.restoreAllMocks();
  });
});
