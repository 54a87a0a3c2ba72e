import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDiscountRules } from '@/lib/checkout/discount-rules';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import { findOrderBySession, type Order } from './order';
import { getOrderHistory } from './order-history';
import { refundOrder } from './refunds';
import {
  createCustomer,
  createWorld,
  guest,
  pay,
  settleAsyncPayment,
  startCheckout,
  type World,
} from './test-support';

/**
 * The running app's path: the local Stripe signs and posts its own events to the webhook route
 * (its payload format, signature header and retries), with no test code in between.
 */
describe.each(TEST_DRIVERS)("the local Stripe's own deliveries on %s", (driver) => {
  const db = useTestStore(driver);
  let world: World;

  beforeAll(async () => {
    world = await createWorld(db.store, { deliverWebhooks: true });
  });
  afterAll(async () => {
    await world?.local.close();
  });

  it('a card payment becomes a paid order', async () => {
    const customer = await createCustomer(db.store);
    const sessionId = await startCheckout(world, customer, {
      items: [{ productId: 'ceramic-mug', quantity: 2 }],
    });
    await pay(world, sessionId);
    await world.local.flushWebhooks();
    expect(await findOrderBySession(db.store, sessionId)).toMatchObject({
      status: 'paid',
      amountTotal: 4800,
    });
  });

  it('a 100 % discount completes without payment details and becomes a paid order of 0', async () => {
    await seedDiscountRules(db.store, [
      {
        id: 'code-free100',
        kind: 'promotion_code',
        name: 'FREE100',
        code: 'FREE100',
        value: { type: 'percent', percent: 100 },
        exclusive: true,
      },
    ]);
    const shopper = guest();
    const sessionId = await startCheckout(world, shopper, {
      items: [{ productId: 'ceramic-mug', quantity: 1 }],
      email: 'free-order@example.com',
      code: 'FREE100',
    });
    await pay(world, sessionId, { method: 'none' });
    const session = await world.stripe.checkout.sessions.retrieve(sessionId);
    expect(session).toMatchObject({
      status: 'complete',
      payment_status: 'no_payment_required',
      amount_total: 0,
    });
    await world.local.flushWebhooks();
    expect(await findOrderBySession(db.store, sessionId)).toMatchObject({
      status: 'paid',
      amountSubtotal: 2400,
      amountDiscount: 2400,
      amountTotal: 0,
      amountMismatch: null,
      browserId: shopper.browserId,
    });
  });

  it('a konbini payment is a pending order until the payment arrives, then paid', async () => {
    const customer = await createCustomer(db.store);
    const sessionId = await startCheckout(world, customer, {
      items: [{ productId: 'pour-over-kit', quantity: 1 }],
      currency: 'jpy',
    });
    await pay(world, sessionId, { method: 'konbini' });
    await world.local.flushWebhooks();
    expect(await findOrderBySession(db.store, sessionId)).toMatchObject({
      status: 'pending',
      amountTotal: 7200,
    });

    await settleAsyncPayment(world, sessionId, 'succeeded');
    await world.local.flushWebhooks();
    expect(await findOrderBySession(db.store, sessionId)).toMatchObject({
      status: 'paid',
      amountTotal: 7200,
    });
    const { rows } = await db.store.query<{ paid_order_count: number }>(
      'SELECT paid_order_count FROM customers WHERE id = $1',
      [customer.customer?.id],
    );
    expect(rows[0]?.paid_order_count).toBe(1);
  });

  it('a full refund from the back office: the events make the order refunded and the tier goes', async () => {
    const customer = await createCustomer(db.store);
    const sessionId = await startCheckout(world, customer, {
      items: [{ productId: 'pour-over-kit', quantity: 1 }],
    });
    await pay(world, sessionId);
    await world.local.flushWebhooks();
    const order = (await findOrderBySession(db.store, sessionId)) as Order;
    const shopper = { customerId: customer.customer?.id ?? null, browserId: customer.browserId };
    expect((await getOrderHistory(db.store, shopper)).customer?.loyaltyTier?.percent).toBe(5);

    const deps = { store: db.store, stripe: world.stripe };
    const press = {
      orderId: order.id,
      amount: 4800,
      idempotencyKey: `press-${driver}`,
      requestedBy: 'admin:test',
    };
    const first = await refundOrder(deps, press);
    // A second click of the same form: the same refund, nothing more.
    expect(await refundOrder(deps, press)).toEqual(first);
    await world.local.flushWebhooks();
    expect(await findOrderBySession(db.store, sessionId)).toMatchObject({
      status: 'refunded',
      amountRefunded: 4800,
    });
    expect((await getOrderHistory(db.store, shopper)).customer).toMatchObject({
      paidOrderCount: 0,
      loyaltyTier: null,
    });
    expect(
      (await world.stripe.refunds.list({ payment_intent: order.paymentIntentId ?? '' })).data,
    ).toHaveLength(1);
    expect(world.log.lines).toEqual([]);
  });
});
