import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createLocalStripe, getLocalStripe, type LocalStripe } from './local-stripe';
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

function open(options: { webhookUrl?: string } = {}): LocalStripe {
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
    const onDisk = JSON.parse(readFileSync(dataFile, 'utf8')) as {
      state: { products: Record<string, unknown> };
    };
    for (const product of created) expect(onDisk.state.products[product.id]).toBeDefined();
    expect(readdirSync(join(directory, 'nested')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test('each acknowledged change is already on disk', async () => {
    const local = open();
    const stripe = sdkFor(local);
    for (let index = 0; index < 5; index += 1) {
      const customer = await stripe.customers.create({ email: `c${index}@example.com` });
      expect(readFileSync(dataFile, 'utf8')).toContain(customer.id);
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
