import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as ordersApiRoute } from '@/app/api/orders/route';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import type { Store } from '@/lib/store/types';
import { insertOrder, type NewOrder } from './order';

type PlacedOrder = NewOrder & { number: string };

import { ORDERS_API_LIMIT } from './orders-api';

const TOKEN = 'orders-api-token-for-tests';

async function placeOrder(store: Store, overrides: Partial<NewOrder> = {}): Promise<PlacedOrder> {
  const order: NewOrder = {
    id: randomUUID(),
    cartId: null,
    sessionId: `cs_test_${randomUUID().replaceAll('-', '')}`,
    customerId: null,
    email: 'line-user@example.com',
    clientReferenceId: null,
    browserId: randomUUID(),
    currency: 'usd',
    amountSubtotal: 2400,
    amountDiscount: 0,
    amountTotal: 2400,
    status: 'paid',
    lines: [
      {
        description: 'Ceramic mug',
        quantity: 1,
        unitAmount: 2400,
        amountSubtotal: 2400,
        amountDiscount: 0,
        amountTotal: 2400,
        priceId: 'price_mug',
        lookupKey: 'ceramic-mug_usd',
      },
    ],
    discounts: [],
    amountMismatch: null,
    flags: [],
    paymentIntentId: 'pi_1',
    paidAt: new Date('2026-01-02T03:04:05Z'),
    failedAt: null,
    ...overrides,
  };
  const number = await insertOrder(store, order);
  if (number === null) throw new Error(`Session ${order.sessionId} already has an order`);
  return { ...order, number };
}

/** The route on the test's store; it must never need Stripe. */
function ordersApi(db: { store: Store }, token: string | null) {
  return ordersApiRoute.withDeps(async () => ({
    store: db.store,
    get stripe(): never {
      throw new Error('The orders API does not call Stripe');
    },
    webhookSecret: null,
    ordersApiToken: token,
  }));
}

function get(query: string, authorization?: string): Request {
  return new Request(`http://shop.test/api/orders${query}`, {
    headers: authorization === undefined ? {} : { authorization },
  });
}

describe.each(TEST_DRIVERS)('GET /api/orders on %s', (driver) => {
  const db = useTestStore(driver);
  const api = ordersApi(db, TOKEN);
  let mine: PlacedOrder[];

  beforeAll(async () => {
    const older = await placeOrder(db.store, { clientReferenceId: 'line_U123' });
    const newer = await placeOrder(db.store, {
      clientReferenceId: 'line_U123',
      status: 'pending',
      paidAt: null,
      currency: 'jpy',
      amountTotal: 3600,
    });
    await placeOrder(db.store, { clientReferenceId: 'line_U999' });
    await placeOrder(db.store);
    mine = [newer, older];
  });

  it.each([
    ['no Authorization header', undefined],
    ['a wrong token', `Bearer ${TOKEN}x`],
    ['the token without the Bearer scheme', TOKEN],
    ['a Basic credential', `Basic ${Buffer.from(`${TOKEN}:`).toString('base64')}`],
  ])('answers 401 to %s', async (_name, authorization) => {
    const response = await api(get('?client_reference_id=line_U123', authorization));
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('unauthorized');
  });

  it('answers 401 to everyone, the right-looking token included, while ORDERS_API_TOKEN is unset', async () => {
    const closed = ordersApi(db, null);
    for (const authorization of [undefined, 'Bearer ', `Bearer ${TOKEN}`, 'Bearer null']) {
      const response = await closed(get('?client_reference_id=line_U123', authorization));
      expect(response.status).toBe(401);
      expect((await response.json()).error.message).toContain('ORDERS_API_TOKEN');
    }
  });

  it('checks the token before the query: a bad query without a token is still a 401', async () => {
    expect((await api(get('?nonsense=1'))).status).toBe(401);
  });

  it.each([
    ['no client_reference_id', ''],
    ['an invalid client_reference_id', '?client_reference_id=bad%20value!'],
    ['an unknown parameter', '?client_reference_id=line_U123&limit=5'],
  ])('answers 400 to %s', async (_name, query) => {
    const response = await api(get(query, `Bearer ${TOKEN}`));
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('invalid_request');
  });

  it('returns the orders placed with that client_reference_id, newest first, and nothing else', async () => {
    const response = await api(get('?client_reference_id=line_U123', `bearer ${TOKEN}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/^no-store(, no-transform)?$/);
    const body = await response.json();
    expect(body).toMatchObject({ object: 'list', has_more: false });
    expect(body.data.map((order: { number: string }) => order.number)).toEqual(
      mine.map((order) => order.number),
    );
    expect(body.data[1]).toEqual({
      object: 'order',
      id: mine[1]?.id,
      number: mine[1]?.number,
      status: 'paid',
      client_reference_id: 'line_U123',
      checkout_session_id: mine[1]?.sessionId,
      payment_intent_id: 'pi_1',
      customer_id: null,
      email: 'line-user@example.com',
      currency: 'usd',
      amount_subtotal: 2400,
      amount_discount: 0,
      amount_total: 2400,
      amount_refunded: 0,
      lines: [
        {
          description: 'Ceramic mug',
          quantity: 1,
          unit_amount: 2400,
          amount_subtotal: 2400,
          amount_discount: 0,
          amount_total: 2400,
          price_id: 'price_mug',
          lookup_key: 'ceramic-mug_usd',
        },
      ],
      discounts: [],
      amount_mismatch: null,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      paid_at: '2026-01-02T03:04:05.000Z',
      failed_at: null,
      disputed_at: null,
    });
    expect(body.data[0]).toMatchObject({
      status: 'pending',
      currency: 'jpy',
      amount_total: 3600,
      paid_at: null,
    });
  });

  it('answers an unknown reference with an empty list', async () => {
    const response = await api(get('?client_reference_id=line_Unobody', `Bearer ${TOKEN}`));
    expect(await response.json()).toEqual({ object: 'list', data: [], has_more: false });
  });

  it(`returns at most ${ORDERS_API_LIMIT} orders and says there are more`, async () => {
    for (let index = 0; index <= ORDERS_API_LIMIT; index += 1) {
      await placeOrder(db.store, { clientReferenceId: 'line_Ubusy' });
    }
    const body = await (await api(get('?client_reference_id=line_Ubusy', `Bearer ${TOKEN}`))).json();
    expect(body.data).toHaveLength(ORDERS_API_LIMIT);
    expect(body.has_more).toBe(true);
  });
});
