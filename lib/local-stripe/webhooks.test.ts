import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { LocalStripe } from './local-stripe';
import {
  call,
  confirmWithCard,
  makeLocal,
  RETURN_URL,
  sdkFor,
  seedCatalog,
  WEBHOOK_SECRET,
} from './test-harness';

interface Delivery {
  raw: string;
  signature: string;
  eventId: string;
}

/** A tiny webhook receiver; `failFirst` answers 500 to the first attempt of each event. */
async function startReceiver(options: { failFirst?: boolean; alwaysFail?: boolean } = {}) {
  const deliveries: Delivery[] = [];
  const seen = new Set<string>();
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      raw += chunk;
    });
    request.on('end', () => {
      const eventId = (JSON.parse(raw) as { id: string }).id;
      deliveries.push({ raw, signature: String(request.headers['stripe-signature']), eventId });
      const fail = options.alwaysFail || (options.failFirst && !seen.has(eventId));
      seen.add(eventId);
      response.writeHead(fail ? 500 : 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ received: !fail }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/webhooks/stripe`,
    deliveries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let local: LocalStripe | undefined;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;

beforeEach(() => {
  local = undefined;
  receiver = undefined;
});

afterEach(async () => {
  await local?.close();
  await receiver?.close();
});

async function paidSession(instance: LocalStripe, stripe: Stripe) {
  const catalog = await seedCatalog(stripe);
  const session = await stripe.checkout.sessions.create({
    ui_mode: 'elements',
    mode: 'payment',
    return_url: RETURN_URL,
    customer_email: 'shopper@example.com',
    line_items: [{ price: catalog.kitUsd.id, quantity: 1 }],
  });
  const confirmed = await confirmWithCard(instance, session);
  expect(confirmed.status).toBe(200);
  return session;
}

describe('webhook delivery', () => {
  test('without a configured URL events stay pending', async () => {
    receiver = await startReceiver();
    local = makeLocal({ webhookRetry: { attempts: 3, baseDelayMs: 10 } });
    const stripe = sdkFor(local);
    await paidSession(local, stripe);
    await local.flushWebhooks();
    expect(receiver.deliveries).toHaveLength(0);
    const pending = await stripe.events.list({ type: 'checkout.session.completed' });
    expect(pending.data[0]?.pending_webhooks).toBe(1);
  });

  test('events arrive at the configured URL, signed so constructEvent verifies them', async () => {
    receiver = await startReceiver();
    local = makeLocal({ webhookUrl: receiver.url, webhookRetry: { attempts: 3, baseDelayMs: 10 } });
    const stripe = sdkFor(local);
    const session = await paidSession(local, stripe);
    await local.flushWebhooks();
    expect(receiver.deliveries).toHaveLength(1);
    const [delivery] = receiver.deliveries;
    if (!delivery) throw new Error('expected a delivery');
    expect(delivery.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const event = stripe.webhooks.constructEvent(delivery.raw, delivery.signature, WEBHOOK_SECRET);
    expect(event.type).toBe('checkout.session.completed');
    expect(event.data.object).toMatchObject({ id: session.id, status: 'complete', payment_status: 'paid' });
    expect(() => stripe.webhooks.constructEvent(delivery.raw, delivery.signature, 'whsec_wrong')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    const delivered = await stripe.events.retrieve(event.id);
    expect(delivered.pending_webhooks).toBe(0);
  });

  test('a non-2xx answer is retried with backoff', async () => {
    receiver = await startReceiver({ failFirst: true });
    local = makeLocal({ webhookUrl: receiver.url, webhookRetry: { attempts: 3, baseDelayMs: 20 } });
    const stripe = sdkFor(local);
    await paidSession(local, stripe);
    await local.flushWebhooks();
    expect(receiver.deliveries.map((delivery) => delivery.eventId)).toHaveLength(2);
    const [first, second] = receiver.deliveries;
    expect(first?.eventId).toBe(second?.eventId);
    for (const delivery of receiver.deliveries) {
      expect(stripe.webhooks.constructEvent(delivery.raw, delivery.signature, WEBHOOK_SECRET).id).toBe(
        first?.eventId,
      );
    }
  });

  test('delivery gives up after the configured attempts', async () => {
    receiver = await startReceiver({ alwaysFail: true });
    local = makeLocal({ webhookUrl: receiver.url, webhookRetry: { attempts: 3, baseDelayMs: 5 } });
    const stripe = sdkFor(local);
    await paidSession(local, stripe);
    await local.flushWebhooks();
    expect(receiver.deliveries).toHaveLength(3);
    const [event] = (await stripe.events.list()).data;
    expect(event?.pending_webhooks).toBe(0);
  });

  test('expiry and async payment events are delivered too', async () => {
    receiver = await startReceiver();
    local = makeLocal({ webhookUrl: receiver.url });
    const stripe = sdkFor(local);
    const catalog = await seedCatalog(stripe);
    const session = await stripe.checkout.sessions.create({
      ui_mode: 'elements',
      mode: 'payment',
      return_url: RETURN_URL,
      line_items: [{ price: catalog.kitUsd.id, quantity: 1 }],
    });
    await call(local, 'POST', `/v1/test_helpers/checkout/sessions/${session.id}/advance_clock`, {
      seconds: 86_400,
    });
    await local.flushWebhooks();
    const types = receiver.deliveries.map(
      (delivery) => stripe.webhooks.constructEvent(delivery.raw, delivery.signature, WEBHOOK_SECRET).type,
    );
    expect(types).toEqual(['checkout.session.expired']);
  });
});
