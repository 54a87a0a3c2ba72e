import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { LocalStripe } from './local-stripe';
import { call, errorOf, makeLocal, paidIntent as paidHarnessIntent, rejection, sdkFor } from './test-harness';

/** Refunds, charges and disputes through the official SDK, with Stripe's refusals and events. */

let local: LocalStripe;
let stripe: Stripe;

beforeEach(() => {
  local = makeLocal();
  stripe = sdkFor(local);
});

afterEach(async () => {
  await local.close();
});

const paidIntent = () => paidHarnessIntent(local, stripe);

async function eventsOf(type: string): Promise<Stripe.Event[]> {
  return (await stripe.events.list({ type, limit: 100 })).data;
}

describe('charges', () => {
  test('a succeeded payment intent has a retrievable charge with its amount and card', async () => {
    const { intent, chargeId } = await paidIntent();
    const charge = await stripe.charges.retrieve(chargeId);
    expect(charge).toMatchObject({
      object: 'charge',
      amount: 4800,
      amount_captured: 4800,
      amount_refunded: 0,
      refunded: false,
      disputed: false,
      paid: true,
      status: 'succeeded',
      currency: 'usd',
      payment_intent: intent.id,
      payment_method_details: { type: 'card', card: { brand: 'visa', last4: '4242' } },
    });
    const listed = await stripe.charges.list({ payment_intent: intent.id });
    expect(listed.data.map((item) => item.id)).toEqual([chargeId]);
  });

  test('an unknown charge is resource_missing (404)', async () => {
    const error = await rejection(stripe.charges.retrieve('ch_nope'));
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});

describe('refunds', () => {
  test('a partial then the rest: the charge follows, and the events carry both objects', async () => {
    const { intent, chargeId } = await paidIntent();
    const first = await stripe.refunds.create({
      payment_intent: intent.id,
      amount: 1000,
      metadata: { order_id: 'o1' },
      reason: 'requested_by_customer',
    });
    expect(first).toMatchObject({
      object: 'refund',
      amount: 1000,
      status: 'succeeded',
      charge: chargeId,
      payment_intent: intent.id,
      metadata: { order_id: 'o1' },
      reason: 'requested_by_customer',
    });
    let charge = await stripe.charges.retrieve(chargeId);
    expect(charge).toMatchObject({ amount_refunded: 1000, refunded: false });

    // Without an amount, what is left.
    const rest = await stripe.refunds.create({ charge: chargeId });
    expect(rest.amount).toBe(3800);
    charge = await stripe.charges.retrieve(chargeId);
    expect(charge).toMatchObject({ amount_refunded: 4800, refunded: true });
    expect(charge.refunds?.data.map((refund) => refund.id)).toEqual([rest.id, first.id]);

    const refunded = await eventsOf('charge.refunded');
    expect(refunded.map((event) => (event.data.object as Stripe.Charge).amount_refunded)).toEqual([
      4800, 1000,
    ]);
    const created = await eventsOf('refund.created');
    expect(created.map((event) => (event.data.object as Stripe.Refund).id)).toEqual([rest.id, first.id]);

    expect((await stripe.refunds.retrieve(first.id)).amount).toBe(1000);
    const listed = await stripe.refunds.list({ payment_intent: intent.id });
    expect(listed.data.map((refund) => refund.id)).toEqual([rest.id, first.id]);
  });

  test('more than is left is refused and changes nothing', async () => {
    const { intent, chargeId } = await paidIntent();
    await stripe.refunds.create({ payment_intent: intent.id, amount: 4000 });
    const error = await rejection(stripe.refunds.create({ payment_intent: intent.id, amount: 801 }));
    expect(error).toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'amount_too_large',
      param: 'amount',
    });
    expect(error.message).toBe(
      'Refund amount ($8.01 usd) is greater than unrefunded amount on charge ($8.00 usd)',
    );
    expect((await stripe.charges.retrieve(chargeId)).amount_refunded).toBe(4000);
    expect(await eventsOf('refund.created')).toHaveLength(1);
  });

  test('a fully refunded charge answers charge_already_refunded', async () => {
    const { intent } = await paidIntent();
    await stripe.refunds.create({ payment_intent: intent.id });
    const error = await rejection(stripe.refunds.create({ payment_intent: intent.id, amount: 1 }));
    expect(error).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
  });

  test('unknown intents and charges are resource_missing; amount must be positive', async () => {
    expect(await rejection(stripe.refunds.create({ payment_intent: 'pi_nope' }))).toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'payment_intent',
    });
    expect(await rejection(stripe.refunds.create({ charge: 'ch_nope' }))).toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'charge',
    });
    const { intent } = await paidIntent();
    expect(await rejection(stripe.refunds.create({ payment_intent: intent.id, amount: 0 }))).toMatchObject({
      statusCode: 400,
      code: 'parameter_invalid_integer',
    });
    expect(await rejection(stripe.refunds.retrieve('re_nope'))).toMatchObject({ statusCode: 404 });
  });

  test('an idempotency key replays the same refund and refunds once', async () => {
    const { intent, chargeId } = await paidIntent();
    const params = { payment_intent: intent.id, amount: 1200 };
    const first = await stripe.refunds.create(params, { idempotencyKey: 'press-1' });
    const again = await stripe.refunds.create(params, { idempotencyKey: 'press-1' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await stripe.charges.retrieve(chargeId)).amount_refunded).toBe(1200);
    const other = await rejection(
      stripe.refunds.create({ ...params, amount: 1300 }, { idempotencyKey: 'press-1' }),
    );
    expect(other.type).toBe('StripeIdempotencyError');
  });

  test('updating metadata emits refund.updated', async () => {
    const { intent } = await paidIntent();
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 100 });
    const updated = await stripe.refunds.update(refund.id, { metadata: { note: 'x' } });
    expect(updated.metadata).toEqual({ note: 'x' });
    expect(
      (await eventsOf('refund.updated')).map((event) => (event.data.object as Stripe.Refund).id),
    ).toEqual([refund.id]);
  });
});

describe('state saved before charges were objects', () => {
  test('an old payment keeps its charge id and can be refunded', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'local-stripe-refunds-'));
    const dataFile = join(directory, 'state.json');
    try {
      const before = makeLocal({ dataFile });
      stripe = sdkFor(before);
      const old = local;
      local = before;
      const { intent, chargeId } = await paidIntent();
      await before.close();
      await old.close();
      // What an earlier version wrote: no charges, refunds or disputes at all.
      const file = JSON.parse(readFileSync(dataFile, 'utf8')) as { state: Record<string, unknown> };
      delete file.state.charges;
      delete file.state.refunds;
      delete file.state.disputes;
      writeFileSync(dataFile, JSON.stringify(file));

      local = makeLocal({ dataFile });
      stripe = sdkFor(local);
      expect((await stripe.charges.retrieve(chargeId)).payment_intent).toBe(intent.id);
      const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 800 });
      expect(refund).toMatchObject({ charge: chargeId, amount: 800 });
      expect((await stripe.charges.retrieve(chargeId)).amount_refunded).toBe(800);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('disputes (test control)', () => {
  test('opening a dispute marks the charge and emits charge.dispute.created; it cannot be refunded', async () => {
    const { intent, chargeId } = await paidIntent();
    const opened = await call(local, 'POST', `/v1/test_helpers/charges/${chargeId}/dispute`, {
      reason: 'fraudulent',
    });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({
      object: 'dispute',
      amount: 4800,
      charge: chargeId,
      payment_intent: intent.id,
      reason: 'fraudulent',
      status: 'needs_response',
    });
    expect((await stripe.charges.retrieve(chargeId)).disputed).toBe(true);
    const [event] = await eventsOf('charge.dispute.created');
    if (event === undefined) throw new Error('no charge.dispute.created event');
    expect((event.data.object as Stripe.Dispute).id).toBe(opened.body.id);
    expect((await stripe.disputes.retrieve(String(opened.body.id))).charge).toBe(chargeId);
    expect(await rejection(stripe.refunds.create({ payment_intent: intent.id }))).toMatchObject({
      code: 'charge_disputed',
    });
    const twice = await call(local, 'POST', `/v1/test_helpers/charges/${chargeId}/dispute`);
    expect(errorOf(twice.body).code).toBe('charge_disputed');
    const unknown = await call(local, 'POST', '/v1/test_helpers/charges/ch_nope/dispute');
    expect(unknown.status).toBe(404);
  });
});
