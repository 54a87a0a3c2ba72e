import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import type { Queryable, Store } from '@/lib/store/types';
import { handleStripeEvent } from './fulfilment';
import { findOrderBySession } from './order';
import { readPaymentOutcome } from './payment-outcome';
import { createCustomer, createWorld, eventFor, guest, pay, startCheckout, type World } from './test-support';

/**
 * What one paid session's fulfilment costs the database, counted: under load every statement is app
 * CPU (a round trip, the driver's parsing) and database CPU, and one that commits also flushes the
 * WAL. A new order reads what it needs before Stripe is asked (whether the event was applied, the
 * session's order), then, in a transaction, locks the cart and writes everything in one statement:
 * the order and its number, the event's id, the cart's status, the code's redemption and the
 * customer's history. Before, the guest's took 11 statements and the customer's 13.
 *
 * The return page reads the cart and its order in one statement, and asks Stripe only until the
 * order is recorded as paid (before: 2 statements and a Stripe retrieve on every render, and the
 * page re-renders every second until the order number shows).
 */

function counting(store: Store, log: string[]): Store {
  const counted = (db: Queryable): Queryable => ({
    query: (sql, params) => {
      log.push(sql.trim().split(/\s+/, 1)[0] ?? '');
      return db.query(sql, params);
    },
  });
  return {
    driver: store.driver,
    query: counted(store).query,
    transaction: (fn) =>
      store.transaction(async (tx) => {
        log.push('BEGIN');
        try {
          return await fn(counted(tx));
        } finally {
          log.push('COMMIT');
        }
      }),
    close: () => store.close(),
  };
}

const KIT_AND_GRINDER = [
  { productId: 'pour-over-kit' as const, quantity: 1 },
  { productId: 'burr-grinder' as const, quantity: 1 },
];

describe.each(TEST_DRIVERS)('statements per fulfilment on %s', (driver) => {
  const db = useTestStore(driver);
  let world: World;

  beforeAll(async () => {
    world = await createWorld(db.store);
  });
  afterAll(async () => {
    await world?.local.close();
  });

  const fulfil = async (event: Stripe.Event) => {
    const log: string[] = [];
    const outcome = await handleStripeEvent(
      { store: counting(db.store, log), stripe: world.stripe, log: world.log },
      event,
    );
    return { outcome, log };
  };

  const NEW_ORDER = [
    'SELECT', // the event applied before? the session's order? (then Stripe is read)
    'BEGIN',
    'SELECT', // the cart, locked
    'WITH', // the order, the event, the cart's status, the reservations redeemed, the history
    'COMMIT',
  ];

  it('a signed-in customer paying with a limited code: 5 statements (13 before)', async () => {
    const customer = await createCustomer(db.store);
    const sessionId = await startCheckout(world, customer, { items: KIT_AND_GRINDER, code: 'SAVE20' });
    await pay(world, sessionId);
    const { outcome, log } = await fulfil(await eventFor(world, sessionId, 'checkout.session.completed'));
    expect(log).toEqual(NEW_ORDER);
    expect(outcome).toMatchObject({ kind: 'order', status: 'paid', changed: true });
    // Everything the separate statements wrote is still written.
    const { rows } = await db.store.query<{ cart: string; redemption: string; paid: number; spend: number }>(
      `SELECT c.status AS cart, r.status AS redemption, cu.paid_order_count AS paid, s.amount AS spend
       FROM carts c JOIN redemptions r ON r.cart_id = c.id JOIN customers cu ON cu.id = c.customer_id
       JOIN customer_spend s ON s.customer_id = cu.id WHERE c.stripe_session_id = $1`,
      [sessionId],
    );
    expect(rows).toEqual([{ cart: 'complete', redemption: 'redeemed', paid: 1, spend: 13800 }]);
    expect((await findOrderBySession(db.store, sessionId))?.number).toBe(
      outcome.kind === 'order' ? outcome.orderNumber : null,
    );
  });

  it('a guest paying: 5 statements (11 before); the redelivery 1, and no Stripe call', async () => {
    const sessionId = await startCheckout(world, guest(), {
      items: KIT_AND_GRINDER,
      email: 'guest@example.com',
    });
    await pay(world, sessionId);
    const event = await eventFor(world, sessionId, 'checkout.session.completed');
    const { outcome, log } = await fulfil(event);
    expect(log).toEqual(NEW_ORDER);
    expect(outcome).toMatchObject({ kind: 'order', status: 'paid', changed: true });
    const retrieve = vi.spyOn(world.stripe.checkout.sessions, 'retrieve');
    try {
      const again = await fulfil(event);
      expect(again).toEqual({ outcome: { kind: 'duplicate' }, log: ['SELECT'] });
      expect(retrieve).not.toHaveBeenCalled();
    } finally {
      retrieve.mockRestore();
    }
  });

  it('copies of one event delivered at once cost no order number: the next order takes the next one', async () => {
    const first = await startCheckout(world, guest(), { items: KIT_AND_GRINDER, email: 'guest@example.com' });
    await pay(world, first);
    const event = await eventFor(world, first, 'checkout.session.completed');
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => fulfil(event)));
    expect(outcomes.filter(({ outcome }) => outcome.kind === 'order')).toHaveLength(1);
    const second = await startCheckout(world, guest(), {
      items: KIT_AND_GRINDER,
      email: 'guest@example.com',
    });
    await pay(world, second);
    await fulfil(await eventFor(world, second, 'checkout.session.completed'));
    const numbers = await Promise.all([first, second].map((id) => findOrderBySession(db.store, id)));
    expect(Number(numbers[1]?.number) - Number(numbers[0]?.number)).toBe(1);
  });

  it('the return page: 1 statement and a Stripe retrieve until the order is paid, then 1 statement alone', async () => {
    const shopper = guest();
    const sessionId = await startCheckout(world, shopper, {
      items: KIT_AND_GRINDER,
      email: 'guest@example.com',
    });
    await pay(world, sessionId);
    const retrieve = vi.spyOn(world.stripe.checkout.sessions, 'retrieve');
    try {
      const show = async (browserId = shopper.browserId) => {
        const log: string[] = [];
        retrieve.mockClear();
        const outcome = await readPaymentOutcome(
          { store: counting(db.store, log), stripe: world.stripe },
          { browserId },
          sessionId,
        );
        return { outcome, log, stripeCalls: retrieve.mock.calls.length };
      };
      const early = await show();
      expect(early).toMatchObject({ log: ['SELECT'], stripeCalls: 1 });
      expect(early.outcome).toMatchObject({
        kind: 'found',
        checkout: { status: 'complete', paid: true, email: 'guest@example.com' },
        orderNumber: null,
      });
      if (early.outcome.kind !== 'found') throw new Error('not found');

      await fulfil(await eventFor(world, sessionId, 'checkout.session.completed'));
      const order = await findOrderBySession(db.store, sessionId);
      const recorded = await show();
      expect(recorded).toMatchObject({ log: ['SELECT'], stripeCalls: 0 });
      // The same page as Stripe's session gave, and now the order number.
      expect(recorded.outcome).toEqual({ ...early.outcome, orderNumber: order?.number });

      expect(await show('another-browser')).toMatchObject({ outcome: { kind: 'unknown' }, stripeCalls: 0 });
    } finally {
      retrieve.mockRestore();
    }
  });

  it('the return page of an order waiting for a konbini payment still asks Stripe', async () => {
    const shopper = guest();
    const sessionId = await startCheckout(world, shopper, {
      items: KIT_AND_GRINDER,
      currency: 'jpy',
      email: 'guest@example.com',
    });
    await pay(world, sessionId, { method: 'konbini' });
    await fulfil(await eventFor(world, sessionId, 'checkout.session.completed'));
    const order = await findOrderBySession(db.store, sessionId);
    expect(order?.status).toBe('pending');
    const retrieve = vi.spyOn(world.stripe.checkout.sessions, 'retrieve');
    try {
      const outcome = await readPaymentOutcome({ store: db.store, stripe: world.stripe }, shopper, sessionId);
      expect(retrieve).toHaveBeenCalledTimes(1);
      expect(outcome).toMatchObject({
        checkout: { status: 'complete', paid: false },
        orderNumber: order?.number,
      });
    } finally {
      retrieve.mockRestore();
    }
  });
});
