import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDiscountRules } from '@/lib/checkout/discount-rules';
import { paidOrderInHistory } from '@/lib/customers/history';
import { DEMO_RULES } from '@/lib/discounts';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import type { Store } from '@/lib/store/types';
import { insertOrder } from './order';
import { getOrderHistory } from './order-history';

async function placeOrder(
  store: Store,
  owner: { customerId: string | null; browserId: string },
  amountTotal = 2400,
): Promise<string> {
  const number = await insertOrder(
    store,
    {
      id: randomUUID(),
      cartId: null,
      sessionId: `cs_test_${randomUUID().replaceAll('-', '')}`,
      customerId: owner.customerId,
      email: 'someone@example.com',
      clientReferenceId: null,
      browserId: owner.browserId,
      currency: 'usd',
      amountSubtotal: amountTotal,
      amountDiscount: 0,
      amountTotal,
      status: 'paid',
      lines: [],
      discounts: [],
      amountMismatch: null,
      flags: [],
      paymentIntentId: null,
      paidAt: new Date(),
      failedAt: null,
    },
    // As fulfilment does: the history counted in the order's own insert.
    paidOrderInHistory({ ...owner, currency: 'usd', amountTotal }),
  );
  if (number === null) throw new Error('The session already has an order');
  return number;
}

describe.each(TEST_DRIVERS)('order history (/orders) on %s', (driver) => {
  const db = useTestStore(driver);
  const browserA = randomUUID();
  const browserB = randomUUID();
  const numbers: Record<string, string> = {};

  beforeAll(async () => {
    await seedDiscountRules(db.store, DEMO_RULES);
    for (const [id, paid] of [
      ['ana', 0],
      ['ben', 2],
    ] as const) {
      await db.store.query(
        'INSERT INTO customers (id, display_name, email, paid_order_count) VALUES ($1, $2, $3, $4)',
        [id, id.toUpperCase(), `${id}@example.com`, paid],
      );
    }
    // Ana paid in browser A and in browser B; a guest paid in browser A; Ben paid in browser B.
    numbers.anaInA = await placeOrder(db.store, { customerId: 'ana', browserId: browserA });
    numbers.anaInB = await placeOrder(db.store, { customerId: 'ana', browserId: browserB }, 4800);
    numbers.guestInA = await placeOrder(db.store, { customerId: null, browserId: browserA });
    numbers.benInB = await placeOrder(db.store, { customerId: 'ben', browserId: browserB });
  });

  const numbersOf = (history: Awaited<ReturnType<typeof getOrderHistory>>) =>
    history.orders.map((order) => order.number);

  it("a signed-in customer sees their own orders from every browser, and nobody else's", async () => {
    const history = await getOrderHistory(db.store, { customerId: 'ana', browserId: browserA });
    expect(numbersOf(history)).toEqual([numbers.anaInB, numbers.anaInA]);
    expect(history.customer).toEqual({
      displayName: 'ANA',
      paidOrderCount: 2,
      spend: { usd: 7200 },
      loyaltyTier: { percent: 5, name: 'Loyalty 5% off' },
    });
  });

  it('the loyalty tier follows the paid-order count (2 seeded + 1 paid = 3: 10 %)', async () => {
    const history = await getOrderHistory(db.store, { customerId: 'ben', browserId: browserB });
    expect(numbersOf(history)).toEqual([numbers.benInB]);
    expect(history.customer?.paidOrderCount).toBe(3);
    expect(history.customer?.loyaltyTier).toEqual({ percent: 10, name: 'Loyalty 10% off' });
  });

  it("a guest sees the guest orders paid in this browser, not a customer's orders made in it", async () => {
    const inA = await getOrderHistory(db.store, { customerId: null, browserId: browserA });
    expect(numbersOf(inA)).toEqual([numbers.guestInA]);
    expect(inA.customer).toBeNull();
    expect(numbersOf(await getOrderHistory(db.store, { customerId: null, browserId: browserB }))).toEqual([]);
  });

  it('a browser without a (valid) cookie or an unknown customer sees nothing', async () => {
    expect(numbersOf(await getOrderHistory(db.store, { customerId: null, browserId: '' }))).toEqual([]);
    expect(numbersOf(await getOrderHistory(db.store, { customerId: null, browserId: randomUUID() }))).toEqual(
      [],
    );
    expect(await getOrderHistory(db.store, { customerId: 'nobody', browserId: browserA })).toEqual({
      orders: [],
      customer: null,
    });
  });
});
