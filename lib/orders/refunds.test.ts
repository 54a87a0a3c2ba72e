import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Shopper } from '@/lib/checkout/shopper';
import { applyPromotionCode } from '@/lib/checkout/use-cases';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import { STRIPE_CALL_TIMEOUT_MS } from '@/lib/stripe/budget';
import { findOrderById, findOrderBySession, type Order } from './order';
import { getOrderHistory } from './order-history';
import { listOrderRefunds } from './refund-records';
import { getRefundSummary, refundOrder } from './refunds';
import {
  createCustomer,
  createWorld,
  deliver,
  eventFor,
  guest,
  pay,
  settleAsyncPayment,
  startCheckout,
  type World,
} from './test-support';

// Kit 48.00 + mug 24.00 = 72.00 USD: no automatic discount applies below 100.00.
const KIT_AND_MUG = [
  { productId: 'pour-over-kit' as const, quantity: 1 },
  { productId: 'ceramic-mug' as const, quantity: 1 },
];

const SECRET = 'sk_test_orders_world_0123456789';

describe.each(TEST_DRIVERS)('refunds and disputes on %s', (driver) => {
  const db = useTestStore(driver);
  let world: World;
  let keys = 0;
  const key = () => `press-${driver}-${++keys}-${Date.now()}`;

  beforeAll(async () => {
    world = await createWorld(db.store);
  });
  afterAll(async () => {
    await world?.local.close();
  });

  /** A paid order (the completed event delivered), for `shopper` or a new customer with no history. */
  async function paidOrder(shopper?: Shopper): Promise<{ order: Order; shopper: Shopper }> {
    const buyer = shopper ?? (await createCustomer(db.store));
    const sessionId = await startCheckout(world, buyer, { items: KIT_AND_MUG });
    await pay(world, sessionId);
    const delivered = await deliver(world, await eventFor(world, sessionId, 'checkout.session.completed'));
    expect(delivered.status).toBe(200);
    const order = await findOrderBySession(db.store, sessionId);
    if (order === null) throw new Error('no order');
    expect(order).toMatchObject({ status: 'paid', amountTotal: 7200, amountRefunded: 0 });
    return { order, shopper: buyer };
  }

  const deps = () => ({ store: db.store, stripe: world.stripe, log: world.log });
  const refund = (order: Order, amount: number, idempotencyKey = key()) =>
    refundOrder(deps(), { orderId: order.id, amount, idempotencyKey, requestedBy: 'admin:test' });
  const reload = async (order: Order) => (await findOrderById(db.store, order.id)) as Order;
  const charge = async (order: Order) =>
    world.stripe.charges.retrieve(
      String((await world.stripe.paymentIntents.retrieve(order.paymentIntentId ?? '')).latest_charge),
    );

  /** The events of `type` the local Stripe recorded about this order's payment, oldest first. */
  async function eventsFor(order: Order, type: Stripe.Event.Type): Promise<Stripe.Event[]> {
    const found: Stripe.Event[] = [];
    for await (const event of world.stripe.events.list({ type, limit: 100 })) {
      const object = event.data.object as { payment_intent?: string | null };
      if (object.payment_intent === order.paymentIntentId) found.push(event);
    }
    return found.reverse();
  }

  async function deliverAll(order: Order, type: Stripe.Event.Type) {
    const outcomes = [];
    for (const event of await eventsFor(order, type))
      outcomes.push((await deliver(world, event)).body.outcome);
    return outcomes;
  }

  async function history(shopper: Shopper) {
    const result = await getOrderHistory(db.store, {
      customerId: shopper.customer?.id ?? null,
      browserId: shopper.browserId,
    });
    return result.customer;
  }

  it('refunds a whole order once: the order, its refund row, Stripe and the events agree', async () => {
    const { order } = await paidOrder();
    const result = await refund(order, 7200);
    expect(result).toMatchObject({ amount: 7200, status: 'succeeded', amountRefunded: 7200 });
    expect(result.refundId).toMatch(/^re_/);
    expect(await reload(order)).toMatchObject({ status: 'refunded', amountRefunded: 7200 });
    expect((await charge(order)).amount_refunded).toBe(7200);
    const [row] = await listOrderRefunds(db.store, order.id);
    expect(row).toMatchObject({
      stripeRefundId: result.refundId,
      amount: 7200,
      status: 'succeeded',
      requestedBy: 'admin:test',
    });
    const refunded = await world.stripe.refunds.retrieve(result.refundId);
    expect(refunded.metadata).toMatchObject({ order_id: order.id, requested_by: 'admin:test' });

    // The events of our own refund, then their redelivery: nothing changes.
    expect(await deliverAll(order, 'refund.created')).toEqual(['order']);
    expect(await deliverAll(order, 'charge.refunded')).toEqual(['order']);
    expect(await deliverAll(order, 'charge.refunded')).toEqual(['duplicate']);
    expect(await reload(order)).toMatchObject({ status: 'refunded', amountRefunded: 7200 });
    expect(await listOrderRefunds(db.store, order.id)).toHaveLength(1);
  });

  it('refunds part, then the rest: partially_refunded, then refunded', async () => {
    const { order } = await paidOrder();
    expect(await refund(order, 2000)).toMatchObject({ amount: 2000, amountRefunded: 2000 });
    expect(await reload(order)).toMatchObject({ status: 'partially_refunded', amountRefunded: 2000 });
    expect(await refund(order, 5200)).toMatchObject({ amount: 5200, amountRefunded: 7200 });
    expect(await reload(order)).toMatchObject({ status: 'refunded', amountRefunded: 7200 });
    await expect(refund(order, 1)).rejects.toMatchObject({ code: 'order_not_refundable', status: 409 });
  });

  it('refuses more than is left with 422, naming the most, and changes nothing (no Stripe call)', async () => {
    const { order } = await paidOrder();
    await refund(order, 5000);
    const before = await requestCount('POST', '/v1/refunds');
    await expect(refund(order, 2201)).rejects.toMatchObject({
      code: 'refund_too_large',
      status: 422,
      message: `The most that can be refunded on order ${order.number} is $22.00.`,
      details: { maximum: 2200, currency: 'usd' },
    });
    expect(await requestCount('POST', '/v1/refunds')).toBe(before);
    expect(await reload(order)).toMatchObject({ status: 'partially_refunded', amountRefunded: 5000 });
    expect(await listOrderRefunds(db.store, order.id)).toHaveLength(1);
    expect((await charge(order)).amount_refunded).toBe(5000);
  });

  it('refuses bad input, unknown orders and orders that are not paid, changing nothing', async () => {
    const { order } = await paidOrder();
    for (const amount of [0, -1, 1.5, Number.NaN]) {
      await expect(refund(order, amount)).rejects.toMatchObject({ code: 'invalid_request', status: 400 });
    }
    await expect(refund(order, 100, '')).rejects.toMatchObject({ code: 'invalid_request' });
    const unknown = { ...order, id: '00000000-0000-4000-8000-000000000000' };
    await expect(refund(unknown, 100)).rejects.toMatchObject({ code: 'not_found', status: 404 });
    await expect(refund({ ...order, id: 'not-a-uuid' }, 100)).rejects.toMatchObject({ code: 'not_found' });

    // A konbini order still waiting for its payment.
    const shopper = guest();
    const sessionId = await startCheckout(world, shopper, {
      items: KIT_AND_MUG,
      currency: 'jpy',
      email: 'k@example.com',
    });
    await pay(world, sessionId, { method: 'konbini' });
    await deliver(world, await eventFor(world, sessionId, 'checkout.session.completed'));
    const pending = (await findOrderBySession(db.store, sessionId)) as Order;
    expect(pending.status).toBe('pending');
    await expect(refund(pending, 100)).rejects.toMatchObject({
      code: 'order_not_refundable',
      message: `Order ${pending.number} is still waiting for its payment; only paid orders can be refunded.`,
    });
    await settleAsyncPayment(world, sessionId, 'succeeded');
    await deliver(world, await eventFor(world, sessionId, 'checkout.session.async_payment_succeeded'));
    // Once paid, a konbini order's charge can be refunded (JPY has no minor units).
    expect(await refund(await reload(pending), 3600)).toMatchObject({ amountRefunded: 3600 });
    expect(await reload(pending)).toMatchObject({ status: 'partially_refunded' });
    expect(await listOrderRefunds(db.store, order.id)).toEqual([]);
  });

  it('a second press with the same key returns the same refund and refunds once', async () => {
    const { order } = await paidOrder();
    const press = key();
    const first = await refund(order, 3000, press);
    const again = await refund(order, 3000, press);
    expect(again).toEqual(first);
    expect((await charge(order)).amount_refunded).toBe(3000);
    expect(await listOrderRefunds(db.store, order.id)).toHaveLength(1);
    // The same key for another amount is a mistake of the form, not a new refund.
    await expect(refund(order, 4000, press)).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('two presses at once with the same key refund once', async () => {
    const { order } = await paidOrder();
    const press = key();
    const results = await Promise.allSettled([refund(order, 7200, press), refund(order, 7200, press)]);
    const ids = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.refundId] : []));
    expect(ids.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ids).size).toBe(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'refund_in_progress' });
    }
    expect((await charge(order)).amount_refunded).toBe(7200);
    expect(await reload(order)).toMatchObject({ status: 'refunded', amountRefunded: 7200 });
  });

  it('two different presses for the whole amount at once: one refund, the other refused', async () => {
    const { order } = await paidOrder();
    const results = await Promise.allSettled([refund(order, 7200), refund(order, 7200)]);
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({
      code: 'refund_too_large',
      message: expect.stringContaining('the most that can be refunded is $0.00'),
    });
    expect((await charge(order)).amount_refunded).toBe(7200);
    expect(await listOrderRefunds(db.store, order.id)).toHaveLength(1);
  });

  it('a timeout whose refund went through is found and recorded; one that was lost frees the amount', async () => {
    const { order } = await paidOrder();
    // Stripe applies the refund but its answer comes after the client gave up.
    await fault({
      path: '/v1/refunds',
      method: 'POST',
      kind: 'timeout',
      delay_ms: String(STRIPE_CALL_TIMEOUT_MS + 1_500),
    });
    const landed = await refund(order, 1000);
    expect(landed).toMatchObject({ amount: 1000, status: 'succeeded', amountRefunded: 1000 });
    expect(await listOrderRefunds(db.store, order.id)).toEqual([
      expect.objectContaining({ stripeRefundId: landed.refundId, status: 'succeeded' }),
    ]);
    // This time the request is lost on the way: nothing was refunded, nothing stays reserved.
    await fault({
      path: '/v1/refunds',
      method: 'POST',
      kind: 'timeout',
      delay_ms: String(STRIPE_CALL_TIMEOUT_MS + 1_500),
      execute: 'false',
    });
    await expect(refund(order, 6200)).rejects.toMatchObject({ code: 'stripe_timeout', status: 504 });
    // Stripe's 500 leaves the outcome as unknown as a timeout: read back, not made, released.
    await fault({ path: '/v1/refunds', method: 'POST', kind: 'server_error' });
    await expect(refund(order, 6200)).rejects.toMatchObject({ code: 'stripe_error', status: 502 });
    expect(await listOrderRefunds(db.store, order.id)).toHaveLength(1);
    expect(await refund(order, 6200)).toMatchObject({ amountRefunded: 7200 });
    expect((await charge(order)).amount_refunded).toBe(7200);
  }, 30_000);

  it('records a refund made in the Dashboard from its events, in any order, once', async () => {
    const { order } = await paidOrder();
    const outside = await world.stripe.refunds.create({
      payment_intent: order.paymentIntentId ?? '',
      amount: 1500,
    });
    // Before its events arrive, this order still shows 72.00 left; Stripe knows better.
    await expect(refund(order, 7200)).rejects.toMatchObject({
      code: 'refund_too_large',
      status: 422,
      message: expect.stringContaining('a refund may have been made in the Stripe Dashboard'),
    });
    expect(await listOrderRefunds(db.store, order.id)).toEqual([]);
    expect(await getRefundSummary(db.store, order.id)).toMatchObject({ amountRefunded: 0, refundable: 7200 });
    // charge.refunded first: the refunds are read back from Stripe.
    expect(await deliverAll(order, 'charge.refunded')).toEqual(['order']);
    expect(await reload(order)).toMatchObject({ status: 'partially_refunded', amountRefunded: 1500 });
    expect(await deliverAll(order, 'refund.created')).toEqual(['order']);
    const rows = await listOrderRefunds(db.store, order.id);
    expect(rows).toEqual([
      expect.objectContaining({
        stripeRefundId: outside.id,
        amount: 1500,
        status: 'succeeded',
        requestedBy: 'stripe',
      }),
    ]);
    // What is left takes the Dashboard refund into account.
    await expect(refund(order, 5701)).rejects.toMatchObject({ code: 'refund_too_large' });
    expect(await getRefundSummary(db.store, order.id)).toMatchObject({
      amountRefunded: 1500,
      amountOutstanding: 0,
      refundable: 5700,
      refunds: [expect.objectContaining({ stripeRefundId: outside.id })],
    });
    expect(await refund(order, 5700)).toMatchObject({ amountRefunded: 7200 });
    expect(await getRefundSummary(db.store, order.id)).toMatchObject({ amountRefunded: 7200, refundable: 0 });
    expect(await reload(order)).toMatchObject({ status: 'refunded' });
  });

  it('refund.updated alone records a Dashboard refund, read back from Stripe', async () => {
    const { order } = await paidOrder();
    const outside = await world.stripe.refunds.create({
      payment_intent: order.paymentIntentId ?? '',
      amount: 700,
      metadata: { requested_by: 'dashboard:alice' },
    });
    await world.stripe.refunds.update(outside.id, { metadata: { note: 'damaged in transit' } });
    expect(await deliverAll(order, 'refund.updated')).toEqual(['order']);
    expect(await reload(order)).toMatchObject({ status: 'partially_refunded', amountRefunded: 700 });
    expect(await listOrderRefunds(db.store, order.id)).toEqual([
      expect.objectContaining({ stripeRefundId: outside.id, amount: 700, requestedBy: 'dashboard:alice' }),
    ]);
    // The other events of the same refund find it recorded and change nothing more.
    await deliverAll(order, 'refund.created');
    await deliverAll(order, 'charge.refunded');
    expect(await reload(order)).toMatchObject({ status: 'partially_refunded', amountRefunded: 700 });
    expect(await listOrderRefunds(db.store, order.id)).toHaveLength(1);
  });

  it('ignores refund events for payments that have no order here', async () => {
    const { order } = await paidOrder();
    await world.stripe.refunds.create({ payment_intent: order.paymentIntentId ?? '', amount: 100 });
    const [event] = await eventsFor(order, 'charge.refunded');
    const foreign = structuredClone(event) as Stripe.Event;
    foreign.id = `evt_foreign_${driver}`;
    (foreign.data.object as Stripe.Charge).payment_intent = 'pi_someone_else';
    expect((await deliver(world, foreign)).body.outcome).toBe('ignored');
    expect(world.log.lines.some((line) => line.includes('pi_someone_else'))).toBe(true);
  });

  it('a stale charge.refunded delivered after a newer one changes nothing', async () => {
    const { order } = await paidOrder();
    await world.stripe.refunds.create({ payment_intent: order.paymentIntentId ?? '', amount: 1000 });
    await world.stripe.refunds.create({ payment_intent: order.paymentIntentId ?? '', amount: 6200 });
    const [older, newer] = await eventsFor(order, 'charge.refunded');
    expect(((newer as Stripe.Event).data.object as Stripe.Charge).amount_refunded).toBe(7200);
    expect((await deliver(world, newer as Stripe.Event)).body.outcome).toBe('order');
    expect(await reload(order)).toMatchObject({ status: 'refunded', amountRefunded: 7200 });
    expect((await deliver(world, older as Stripe.Event)).body.outcome).toBe('order');
    expect(await reload(order)).toMatchObject({ status: 'refunded', amountRefunded: 7200 });
    expect(await listOrderRefunds(db.store, order.id)).toHaveLength(2);
  });

  it('a dispute makes the order disputed; it cannot be refunded then', async () => {
    const { order } = await paidOrder();
    const chargeId = (await charge(order)).id;
    const opened = await world.local.handle({
      method: 'POST',
      path: `/v1/test_helpers/charges/${chargeId}/dispute`,
      headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'reason=fraudulent',
    });
    expect(opened.status).toBe(200);
    // Before the event arrives, Stripe itself refuses; the reservation is given back.
    await expect(refund(order, 100)).rejects.toMatchObject({
      code: 'order_not_refundable',
      status: 409,
      message: `Order ${order.number}'s payment is disputed: it cannot be refunded while the cardholder's bank handles the dispute.`,
    });
    expect(await listOrderRefunds(db.store, order.id)).toEqual([]);
    expect(await deliverAll(order, 'charge.dispute.created')).toEqual(['order']);
    expect(await reload(order)).toMatchObject({ status: 'disputed', chargeId });
    expect(world.log.lines.some((line) => line.includes(`Order ${order.number}: a dispute`))).toBe(true);
    expect(await deliverAll(order, 'charge.dispute.created')).toEqual(['duplicate']);
    await expect(refund(order, 100)).rejects.toMatchObject({ code: 'order_not_refundable', status: 409 });
  });

  it('a full refund takes the order out of loyalty tiers, a partial one does not; first-order codes still count it', async () => {
    // The demo "Returning" customer: exactly one paid order in its history, which is this one.
    const returning = await createCustomer(db.store);
    const { order } = await paidOrder(returning);
    expect(await history(returning)).toMatchObject({
      paidOrderCount: 1,
      spend: { usd: 7200 },
      loyaltyTier: { percent: 5 },
    });
    await refund(order, 1000);
    expect(await history(returning)).toMatchObject({
      paidOrderCount: 1,
      spend: { usd: 6200 },
      loyaltyTier: { percent: 5 },
    });
    await refund(order, 6200);
    expect(await history(returning)).toMatchObject({
      paidOrderCount: 0,
      spend: { usd: 0 },
      loyaltyTier: null,
    });
    // Redelivered events take nothing off twice.
    await deliverAll(order, 'charge.refunded');
    await deliverAll(order, 'refund.created');
    expect(await history(returning)).toMatchObject({
      paidOrderCount: 0,
      spend: { usd: 0 },
      loyaltyTier: null,
    });

    // The order happened: WELCOME10 (first order only) stays refused.
    const next = await startCheckout(world, returning, { items: KIT_AND_MUG });
    await expect(applyPromotionCode(world.checkout, returning, next, 'WELCOME10')).rejects.toMatchObject({
      code: 'first_order_only',
    });
  });

  async function fault(params: Record<string, string>) {
    const response = await world.local.handle({
      method: 'POST',
      path: '/v1/test_helpers/faults',
      headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
    if (response.status !== 200) throw new Error(`fault answered ${JSON.stringify(response.body)}`);
  }

  async function requestCount(method: string, path: string): Promise<number> {
    const response = await world.local.handle({
      method: 'GET',
      path: `/v1/test_helpers/requests?method=${method}&path=${encodeURIComponent(path)}`,
      headers: { authorization: `Bearer ${SECRET}` },
      body: '',
    });
    return Number((response.body as { count: number }).count);
  }
});
