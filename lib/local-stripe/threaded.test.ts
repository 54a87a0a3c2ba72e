import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createFetchHandler } from './fetch-handler';
import type { LocalStripe } from './local-stripe';
import { RETURN_URL, SECRET_KEY, sdkFor, seedCatalog, WEBHOOK_SECRET } from './test-harness';
import { createThreadedLocalStripe, type StartThread } from './threaded';

// The app's build bundles the thread's entry; here it is TypeScript, loaded through tsx.
const HOST = new URL('./thread-host.ts', import.meta.url).href;
const TSX = pathToFileURL(
  createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs'),
).href;
const LOAD_THROUGH_TSX = `data:text/javascript,${encodeURIComponent(
  `const { register } = await import(${JSON.stringify(TSX)}); register(); await import(${JSON.stringify(HOST)});`,
)}`;
const started: Worker[] = [];
const startTypeScriptThread: StartThread = (options) => {
  const worker = new Worker(new URL(LOAD_THROUGH_TSX), { workerData: options });
  started.push(worker);
  return worker;
};

let directory: string;
const instances: LocalStripe[] = [];

function open(latencyMs = 0): LocalStripe {
  const local = createThreadedLocalStripe(
    {
      secretKey: SECRET_KEY,
      webhookSecret: WEBHOOK_SECRET,
      dataFile: join(directory, 'local-stripe.json'),
      latencyMs,
    },
    startTypeScriptThread,
  );
  instances.push(local);
  return local;
}

const sessionParams = (price: string): Stripe.Checkout.SessionCreateParams => ({
  ui_mode: 'elements',
  mode: 'payment',
  return_url: RETURN_URL,
  line_items: [{ price, quantity: 2 }],
});

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'local-stripe-threaded-'));
});

afterEach(async () => {
  for (const local of instances.splice(0)) await local.close();
  for (const worker of started.splice(0)) await worker.terminate();
  rmSync(directory, { recursive: true, force: true });
});

describe('a local Stripe on its own thread', () => {
  test('answers the SDK and HTTP as the in-thread one does, from a thread of its own', async () => {
    const local = open();
    const stripe = sdkFor(local);
    const { kitUsd } = await seedCatalog(stripe);
    const session = await stripe.checkout.sessions.create(sessionParams(kitUsd.id));
    expect(session).toMatchObject({ object: 'checkout.session', amount_subtotal: 9600, status: 'open' });
    expect(started).toHaveLength(1);

    const http = createFetchHandler(local, { basePath: '/api/local-stripe' });
    const answer = await http(
      new Request(`http://localhost/api/local-stripe/v1/checkout/sessions/${session.id}`, {
        headers: { authorization: `Bearer ${SECRET_KEY}` },
      }),
    );
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ id: session.id, amount_total: 9600 });

    // Stripe's refusals come back as the SDK's typed errors.
    await expect(stripe.checkout.sessions.retrieve('cs_test_missing')).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 404,
    });
  });

  test('a thread that dies fails what it held; the next request starts one that reloads the state file', async () => {
    // Every answer comes 200 ms late: the thread dies while it holds one.
    const local = open(200);
    const stripe = sdkFor(local);
    const { kitUsd } = await seedCatalog(stripe);
    const session = await stripe.checkout.sessions.create(sessionParams(kitUsd.id));

    const first = started[0];
    if (first === undefined) throw new Error('no thread started');
    const held = stripe.checkout.sessions.retrieve(session.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await first.terminate();
    await expect(held).rejects.toMatchObject({ type: 'StripeConnectionError' });

    const again = await stripe.checkout.sessions.retrieve(session.id);
    expect(again).toMatchObject({ id: session.id, amount_subtotal: 9600 });
    expect(started).toHaveLength(2);
  });

  test('close ends the thread and refuses what comes after', async () => {
    const local = open();
    const stripe = sdkFor(local);
    await seedCatalog(stripe);
    const thread = started[0];
    if (thread === undefined) throw new Error('no thread started');
    const exited = new Promise((resolve) => thread.once('exit', resolve));
    await local.close();
    await exited;
    await expect(stripe.products.list()).rejects.toThrow();
  });
});
