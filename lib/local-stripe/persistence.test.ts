import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createLocalStripe, type LocalStripe, type LocalStripeOptions } from './local-stripe';
import { journalFileOf, loadState } from './persistence';
import { getLocalStripe } from './process-instance';
import {
  call,
  makeLocal,
  PUBLISHABLE_KEY,
  RETURN_URL,
  SECRET_KEY,
  sdkFor,
  seedCatalog,
  WEBHOOK_SECRET,
} from './test-harness';

let directory: string;
let dataFile: string;
const instances: LocalStripe[] = [];

function open(options: Partial<LocalStripeOptions> = {}): LocalStripe {
  const instance = makeLocal({ dataFile, ...options });
  instances.push(instance);
  return instance;
}

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'local-stripe-'));
  dataFile = join(directory, 'nested', 'local-stripe.json');
});

afterEach(async () => {
  for (const instance of instances.splice(0)) await instance.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('persistence', () => {
  test('a new instance on the same file sees everything acknowledged, without a clean shutdown', async () => {
    const first = open();
    const stripe = sdkFor(first);
    const catalog = await seedCatalog(stripe);
    const createParams: Stripe.Checkout.SessionCreateParams = {
      ui_mode: 'elements',
      mode: 'payment',
      return_url: RETURN_URL,
      line_items: [{ price: catalog.kitUsd.id, quantity: 2 }],
      discounts: [{ coupon_data: { amount_off: 500, currency: 'usd', name: 'Five off' } }],
    };
    const session = await stripe.checkout.sessions.create(createParams, { idempotencyKey: 'create-once' });

    // No close(): the second instance reads what the first acknowledged, as after a crash.
    const second = open();
    const again = sdkFor(second);
    const restored = await again.checkout.sessions.retrieve(session.id, { expand: ['line_items'] });
    expect(restored).toMatchObject({ status: 'open', amount_subtotal: 9600, amount_total: 9100 });
    expect(restored.line_items?.data[0]?.id).toBe(
      (await stripe.checkout.sessions.listLineItems(session.id)).data[0]?.id,
    );
    expect((await again.prices.list({ lookup_keys: ['kit_usd'] })).data.map((price) => price.id)).toEqual([
      catalog.kitUsd.id,
    ]);
    const replay = await again.checkout.sessions.create(createParams, { idempotencyKey: 'create-once' });
    expect(replay.id).toBe(session.id);
  });

  test('concurrent requests are all durable when acknowledged and leave no temp files', async () => {
    const local = open();
    const stripe = sdkFor(local);
    const created = await Promise.all(
      Array.from({ length: 200 }, (_, index) => stripe.products.create({ name: `Product ${index}` })),
    );
    // What a restart reads: the state file and its journal.
    const onDisk = loadState(dataFile);
    for (const product of created) expect(onDisk.products[product.id]).toBeDefined();
    expect(readdirSync(join(directory, 'nested')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test('each acknowledged change is already on disk', async () => {
    const local = open();
    const stripe = sdkFor(local);
    for (let index = 0; index < 5; index += 1) {
      const customer = await stripe.customers.create({ email: `c${index}@example.com` });
      expect(loadState(dataFile).customers[customer.id]).toMatchObject({ email: `c${index}@example.com` });
    }
  });

  test('events still pending delivery are delivered by the next instance', async () => {
    const received: Array<{ raw: string; signature: string }> = [];
    const server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk: Buffer) => {
        raw += chunk.toString('utf8');
      });
      request.on('end', () => {
        received.push({ raw, signature: String(request.headers['stripe-signature']) });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const first = open();
      const stripe = sdkFor(first);
      const catalog = await seedCatalog(stripe);
      const session = await stripe.checkout.sessions.create({
        ui_mode: 'elements',
        mode: 'payment',
        return_url: RETURN_URL,
        customer_email: 'a@example.com',
        line_items: [{ price: catalog.mugUsd.id, quantity: 1 }],
      });
      await call(
        first,
        'POST',
        `/v1/checkout/sessions/${session.id}/confirm`,
        {
          client_secret: session.client_secret ?? '',
          'payment_method_data[type]': 'card',
          'payment_method_data[card][number]': '4242424242424242',
          'payment_method_data[card][exp_month]': 1,
          'payment_method_data[card][exp_year]': 2044,
          'payment_method_data[card][cvc]': '000',
        },
        { key: PUBLISHABLE_KEY },
      );
      const { port } = server.address() as AddressInfo;
      const second = open({ webhookUrl: `http://127.0.0.1:${port}/api/webhooks/stripe` });
      await second.flushWebhooks();
      expect(received).toHaveLength(1);
      const [delivery] = received;
      const event = sdkFor(second).webhooks.constructEvent(
        delivery?.raw ?? '',
        delivery?.signature ?? '',
        WEBHOOK_SECRET,
      );
      expect(event.type).toBe('checkout.session.completed');
      expect(event.data.object).toMatchObject({ id: session.id });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('a damaged state file is reported, not silently replaced', () => {
    writeFileSync(join(directory, 'broken.json'), '{"format":1,"state":');
    expect(() =>
      createLocalStripe({
        secretKey: SECRET_KEY,
        webhookSecret: WEBHOOK_SECRET,
        dataFile: join(directory, 'broken.json'),
      }),
    ).toThrow(/not valid JSON/);
  });
});

describe('journal', () => {
  const journal = () => readFileSync(journalFileOf(dataFile), 'utf8');

  test('a change appends one synced batch to the journal; the state file is not rewritten', async () => {
    const local = open();
    const stripe = sdkFor(local);
    await stripe.customers.create({ email: 'first@example.com' });
    const stateFile = readFileSync(dataFile, 'utf8');
    const lines = journal().split('\n').length;
    const created = [];
    for (let index = 0; index < 5; index += 1) {
      created.push(await stripe.customers.create({ email: `c${index}@example.com` }));
    }
    expect(readFileSync(dataFile, 'utf8')).toBe(stateFile);
    expect(journal().split('\n').length).toBe(lines + 5);
    // Only the changed objects are written, not the whole state again.
    expect(journal().split('\n').at(-2)).not.toContain('first@example.com');
    const restarted = sdkFor(open());
    for (const customer of created) {
      expect((await restarted.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
        email: customer.email,
      });
    }
  });

  test('a batch cut short by a crash is ignored; everything acknowledged before it is kept', async () => {
    const stripe = sdkFor(open());
    const kept = await stripe.customers.create({ email: 'kept@example.com' });
    writeFileSync(journalFileOf(dataFile), `${journal()}{"ops":[{"c":"customers","id":"cus_torn","v":{"id"`);
    const second = open();
    const again = sdkFor(second);
    expect(loadState(dataFile).customers.cus_torn).toBeUndefined();
    expect(((await again.customers.retrieve(kept.id)) as Stripe.Customer).email).toBe('kept@example.com');
    // Writing on after the torn tail leaves a journal the next start reads.
    const later = await again.customers.create({ email: 'later@example.com' });
    const state = loadState(dataFile);
    expect(Object.keys(state.customers).sort()).toEqual([kept.id, later.id].sort());
  });

  test('a damaged batch before the end is reported, not skipped', async () => {
    const stripe = sdkFor(open());
    await stripe.customers.create({ email: 'a@example.com' });
    await stripe.customers.create({ email: 'b@example.com' });
    const lines = journal().split('\n');
    lines[1] = '{"ops":[{"c":';
    writeFileSync(journalFileOf(dataFile), lines.join('\n'));
    expect(() => open()).toThrow(/journal .* is damaged at line 2/);
  });

  test('compaction folds the journal into the state file; a crash before the journal restarts loses nothing', async () => {
    const stripe = sdkFor(open({ compactAfterBytes: 4000 }));
    const created: Stripe.Customer[] = [];
    created.push(await stripe.customers.create({ email: 'c0@example.com' }));
    const journalBefore = journal();
    const generation = () =>
      (JSON.parse(readFileSync(dataFile, 'utf8')) as { generation: number }).generation;
    const first = generation();
    while (generation() === first) {
      created.push(await stripe.customers.create({ email: `c${created.length}@example.com` }));
    }
    expect(journal().length).toBeLessThan(4000);
    // The crash: the state file of the new generation was renamed in, the old journal is still there.
    writeFileSync(journalFileOf(dataFile), journalBefore);
    const restarted = loadState(dataFile);
    for (const customer of created) expect(restarted.customers[customer.id]?.email).toBe(customer.email);
    expect(readdirSync(join(directory, 'nested')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('process-wide instance', () => {
  test('getLocalStripe returns one instance per process until it is closed', async () => {
    const first = getLocalStripe({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET });
    const second = getLocalStripe({ secretKey: SECRET_KEY, webhookSecret: 'whsec_other' });
    expect(second).toBe(first);
    expect(second.webhookSecret).toBe(WEBHOOK_SECRET);
    await first.close();
    const third = getLocalStripe({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET });
    expect(third).not.toBe(first);
    await third.close();
  });
});
