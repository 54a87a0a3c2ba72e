import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import type { Store } from '@/lib/store/types';
import { ADMIN_ORDERS_PAGE_SIZE, listAdminOrders } from './admin-orders';
import { insertOrder, type NewOrder } from './order';

type PlacedOrder = NewOrder & { number: string };

async function placeOrder(store: Store, overrides: Partial<NewOrder> = {}): Promise<PlacedOrder> {
  const order: NewOrder = {
    id: randomUUID(),
    cartId: null,
    sessionId: `cs_test_${randomUUID().replaceAll('-', '')}`,
    customerId: null,
    email: 'guest@example.com',
    clientReferenceId: null,
    browserId: randomUUID(),
    currency: 'usd',
    amountSubtotal: 2400,
    amountDiscount: 0,
    amountTotal: 2400,
    status: 'paid',
    lines: [],
    discounts: [],
    amountMismatch: null,
    flags: [],
    paymentIntentId: null,
    paidAt: new Date(),
    failedAt: null,
    ...overrides,
  };
  const number = await insertOrder(store, order);
  if (number === null) throw new Error(`Session ${order.sessionId} already has an order`);
  return { ...order, number };
}

describe.each(TEST_DRIVERS)('the back office order list on %s', (driver) => {
  const db = useTestStore(driver);
  const placed: PlacedOrder[] = [];
  beforeAll(async () => {
    for (let index = 0; index < ADMIN_ORDERS_PAGE_SIZE + 5; index += 1) {
      placed.push(
        await placeOrder(db.store, {
          status: index % 3 === 0 ? 'pending' : 'paid',
          clientReferenceId: index % 2 === 0 ? 'line_U1' : null,
        }),
      );
    }
  });

  it('lists every order newest first, a page at a time', async () => {
    const first = await listAdminOrders(db.store, { status: null, clientReferenceId: null, page: 1 });
    const second = await listAdminOrders(db.store, { status: null, clientReferenceId: null, page: 2 });
    expect(first.hasMore).toBe(true);
    expect(second.hasMore).toBe(false);
    const numbers = [...first.orders, ...second.orders].map((order) => order.number);
    expect(numbers).toEqual(placed.map((order) => order.number).reverse());
    expect(first.orders[0]).toMatchObject({
      amountRefunded: 0,
      email: 'guest@example.com',
      amountTotal: 2400,
    });
  });

  it('filters by status and by client_reference_id, together', async () => {
    const pending = await listAdminOrders(db.store, { status: 'pending', clientReferenceId: null, page: 1 });
    expect(pending.orders.map((order) => order.number)).toEqual(
      placed
        .filter((order) => order.status === 'pending')
        .map((order) => order.number)
        .reverse(),
    );
    const both = await listAdminOrders(db.store, { status: 'paid', clientReferenceId: 'line_U1', page: 1 });
    expect(both.orders.map((order) => order.number)).toEqual(
      placed
        .filter((order) => order.status === 'paid' && order.clientReferenceId === 'line_U1')
        .map((order) => order.number)
        .reverse(),
    );
    expect(
      (await listAdminOrders(db.store, { status: 'refunded', clientReferenceId: null, page: 1 })).orders,
    ).toEqual([]);
  });
});
