/**
 * npm run load - N shoppers in parallel against the production build with the local Stripe, each
 * creating a checkout, making K changes (add-ons, a promotion code, a shipping address) and paying;
 * prints p50/p95/max per action, changes per second, errors and the server's CPU per change, then
 * checks invariants: every session's Stripe line items and discount equal the database's cart, no
 * change lost, no code over its limit, one order per paid session (written by the webhook).
 *
 *   npm run load -- --shoppers 20 --changes 6 --latency 150                 (PGlite, in-process latency)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run load -- --shoppers 50
 *   npm run load -- --stripe proxy     (a second instance serves the local Stripe behind a latency proxy)
 *
 * Options: --shoppers N (20), --changes K (6), --latency MS (150), --stripe inprocess|proxy
 * (inprocess: LOCAL_STRIPE_LATENCY_MS; proxy: LOCAL_STRIPE_URL through a proxy adding MS to every
 * call), --database-url URL (default $DATABASE_URL; unset means PGlite; a fresh database is created
 * on that server and dropped afterwards), --no-baseline (skip the single-shopper round run first),
 * --rebuild (build .next-load again). Every shopper is a browser: its own cookie jar, an Origin
 * header, and the local Stripe's browser endpoint (publishable key) to pay.
 *
 *   npm run load -- --acceptance [--stripe inprocess|proxy|both]
 *
 * runs the acceptance matrix (PGlite 1 and 20 shoppers, PostgreSQL 1 and 50 on a fresh database of
 * --database-url / $DATABASE_URL / postgres://postgres@127.0.0.1:5432/postgres) and prints one
 * table: p50/p95/max per change, changes/s, errors, invariant violations, CPU ms per change of every
 * process, the load average at the start, and whether each loaded row meets p95 < 2.5x the
 * single-shopper p50. `--per-action` prints the CPU of each action alone (20 in a row).
 * `LOAD_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"` profiles the servers; every round prints
 * its window for `npx tsx scripts/cpu-profile-summary.ts DIR --from .. --to .. --per CHANGES`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { LOCAL_STRIPE_PUBLISHABLE_KEY } from '../lib/local-stripe/keys';
import { freePort } from './free-port';

const DIST_DIR = '.next-load';
const EXIT_ON_SIGTERM = `data:text/javascript,${encodeURIComponent("process.once('SIGTERM', () => process.exit(0));")}`;
// The instances' shared local Stripe key (the local Stripe opens for nothing else).
const SECRET_KEY = process.env.LOCAL_STRIPE_SECRET_KEY ?? `sk_test_load_${randomBytes(16).toString('hex')}`;
const PUBLISHABLE_KEY = LOCAL_STRIPE_PUBLISHABLE_KEY;
const ORDERS_TOKEN = `load-${randomBytes(8).toString('hex')}`;
const ADD_ON_NAMES: Record<string, string> = {
  gift_wrap: 'Gift wrap',
  express_shipping: 'Express shipping',
  extended_warranty: 'Extended warranty',
};
const PRODUCT_NAMES: Record<string, string> = {
  'pour-over-kit': 'Pour-over coffee kit',
  'burr-grinder': 'Burr grinder',
};

interface Options {
  shoppers: number;
  changes: number;
  latencyMs: number;
  stripe: 'inprocess' | 'proxy';
  databaseUrl: string | null;
  baseline: boolean;
  rebuild: boolean;
  /** --acceptance: the whole matrix; --stripe both runs it in both modes. */
  acceptance: boolean;
  stripeModes: Array<'inprocess' | 'proxy'>;
  perAction: boolean;
}

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/** Whole journeys run before anything is measured, this many at a time. */
const WARMUP_SHOPPERS = 30;
const WARMUP_AT_ONCE = 10;

function parseOptions(argv: string[]): Options {
  const options: Options = {
    shoppers: 20,
    changes: 6,
    latencyMs: 150,
    stripe: 'inprocess',
    databaseUrl: process.env.DATABASE_URL?.trim() || null,
    baseline: true,
    rebuild: false,
    acceptance: false,
    stripeModes: ['inprocess'],
    perAction: false,
  };
  const number = (name: string, value: string | undefined, min: number, max: number) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new Error(`${name} takes a whole number from ${min} to ${max}`);
    }
    return parsed;
  };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    const value = argv[index + 1];
    switch (flag) {
      case '--shoppers':
        options.shoppers = number(flag, value, 1, 1000);
        index += 1;
        break;
      case '--changes':
        options.changes = number(flag, value, 1, 100);
        index += 1;
        break;
      case '--latency':
        options.latencyMs = number(flag, value, 0, 10_000);
        index += 1;
        break;
      case '--stripe':
        if (value !== 'inprocess' && value !== 'proxy' && value !== 'both') {
          throw new Error('--stripe takes inprocess, proxy or both (both: --acceptance only)');
        }
        options.stripe = value === 'both' ? 'inprocess' : value;
        options.stripeModes = value === 'both' ? ['inprocess', 'proxy'] : [value];
        index += 1;
        break;
      case '--acceptance':
        options.acceptance = true;
        break;
      case '--per-action':
        options.perAction = true;
        break;
      case '--database-url':
        if (value === undefined || !/^postgres(ql)?:\/\//.test(value)) {
          throw new Error('--database-url takes a postgres:// URL');
        }
        options.databaseUrl = value;
        index += 1;
        break;
      case '--no-baseline':
        options.baseline = false;
        break;
      case '--rebuild':
        options.rebuild = true;
        break;
      default:
        throw new Error(`Unknown option ${flag}. See the comment at the top of scripts/load.ts.`);
    }
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Instances, the latency proxy and the database

interface Instance {
  origin: string;
  child: ChildProcess;
  dataDir: string;
}

async function startInstance(env: Record<string, string>, chosenPort?: number): Promise<Instance> {
  const port = chosenPort ?? (await freePort());
  const dataDir = mkdtempSync(path.join(tmpdir(), 'embedded-checkout-load-'));
  const child = spawn(
    process.execPath,
    [
      // e.g. LOAD_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the servers.
      ...(process.env.LOAD_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      // A profiled server must exit through process.exit on SIGTERM for Node to write its profile.
      ...(process.env.LOAD_SERVER_NODE_ARGS?.includes('--cpu-prof') ? ['--import', EXIT_ON_SIGTERM] : []),
      // `npm start`: loopback, the peer-address header; `next start -H 127.0.0.1` loops in the locale
      // rewrite (see server.mjs).
      'server.mjs',
      '-p',
      String(port),
    ],
    {
      env: {
        ...process.env,
        NEXT_DIST_DIR: DIST_DIR,
        NEXT_TELEMETRY_DISABLED: '1',
        DATA_DIR: dataDir,
        ORDERS_API_TOKEN: ORDERS_TOKEN,
        // Every shopper comes from 127.0.0.1: one client address to the limiter.
        RATE_LIMIT_SESSION_CREATE_PER_MINUTE: '100000',
        RATE_LIMIT_CHECKOUT_CHANGES_PER_MINUTE: '100000',
        RATE_LIMIT_CODE_APPLICATIONS_PER_10_MINUTES: '100000',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 240; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`The instance on ${port} exited: ${stderr}`);
    const ready = await fetch(`${origin}/`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { origin, child, dataDir };
    await sleep(500);
  }
  child.kill('SIGTERM');
  throw new Error(`The instance on ${port} did not start: ${stderr}`);
}

async function stopInstance(instance: Instance): Promise<void> {
  if (instance.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => instance.child.once('exit', () => resolve()));
  instance.child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
}

/** Forwards everything to `target`, answering each request `latencyMs` later (a network round trip). */
async function startLatencyProxy(target: string, latencyMs: number) {
  const port = await freePort();
  const upstream = new URL(target);
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: incoming.url,
          method: incoming.method,
          headers: { ...incoming.headers, host: upstream.host },
        },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            setTimeout(() => {
              outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
              outgoing.end(Buffer.concat(body));
            }, latencyMs);
          });
        },
      );
      forward.on('error', () => {
        outgoing.writeHead(502);
        outgoing.end();
      });
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Process CPU (user + system, ms) of a process and its descendants, from /proc. */
function cpuMs(pid: number): number {
  const ticks = 100; // USER_HZ on Linux
  const children = new Map<number, number[]>();
  const own = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const parent = Number(fields[1]);
      own.set(Number(entry), Number(fields[11]) + Number(fields[12]));
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.pop() as number;
    total += own.get(next) ?? 0;
    queue.push(...(children.get(next) ?? []));
  }
  return (total * 1000) / ticks;
}

async function createDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ec_load_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Shoppers

type Action =
  | 'create'
  | 'addOn'
  | 'promotionCode'
  | 'shippingAddress'
  | 'discountsRefresh'
  | 'pay'
  | 'returnPage';
const CHANGE_ACTIONS: readonly Action[] = ['addOn', 'promotionCode', 'shippingAddress'];

interface Sample {
  action: Action;
  /** performance.now() at the start. */
  at: number;
  ms: number;
  ok: boolean;
  detail?: string;
}

/** What the shopper expects the cart to be, from the answers it got: checked against the database. */
interface Expected {
  sessionId: string;
  clientReferenceId: string;
  addOns: Set<string>;
  promotionCode: string | null;
  country: string | null;
  paid: boolean;
}

/**
 * Keep-alive connections, as a browser keeps them, through node:http rather than fetch: fetch costs
 * the generator about twice the CPU per request, taken from the same two cores as the servers'.
 */
const KEEP_ALIVE = new Agent({ keepAlive: true });

interface Exchange {
  status: number;
  setCookies: string[];
  text: string;
}

function exchange(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(url, { method, headers, agent: KEEP_ALIVE }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () =>
        resolve({
          status: answer.statusCode ?? 0,
          setCookies: answer.headers['set-cookie'] ?? [],
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      answer.on('error', reject);
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

class Browser {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly origin: string) {}

  async send(method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await exchange(
      `${this.origin}${pathname}`,
      method,
      {
        origin: this.origin,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookies.size === 0
          ? {}
          : { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') }),
        ...headers,
      },
      body === undefined ? undefined : JSON.stringify(body),
    );
    for (const line of response.setCookies) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair !== undefined && at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return { status: response.status, text: response.text };
  }
}

const ADDRESSES = [
  {
    name: 'Ada Lovelace',
    address: { line1: '1 Market Street', city: 'San Francisco', postal_code: '94105', country: 'US' },
  },
  {
    name: 'Alan Turing',
    address: { line1: '2 King Street', city: 'Toronto', postal_code: 'M5H 1A1', country: 'CA' },
  },
];

/** The K changes of one shopper: add-ons, SAVE20 (kit + grinder meets its minimum), an address. */
function planChanges(
  count: number,
): Array<{ action: Action; run: (expected: Expected) => [string, unknown] }> {
  const script: Array<{ action: Action; run: (expected: Expected) => [string, unknown] }> = [
    { action: 'addOn', run: (e) => toggle(e, 'gift_wrap', true) },
    {
      action: 'promotionCode',
      run: (e) => {
        e.promotionCode = 'SAVE20';
        return ['promotion-code', { code: 'SAVE20' }];
      },
    },
    { action: 'shippingAddress', run: (e) => address(e, 0) },
    { action: 'addOn', run: (e) => toggle(e, 'extended_warranty', true) },
    { action: 'addOn', run: (e) => toggle(e, 'gift_wrap', false) },
    { action: 'addOn', run: (e) => toggle(e, 'express_shipping', true) },
    { action: 'shippingAddress', run: (e) => address(e, 1) },
    { action: 'addOn', run: (e) => toggle(e, 'extended_warranty', false) },
  ];
  return Array.from({ length: count }, (_, index) => {
    const step = script[index % script.length];
    if (step === undefined) throw new Error('unreachable');
    return step;
  });
}

function toggle(expected: Expected, addOn: string, selected: boolean): [string, unknown] {
  if (selected) expected.addOns.add(addOn);
  else expected.addOns.delete(addOn);
  return ['add-ons', { addOn, selected }];
}

function address(expected: Expected, index: number): [string, unknown] {
  const chosen = ADDRESSES[index % ADDRESSES.length];
  expected.country = chosen?.address.country ?? null;
  return ['shipping-address', chosen];
}

interface Shop {
  app: string;
  /** Where a browser reaches the local Stripe (its /api/local-stripe), latency included. */
  stripe: string;
}

async function stripeApi(
  shop: Shop,
  method: string,
  pathname: string,
  form?: Record<string, string>,
  key = SECRET_KEY,
) {
  const response = await exchange(
    `${shop.stripe}${pathname}`,
    method,
    {
      authorization: `Bearer ${key}`,
      ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
    },
    form === undefined ? undefined : new URLSearchParams(form).toString(),
  );
  return { status: response.status, body: JSON.parse(response.text) as Record<string, unknown> };
}

async function runShopper(
  shop: Shop,
  index: number,
  run: string,
  changes: number,
  samples: Sample[],
): Promise<Expected | null> {
  const browser = new Browser(shop.app);
  const timed = async (action: Action, fn: () => Promise<{ status: number; text: string }>) => {
    const started = performance.now();
    let answer: { status: number; text: string };
    try {
      answer = await fn();
    } catch (error) {
      answer = { status: 0, text: error instanceof Error ? error.message : String(error) };
    }
    const ok = answer.status >= 200 && answer.status < 300;
    samples.push({
      action,
      at: started,
      ms: performance.now() - started,
      ok,
      ...(ok ? {} : { detail: `${answer.status} ${answer.text.slice(0, 200)}` }),
    });
    return { ...answer, ok };
  };

  const clientReferenceId = `load_${run}_${index}`;
  const created = await timed('create', () =>
    browser.send(
      'POST',
      '/api/checkout/sessions',
      {
        items: [
          { productId: 'pour-over-kit', quantity: 1 },
          { productId: 'burr-grinder', quantity: 1 },
        ],
        currency: 'usd',
        clientReferenceId,
      },
      { 'idempotency-key': randomUUID() },
    ),
  );
  if (!created.ok) return null;
  const sessionId = (JSON.parse(created.text) as { id: string }).id;
  const expected: Expected = {
    sessionId,
    clientReferenceId,
    addOns: new Set(),
    promotionCode: null,
    country: null,
    paid: false,
  };

  for (const step of planChanges(changes)) {
    const before = {
      addOns: new Set(expected.addOns),
      promotionCode: expected.promotionCode,
      country: expected.country,
    };
    const [route, body] = step.run(expected);
    const answer = await timed(step.action, () =>
      browser.send('POST', `/api/checkout/sessions/${sessionId}/${route}`, body),
    );
    if (!answer.ok) Object.assign(expected, before);
  }

  // Pay as the page does: one final server recompute, then Stripe.js's confirm (publishable key).
  const refreshed = await timed('discountsRefresh', () =>
    browser.send('POST', `/api/checkout/sessions/${sessionId}/discounts`, {}),
  );
  if (!refreshed.ok) return expected;
  const session = await stripeApi(shop, 'GET', `/v1/checkout/sessions/${sessionId}`);
  const clientSecret = String(session.body.client_secret ?? '');
  const paid = await timed('pay', async () => {
    const answer = await stripeApi(
      shop,
      'POST',
      `/v1/checkout/sessions/${sessionId}/confirm`,
      {
        client_secret: clientSecret,
        email: `shopper-${index}@example.com`,
        'payment_method_data[type]': 'card',
        'payment_method_data[card][number]': '4242424242424242',
        'payment_method_data[card][exp_month]': '12',
        'payment_method_data[card][exp_year]': '2040',
        'payment_method_data[card][cvc]': '123',
      },
      PUBLISHABLE_KEY,
    );
    return { status: answer.status, text: JSON.stringify(answer.body) };
  });
  expected.paid = paid.ok;
  if (paid.ok) {
    await timed('returnPage', () =>
      browser.send('GET', `/checkout/return?session_id=${encodeURIComponent(sessionId)}`),
    );
  }
  return expected;
}

// ---------------------------------------------------------------------------------------------
// Figures and invariants

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

interface RoundFigures {
  shoppers: number;
  changeP50: number;
  changeP95: number;
  changeMax: number;
  changesPerSecond: number;
  errors: number;
  /** CPU of each process during the round (creation, payment, webhooks, return pages included) per change. */
  cpu: Array<{ role: string; msPerChange: number }>;
}

function report(
  samples: Sample[],
  shoppers: number,
  changeWallMs: number,
  cpu: Array<{ role: string; ms: number }>,
): RoundFigures {
  const rows: string[][] = [['action', 'count', 'p50 ms', 'p95 ms', 'max ms', 'errors']];
  const group = (actions: readonly Action[]) => samples.filter((s) => actions.includes(s.action));
  const row = (label: string, list: Sample[]) => {
    const ms = list.map((s) => s.ms).sort((a, b) => a - b);
    rows.push([
      label,
      String(list.length),
      fmt(percentile(ms, 50)),
      fmt(percentile(ms, 95)),
      fmt(ms.at(-1) ?? Number.NaN),
      String(list.filter((s) => !s.ok).length),
    ]);
  };
  for (const action of ['create', ...CHANGE_ACTIONS, 'discountsRefresh', 'pay', 'returnPage'] as Action[])
    row(action, group([action]));
  const changes = group(CHANGE_ACTIONS);
  row('every change', changes);
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((r) => r[column]?.length ?? 0))) ?? [];
  for (const r of rows) console.log(r.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  '));
  const errors = samples.filter((s) => !s.ok);
  for (const error of errors.slice(0, 5)) console.log(`  error: ${error.action} ${error.detail}`);
  const changeMs = changes.map((s) => s.ms).sort((a, b) => a - b);
  const figures = {
    shoppers,
    changeP50: percentile(changeMs, 50),
    changeP95: percentile(changeMs, 95),
    changeMax: changeMs.at(-1) ?? Number.NaN,
    changesPerSecond: changes.length / (changeWallMs / 1000),
    errors: errors.length,
    cpu: cpu.map(({ role, ms }) => ({ role, msPerChange: ms / Math.max(1, changes.length) })),
  };
  console.log(
    `changes: ${changes.length} in ${fmt(changeWallMs)} ms = ${figures.changesPerSecond.toFixed(1)}/s; CPU per change (the round's creation, payment, webhooks and return pages included): ${figures.cpu.map((entry) => `${entry.role} ${entry.msPerChange.toFixed(1)} ms`).join(', ')}`,
  );
  return figures;
}

const fmt = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : '-');

interface CartRow {
  stripe_session_id: string;
  add_ons: string[];
  promotion_code: string | null;
  shipping: { address: { country: string } } | null;
  decision: { combined: { amountOff: number } | null; subtotal?: number } | null;
  items: { productId: string; quantity: number }[];
  status: string;
}

async function checkInvariants(
  shop: Shop,
  query: <T>(sql: string, params?: unknown[]) => Promise<T[]>,
  expected: Expected[],
): Promise<string[]> {
  const violations: string[] = [];
  const carts = new Map(
    (
      await query<CartRow>(
        'SELECT stripe_session_id, add_ons, promotion_code, shipping, decision, items, status FROM carts',
      )
    ).map((row) => [row.stripe_session_id, row]),
  );
  const orders = await query<{ stripe_session_id: string; n: number }>(
    'SELECT stripe_session_id, count(*)::int AS n FROM orders GROUP BY stripe_session_id',
  );
  const orderCount = new Map(orders.map((row) => [row.stripe_session_id, row.n]));
  for (const shopper of expected) {
    const cart = carts.get(shopper.sessionId);
    if (cart === undefined) {
      violations.push(`${shopper.sessionId}: no cart`);
      continue;
    }
    const addOns = [...shopper.addOns].sort();
    if (JSON.stringify([...cart.add_ons].sort()) !== JSON.stringify(addOns)) {
      violations.push(
        `${shopper.sessionId}: lost change, add-ons ${cart.add_ons} but the shopper was told ${addOns}`,
      );
    }
    if (cart.promotion_code !== shopper.promotionCode) {
      violations.push(
        `${shopper.sessionId}: code ${cart.promotion_code}, shopper was told ${shopper.promotionCode}`,
      );
    }
    if ((cart.shipping?.address.country ?? null) !== shopper.country) {
      violations.push(
        `${shopper.sessionId}: country ${cart.shipping?.address.country}, shopper was told ${shopper.country}`,
      );
    }
    const session = await stripeApi(
      shop,
      'GET',
      `/v1/checkout/sessions/${shopper.sessionId}?expand[]=line_items`,
    );
    const lineItems = (session.body.line_items as { data: { description: string; quantity: number }[] }).data;
    const stripeLines = lineItems.map((item) => `${item.description} x${item.quantity}`).sort();
    const cartLines = [
      ...cart.items.map((item) => `${PRODUCT_NAMES[item.productId] ?? item.productId} x${item.quantity}`),
      ...cart.add_ons.map((id) => `${ADD_ON_NAMES[id] ?? id} x1`),
    ].sort();
    if (JSON.stringify(stripeLines) !== JSON.stringify(cartLines)) {
      violations.push(
        `${shopper.sessionId}: Stripe has ${stripeLines.join(', ')}; the cart ${cartLines.join(', ')}`,
      );
    }
    const discount =
      (session.body.total_details as { amount_discount?: number } | null)?.amount_discount ?? 0;
    const decided = cart.decision?.combined?.amountOff ?? 0;
    if (discount !== decided)
      violations.push(`${shopper.sessionId}: Stripe discount ${discount}, the cart's ${decided}`);
    const count = orderCount.get(shopper.sessionId) ?? 0;
    if (shopper.paid && count !== 1) violations.push(`${shopper.sessionId}: paid, ${count} orders`);
    if (!shopper.paid && count !== 0) violations.push(`${shopper.sessionId}: not paid, ${count} orders`);
  }
  const rules = await query<{ id: string; limit: number | null; used: number }>(
    `SELECT r.id, (r.definition->>'maxRedemptions')::int AS limit,
            (SELECT count(*)::int FROM redemptions d WHERE d.rule_id = r.id AND d.status IN ('reserved', 'redeemed')) AS used
     FROM discount_rules r`,
  );
  for (const rule of rules) {
    if (rule.limit !== null && rule.used > rule.limit)
      violations.push(`${rule.id}: ${rule.used} uses of ${rule.limit}`);
  }
  const used = rules
    .filter((rule) => rule.limit !== null)
    .map((rule) => `${rule.id} ${rule.used}/${rule.limit}`);
  console.log(`limited codes: ${used.join(', ') || 'none'}`);
  return violations;
}

/** Waits until the webhook has written an order for every paid session (through the orders API). */
async function waitForOrders(shop: Shop, expected: Expected[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (const shopper of expected.filter((e) => e.paid)) {
    for (;;) {
      const response = await fetch(
        `${shop.app}/api/orders?client_reference_id=${shopper.clientReferenceId}`,
        {
          headers: { authorization: `Bearer ${ORDERS_TOKEN}` },
        },
      );
      const body = (await response.json()) as { data?: unknown[] };
      if ((body.data?.length ?? 0) > 0 || Date.now() > deadline) break;
      await sleep(250);
    }
  }
}

/** The monotonic clock in microseconds: the clock of V8's .cpuprofile timestamps. */
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------

/**
 * Builds `.next-load` when it is missing, asked for, or built from other sources: the build records
 * the commit and the working tree's changes it was made from, so a measurement never runs old code.
 */
function buildIfNeeded(options: Options): void {
  const stampFile = path.join(DIST_DIR, 'LOAD_SOURCES');
  const stamp = sourceStamp();
  const built = existsSync(path.join(DIST_DIR, 'BUILD_ID')) && existsSync(stampFile);
  if (!options.rebuild && built && (stamp === null || readFileSync(stampFile, 'utf8') === stamp)) return;
  console.log(`Building the production app into ${DIST_DIR} ...`);
  execFileSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1', NEXT_SKIP_TYPECHECK: '1' },
  });
  if (stamp !== null) writeFileSync(stampFile, stamp);
}

/** The commit and a hash of the uncommitted changes (null outside a git checkout). */
function sourceStamp(): string | null {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' });
    const changes = createHash('sha256')
      .update(git('diff', 'HEAD'))
      .update(git('status', '--porcelain'))
      .digest('hex');
    return `${git('rev-parse', 'HEAD').trim()} ${changes}`;
  } catch {
    return null;
  }
}

interface Servers {
  shop: Shop;
  /** The app last: it holds the database. */
  instances: Array<Instance & { role: 'app' | 'stripe host' }>;
  close: () => Promise<void>;
}

/** The app (and, in proxy mode, the instance serving the local Stripe behind the latency proxy). */
async function startServers(options: Options, databaseUrl: string | null): Promise<Servers> {
  const appSecret = randomBytes(24).toString('hex');
  const common: Record<string, string> = {
    APP_SECRET: appSecret,
    LOCAL_STRIPE_SECRET_KEY: SECRET_KEY,
    ...(databaseUrl === null ? {} : { DATABASE_URL: databaseUrl }),
  };
  const instances: Servers['instances'] = [];
  let proxy: { url: string; close: () => Promise<void> } | null = null;
  const close = async () => {
    for (const instance of [...instances].reverse()) await stopInstance(instance);
    await proxy?.close();
    for (const instance of instances) rmSync(instance.dataDir, { recursive: true, force: true });
  };
  try {
    if (options.stripe === 'inprocess') {
      const app = await startInstance({ ...common, LOCAL_STRIPE_LATENCY_MS: String(options.latencyMs) });
      instances.push({ ...app, role: 'app' });
      return { shop: { app: app.origin, stripe: `${app.origin}/api/local-stripe` }, instances, close };
    }
    // The app's port is chosen first so the Stripe instance can deliver its webhooks there.
    const appPort = await freePort();
    const stripeHost = await startInstance({
      LOCAL_STRIPE_WEBHOOK_URL: `http://127.0.0.1:${appPort}/api/webhooks/stripe`,
      LOCAL_STRIPE_SECRET_KEY: SECRET_KEY,
      APP_SECRET: appSecret,
    });
    instances.push({ ...stripeHost, role: 'stripe host' });
    proxy = await startLatencyProxy(stripeHost.origin, options.latencyMs);
    const app = await startInstance(
      { ...common, LOCAL_STRIPE_URL: `${proxy.url}/api/local-stripe` },
      appPort,
    );
    instances.push({ ...app, role: 'app' });
    return { shop: { app: app.origin, stripe: `${proxy.url}/api/local-stripe` }, instances, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs N shoppers at once and reports the round, with every process's CPU per change. */
async function runRound(
  servers: Servers,
  options: Options,
  label: string,
  shoppers: number,
  all: Expected[],
): Promise<RoundFigures> {
  const run = randomBytes(3).toString('hex');
  const samples: Sample[] = [];
  const cpuBefore = servers.instances.map((instance) => cpuMs(instance.child.pid ?? 0));
  const ownBefore = process.cpuUsage();
  const started = performance.now();
  const startedMicros = monotonicMicros();
  const results = await Promise.all(
    Array.from({ length: shoppers }, (_, index) =>
      runShopper(servers.shop, index, run, options.changes, samples),
    ),
  );
  const wall = performance.now() - started;
  const own = process.cpuUsage(ownBefore);
  const cpu = servers.instances.map((instance, index) => ({
    role: instance.role as string,
    ms: cpuMs(instance.child.pid ?? 0) - (cpuBefore[index] ?? 0),
  }));
  cpu.push({
    role: options.stripe === 'proxy' ? 'load generator + proxy' : 'load generator',
    ms: (own.user + own.system) / 1000,
  });
  console.log(`\n${label}: ${shoppers} shopper(s), ${fmt(wall)} ms in all`);
  console.log(`profile window: --from ${startedMicros} --to ${monotonicMicros()}`);
  const changeSamples = samples.filter((s) => CHANGE_ACTIONS.includes(s.action));
  // Changes per second over the span in which changes ran (first start to last end).
  const changeWall =
    Math.max(...changeSamples.map((s) => s.at + s.ms)) - Math.min(...changeSamples.map((s) => s.at));
  const figures = report(samples, shoppers, changeWall, cpu);
  all.push(...results.filter((r): r is Expected => r !== null));
  return figures;
}

interface ScenarioResult {
  database: 'PGlite' | 'PostgreSQL';
  stripe: Options['stripe'];
  loadAverage: number;
  single: RoundFigures | null;
  loaded: RoundFigures;
  violations: number;
}

/** One server set-up: warm-up, the single-shopper round, the loaded round, then the invariants. */
async function runScenario(options: Options): Promise<ScenarioResult> {
  const loadAverage = loadavg()[0] ?? 0;
  const database = options.databaseUrl === null ? null : await createDatabase(options.databaseUrl);
  let servers: Servers | null = null;
  try {
    servers = await startServers(options, database?.url ?? null);
    const shop = servers.shop;
    console.log(
      `\nLoad: ${options.shoppers} shoppers x ${options.changes} changes, ${options.latencyMs} ms per Stripe call (${options.stripe === 'inprocess' ? 'LOCAL_STRIPE_LATENCY_MS' : 'second instance behind a latency proxy'}), database ${database === null ? 'PGlite' : 'PostgreSQL (fresh database)'}, load average ${loadAverage.toFixed(2)} at start.`,
    );
    const all: Expected[] = [];
    // A cold server compiles its routes on first use, and V8 optimizes a function only after it has
    // run many times: WARMUP_SHOPPERS whole journeys first, so what is measured is a server that has
    // been serving (as one in production has), not its first minutes.
    for (let batch = 0; batch < WARMUP_SHOPPERS; batch += WARMUP_AT_ONCE) {
      const warm = await Promise.all(
        Array.from({ length: WARMUP_AT_ONCE }, (_, index) =>
          runShopper(shop, batch + index, 'warmup', options.changes, []),
        ),
      );
      all.push(...warm.filter((r): r is Expected => r !== null));
    }
    const single = options.baseline
      ? await runRound(servers, options, 'single shopper (baseline)', 1, all)
      : null;
    const loaded = await runRound(servers, options, 'under load', options.shoppers, all);
    await waitForOrders(shop, all);
    const violations = await verify(servers, database?.url ?? null, all);
    console.log(`\ninvariants: ${violations.length === 0 ? 'all hold' : `${violations.length} violated`}`);
    for (const violation of violations.slice(0, 20)) console.log(`  ${violation}`);
    return {
      database: database === null ? 'PGlite' : 'PostgreSQL',
      stripe: options.stripe,
      loadAverage,
      single,
      loaded,
      violations: violations.length,
    };
  } finally {
    await servers?.close();
    await database?.drop();
  }
}

async function verify(servers: Servers, databaseUrl: string | null, all: Expected[]): Promise<string[]> {
  if (databaseUrl !== null) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return await checkInvariants(
        servers.shop,
        async (sql, params) => (await client.query(sql, params)).rows,
        all,
      );
    } finally {
      await client.end();
    }
  }
  // PGlite allows one process per data folder: Stripe is read before the app stops (in-process mode
  // serves it), the database after.
  const app = servers.instances.at(-1);
  if (app === undefined) throw new Error('unreachable');
  const snapshot = await snapshotStripe(servers.shop, all);
  await stopInstance(app);
  const db = await PGlite.create({ dataDir: path.join(app.dataDir, 'pglite') });
  try {
    return await checkInvariants(
      snapshot,
      async (sql, params) => (await db.query(sql, params)).rows as never[],
      all,
    );
  } finally {
    await db.close();
  }
}

function summarize(result: ScenarioResult): void {
  const { single, loaded } = result;
  if (single === null) return;
  const ratio = loaded.changeP95 / single.changeP50;
  console.log(
    `\nsummary: single-shopper p50 ${fmt(single.changeP50)} ms; ${loaded.shoppers} shoppers p50 ${fmt(loaded.changeP50)} ms, p95 ${fmt(loaded.changeP95)} ms (${ratio.toFixed(2)}x the single p50; target < 2.5x), ${loaded.changesPerSecond.toFixed(1)} changes/s, ${loaded.errors} errors, ${result.violations} invariant violations`,
  );
}

/**
 * The acceptance matrix in one command: PGlite 1 and 20 shoppers, PostgreSQL 1 and 50 (a fresh
 * database), per Stripe mode asked for; prints one table and whether each loaded row keeps its p95
 * under 2.5x the single-shopper p50 with no errors and no invariant violations.
 */
async function runAcceptance(options: Options): Promise<number> {
  const modes: Array<Options['stripe']> = options.stripeModes;
  const postgres = options.databaseUrl ?? DEFAULT_POSTGRES_URL;
  const results: ScenarioResult[] = [];
  for (const stripe of modes) {
    results.push(await runScenario({ ...options, stripe, databaseUrl: null, shoppers: 20, baseline: true }));
    results.push(
      await runScenario({ ...options, stripe, databaseUrl: postgres, shoppers: 50, baseline: true }),
    );
  }
  const header = [
    'database',
    'Stripe',
    'shoppers',
    'p50 ms',
    'p95 ms',
    'max ms',
    'changes/s',
    'errors',
    'violations',
    'CPU ms/change',
    'load avg',
    'p95/single p50',
    'meets',
  ];
  const rows: string[][] = [header];
  let met = true;
  for (const result of results) {
    const single = result.single as RoundFigures;
    for (const round of [single, result.loaded]) {
      const ratio = round.changeP95 / single.changeP50;
      const ok = ratio < 2.5 && round.errors === 0 && result.violations === 0;
      if (round === result.loaded) met &&= ok;
      rows.push([
        result.database,
        result.stripe === 'inprocess' ? 'in process' : 'proxy',
        String(round.shoppers),
        fmt(round.changeP50),
        fmt(round.changeP95),
        fmt(round.changeMax),
        round.changesPerSecond.toFixed(1),
        String(round.errors),
        String(result.violations),
        round.cpu.map((entry) => `${entry.role} ${entry.msPerChange.toFixed(1)}`).join(', '),
        result.loadAverage.toFixed(2),
        round === single ? '-' : ratio.toFixed(2),
        round === single ? '-' : ok ? 'yes' : 'NO',
      ]);
    }
  }
  console.log(
    `\nAcceptance (${options.latencyMs} ms per Stripe call, ${options.changes} changes per shopper):\n`,
  );
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(`\n${met ? 'Every loaded row meets the target.' : 'Some loaded row misses the target.'}`);
  return met ? 0 : 1;
}

interface OpenSession {
  browser: Browser;
  id: string;
  expected: Expected;
}

async function openSession(shop: Shop, reference: string): Promise<OpenSession> {
  const browser = new Browser(shop.app);
  const answer = await browser.send(
    'POST',
    '/api/checkout/sessions',
    {
      items: [
        { productId: 'pour-over-kit', quantity: 1 },
        { productId: 'burr-grinder', quantity: 1 },
      ],
      currency: 'usd',
      clientReferenceId: reference,
    },
    { 'idempotency-key': randomUUID() },
  );
  if (answer.status !== 200) throw new Error(`create: ${answer.status} ${answer.text.slice(0, 200)}`);
  const id = (JSON.parse(answer.text) as { id: string }).id;
  const expected: Expected = {
    sessionId: id,
    clientReferenceId: reference,
    addOns: new Set(),
    promotionCode: null,
    country: null,
    paid: false,
  };
  return { browser, id, expected };
}

async function payFor(shop: Shop, session: OpenSession, index: number) {
  const read = await stripeApi(shop, 'GET', `/v1/checkout/sessions/${session.id}`);
  const answer = await stripeApi(
    shop,
    'POST',
    `/v1/checkout/sessions/${session.id}/confirm`,
    {
      client_secret: String(read.body.client_secret ?? ''),
      email: `shopper-${index}@example.com`,
      'payment_method_data[type]': 'card',
      'payment_method_data[card][number]': '4242424242424242',
      'payment_method_data[card][exp_month]': '12',
      'payment_method_data[card][exp_year]': '2040',
      'payment_method_data[card][cvc]': '123',
    },
    PUBLISHABLE_KEY,
  );
  session.expected.paid = answer.status === 200;
  return { status: answer.status, text: JSON.stringify(answer.body) };
}

/**
 * Each action alone: REPEAT requests of one kind one after another, with every server process's
 * CPU read before and after (after a pause, so background work such as webhook delivery and
 * fulfilment is counted with the payment that caused it). Prints CPU ms per request.
 */
async function runPerAction(options: Options): Promise<number> {
  const repeat = 20;
  const database = options.databaseUrl === null ? null : await createDatabase(options.databaseUrl);
  let servers: Servers | null = null;
  try {
    servers = await startServers(options, database?.url ?? null);
    const { shop, instances } = servers;
    await runShopper(shop, 0, 'warmup', options.changes, []);
    const rows: string[][] = [['action', ...instances.map((instance) => `${instance.role} CPU ms`)]];
    const measure = async (
      action: string,
      run: (index: number) => Promise<{ status: number; text: string }>,
    ) => {
      await sleep(500);
      const before = instances.map((instance) => cpuMs(instance.child.pid ?? 0));
      for (let index = 0; index < repeat; index += 1) {
        const answer = await run(index);
        if (answer.status !== 200)
          throw new Error(`${action}: ${answer.status} ${answer.text.slice(0, 200)}`);
      }
      await sleep(500);
      rows.push([
        action,
        ...instances.map((instance, at) =>
          ((cpuMs(instance.child.pid ?? 0) - (before[at] ?? 0)) / repeat).toFixed(1),
        ),
      ]);
    };
    const run = randomBytes(3).toString('hex');
    const fresh: OpenSession[] = [];
    await measure('create', async (index) => {
      fresh.push(await openSession(shop, `load_${run}_${index}`));
      return { status: 200, text: '' };
    });
    const [one] = fresh;
    if (one === undefined) throw new Error('unreachable');
    const change = (session: OpenSession, route: string, body: unknown) =>
      session.browser.send('POST', `/api/checkout/sessions/${session.id}/${route}`, body);
    await measure('addOn', (index) =>
      change(one, 'add-ons', { addOn: 'gift_wrap', selected: index % 2 === 0 }),
    );
    await measure('shippingAddress', (index) => change(one, 'shipping-address', ADDRESSES[index % 2]));
    await measure('promotionCode', (index) =>
      change(fresh[index] as OpenSession, 'promotion-code', { code: 'SAVE20' }),
    );
    await measure('discountsRefresh', () => change(one, 'discounts', {}));
    // Stripe asks for the shipping address before it confirms (not measured).
    for (const session of fresh.slice(1)) await change(session, 'shipping-address', ADDRESSES[0]);
    await measure('pay', (index) => payFor(shop, fresh[index] as OpenSession, index));
    await waitForOrders(
      shop,
      fresh.map((session) => session.expected),
    );
    await measure('returnPage', (index) =>
      (fresh[index] as OpenSession).browser.send(
        'GET',
        `/checkout/return?session_id=${encodeURIComponent(fresh[index]?.id ?? '')}`,
      ),
    );
    console.log(
      `\nCPU per request, each action alone (${repeat} in a row, ${options.stripe === 'inprocess' ? 'local Stripe in process' : 'local Stripe in its own instance'}, ${database === null ? 'PGlite' : 'PostgreSQL'}; load average ${(loadavg()[0] ?? 0).toFixed(2)}):\n`,
    );
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
    return 0;
  } finally {
    await servers?.close();
    await database?.drop();
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  buildIfNeeded(options);
  if (options.acceptance) return runAcceptance(options);
  if (options.perAction) return runPerAction(options);
  const result = await runScenario(options);
  summarize(result);
  return result.loaded.errors === 0 && result.violations === 0 ? 0 : 1;
}

/** Serves Stripe's answers from memory once the in-process local Stripe is gone with its app. */
async function snapshotStripe(shop: Shop, expected: Expected[]): Promise<Shop> {
  const answers = new Map<string, { status: number; body: Record<string, unknown> }>();
  for (const shopper of expected) {
    const pathname = `/v1/checkout/sessions/${shopper.sessionId}?expand[]=line_items`;
    answers.set(pathname, await stripeApi(shop, 'GET', pathname));
  }
  const server = createServer((incoming, outgoing) => {
    const answer = answers.get(incoming.url?.replace(/^\/api\/local-stripe/, '') ?? '');
    outgoing.writeHead(answer?.status ?? 404, { 'content-type': 'application/json' });
    outgoing.end(JSON.stringify(answer?.body ?? {}));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  server.unref();
  return { app: shop.app, stripe: `http://127.0.0.1:${port}/api/local-stripe` };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
