import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { LocalStripe } from './local-stripe';
import { call, confirmWithCard, makeLocal, RETURN_URL, rejection, sdkFor, seedCatalog } from './test-harness';

let local: LocalStripe;
let stripe: Stripe;
let catalog: Awaited<ReturnType<typeof seedCatalog>>;

beforeEach(async () => {
  local = makeLocal();
  stripe = sdkFor(local);
  catalog = await seedCatalog(stripe);
});

afterEach(async () => {
  await local.close();
});

function createSession(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return stripe.checkout.sessions.create({
    ui_mode: 'elements',
    mode: 'payment',
    line_items: [
      { price: catalog.kitUsd.id, quantity: 1 },
      { price: catalog.grinderUsd.id, quantity: 1 },
    ],
    return_url: RETURN_URL,
    permissions: {
      update_discounts: 'server_only',
      update_line_items: 'server_only',
      update_shipping_details: 'server_only',
    },
    ...overrides,
  });
}

describe('create and retrieve', () => {
  test('creates an open elements session with Stripe ids, client secret and totals', async () => {
    const session = await createSession({
      client_reference_id: 'cart_123',
      customer_email: 'shopper@example.com',
      metadata: { cart: 'cart_123' },
      shipping_address_collection: { allowed_countries: ['US', 'JP'] },
    });
    expect(session.id).toMatch(/^cs_test_\w{58}$/);
    expect(session.client_secret).toMatch(new RegExp(`^${session.id}_secret_\\w+$`));
    expect(session).toMatchObject({
      object: 'checkout.session',
      livemode: false,
      status: 'open',
      payment_status: 'unpaid',
      mode: 'payment',
      ui_mode: 'elements',
      url: null,
      currency: 'usd',
      amount_subtotal: 16800,
      amount_total: 16800,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      client_reference_id: 'cart_123',
      customer_email: 'shopper@example.com',
      metadata: { cart: 'cart_123' },
      return_url: RETURN_URL,
      discounts: [],
      shipping_address_collection: { allowed_countries: ['US', 'JP'] },
      permissions: {
        update_discounts: 'server_only',
        update_line_items: 'server_only',
        update_shipping_details: 'server_only',
      },
    });
    expect(session.line_items).toBeUndefined();
    expect(session.expires_at - session.created).toBe(24 * 60 * 60);
  });

  test('line items by price_data create ad-hoc prices that keep the given amounts', async () => {
    const session = await createSession({
      line_items: [
        { price: catalog.mugUsd.id, quantity: 2 },
        {
          price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'Gift wrap' } },
          quantity: 1,
        },
        { price_data: { currency: 'usd', unit_amount: 1500, product: catalog.kit.id }, quantity: 1 },
      ],
      expand: ['line_items'],
    });
    expect(session.amount_subtotal).toBe(2400 * 2 + 500 + 1500);
    const items = session.line_items?.data ?? [];
    expect(items.map((item) => [item.description, item.quantity, item.amount_subtotal])).toEqual([
      ['Ceramic mug', 2, 4800],
      ['Gift wrap', 1, 500],
      ['Pour-over coffee kit', 1, 1500],
    ]);
    expect(items.every((item) => /^li_\w+$/.test(item.id))).toBe(true);
    expect(items[1]?.price).toMatchObject({
      object: 'price',
      unit_amount: 500,
      active: false,
      type: 'one_time',
    });
  });

  test('retrieve expands line items, prices, products, the customer and the discount breakdown', async () => {
    const customer = await stripe.customers.create({ email: 'gold@example.com', name: 'Gold' });
    const created = await createSession({
      customer: customer.id,
      discounts: [{ coupon: (await stripe.coupons.create({ percent_off: 10, name: 'Ten' })).id }],
    });
    const session = await stripe.checkout.sessions.retrieve(created.id, {
      expand: ['line_items.data.price.product', 'customer', 'total_details.breakdown'],
    });
    expect(session.customer).toMatchObject({
      id: customer.id,
      object: 'customer',
      email: 'gold@example.com',
    });
    const [first] = session.line_items?.data ?? [];
    expect(first?.price?.product).toMatchObject({ object: 'product', name: 'Pour-over coffee kit' });
    expect(session.total_details?.breakdown?.discounts).toEqual([
      expect.objectContaining({
        amount: 1680,
        discount: expect.objectContaining({
          object: 'discount',
          source: expect.objectContaining({ type: 'coupon' }),
        }),
      }),
    ]);
    expect(session.customer_details?.email).toBe('gold@example.com');
  });

  test('unknown expansions are refused', async () => {
    const session = await createSession();
    const error = await rejection(stripe.checkout.sessions.retrieve(session.id, { expand: ['nonsense'] }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.message).toBe('This property cannot be expanded (nonsense).');
  });

  test('expires_at must be between 30 minutes and 24 hours away', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const expiresAt of [now + 10 * 60, now + 25 * 60 * 60]) {
      const error = await rejection(createSession({ expires_at: expiresAt }));
      expect(error).toMatchObject({ type: 'StripeInvalidRequestError', param: 'expires_at' });
    }
    const session = await createSession({ expires_at: now + 60 * 60 });
    expect(session.expires_at).toBe(now + 60 * 60);
  });

  test('only elements sessions in payment mode are modelled', async () => {
    const hosted = await rejection(createSession({ ui_mode: 'hosted_page' }));
    expect(hosted).toMatchObject({
      param: 'ui_mode',
      message: expect.stringContaining("ui_mode: 'elements'"),
    });
    const setup = await rejection(createSession({ mode: 'setup' }));
    expect(setup).toMatchObject({ param: 'mode' });
  });

  test('totals below the minimum charge are refused, in the currency of the session', async () => {
    const cheap = await stripe.prices.create({ product: catalog.mug.id, currency: 'jpy', unit_amount: 30 });
    const error = await rejection(createSession({ line_items: [{ price: cheap.id, quantity: 1 }] }));
    expect(error).toMatchObject({ code: 'amount_too_small', message: expect.stringContaining('¥50 jpy') });
  });

  test('lists sessions newest first, filtered by status', async () => {
    const first = await createSession();
    const second = await createSession();
    await stripe.checkout.sessions.expire(first.id);
    const open = await stripe.checkout.sessions.list({ status: 'open' });
    expect(open.data.map((session) => session.id)).toEqual([second.id]);
    const all = await stripe.checkout.sessions.list({ limit: 1 });
    expect(all).toMatchObject({ object: 'list', has_more: true, url: '/v1/checkout/sessions' });
    expect(all.data[0]?.id).toBe(second.id);
  });
});

describe('totals', () => {
  test.each([
    {
      name: 'USD amount off, allocated by largest remainder',
      currency: 'usd' as const,
      coupon: { amount_off: 1000, currency: 'usd', name: 'Spend $100, save $10' },
      subtotal: 16800,
      discount: 1000,
      lines: [
        [4800, 286, 4514],
        [12000, 714, 11286],
      ],
    },
    {
      name: 'USD percent off',
      currency: 'usd' as const,
      coupon: { percent_off: 10, name: 'WELCOME10' },
      subtotal: 16800,
      discount: 1680,
      lines: [
        [4800, 480, 4320],
        [12000, 1200, 10800],
      ],
    },
    {
      name: 'JPY amount off (zero-decimal)',
      currency: 'jpy' as const,
      coupon: { amount_off: 1500, currency: 'jpy', name: 'Spend ¥15,000, save ¥1,500' },
      subtotal: 25200,
      discount: 1500,
      lines: [
        [7200, 429, 6771],
        [18000, 1071, 16929],
      ],
    },
    {
      name: 'JPY percent off rounds to whole yen',
      currency: 'jpy' as const,
      coupon: { percent_off: 12.5, name: '12.5%' },
      subtotal: 25200,
      discount: 3150,
      lines: [
        [7200, 900, 6300],
        [18000, 2250, 15750],
      ],
    },
    {
      name: 'amount off larger than the order never goes below zero',
      currency: 'usd' as const,
      coupon: { amount_off: 50000, currency: 'usd', name: 'Everything' },
      subtotal: 16800,
      discount: 16800,
      lines: [
        [4800, 4800, 0],
        [12000, 12000, 0],
      ],
    },
  ])('$name', async ({ currency, coupon, subtotal, discount, lines }) => {
    const prices =
      currency === 'usd' ? [catalog.kitUsd, catalog.grinderUsd] : [catalog.kitJpy, catalog.grinderJpy];
    const session = await createSession({
      line_items: prices.map((price) => ({ price: price.id, quantity: 1 })),
      discounts: [{ coupon_data: { ...coupon, duration: 'once' } }],
      expand: ['line_items'],
    });
    expect(session.currency).toBe(currency);
    expect(session.amount_subtotal).toBe(subtotal);
    expect(session.total_details?.amount_discount).toBe(discount);
    expect(session.amount_total).toBe(subtotal - discount);
    expect(
      session.line_items?.data.map((item) => [item.amount_subtotal, item.amount_discount, item.amount_total]),
    ).toEqual(lines);
  });

  test('a coupon restricted to products discounts only those lines', async () => {
    const coupon = await stripe.coupons.create({
      percent_off: 50,
      applies_to: { products: [catalog.kit.id] },
    });
    const session = await createSession({ discounts: [{ coupon: coupon.id }], expand: ['line_items'] });
    expect(session.total_details?.amount_discount).toBe(2400);
    expect(session.line_items?.data.map((item) => item.amount_discount)).toEqual([2400, 0]);
  });
});

describe('update', () => {
  test('line items: kept by id (with a new quantity), added by price_data, dropped by omission', async () => {
    const session = await createSession({ expand: ['line_items'] });
    const [kit, grinder] = session.line_items?.data ?? [];
    if (!kit || !grinder) throw new Error('expected two line items');

    const updated = await stripe.checkout.sessions.update(session.id, {
      line_items: [
        { id: kit.id, quantity: 2 },
        {
          price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'Gift wrap' } },
          quantity: 1,
        },
      ],
      expand: ['line_items'],
    });
    const items = updated.line_items?.data ?? [];
    expect(items.map((item) => [item.id === kit.id, item.description, item.quantity])).toEqual([
      [true, 'Pour-over coffee kit', 2],
      [false, 'Gift wrap', 1],
    ]);
    expect(items.some((item) => item.id === grinder.id)).toBe(false);
    expect(updated.amount_subtotal).toBe(9600 + 500);

    // Keeping every item by id in a new order changes only the order.
    const giftWrap = items[1];
    if (!giftWrap) throw new Error('expected the gift wrap');
    const reordered = await stripe.checkout.sessions.update(session.id, {
      line_items: [{ id: giftWrap.id }, { id: kit.id }],
      expand: ['line_items'],
    });
    expect(reordered.line_items?.data.map((item) => item.id)).toEqual([giftWrap.id, kit.id]);
    expect(reordered.amount_subtotal).toBe(10100);
  });

  test('an unknown line item id is refused and changes nothing', async () => {
    const session = await createSession();
    const error = await rejection(
      stripe.checkout.sessions.update(session.id, {
        line_items: [{ price: catalog.mugUsd.id, quantity: 1 }, { id: 'li_doesnotexist' }],
        metadata: { touched: 'yes' },
      }),
    );
    expect(error).toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'resource_missing',
      param: 'line_items[1][id]',
    });
    const after = await stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] });
    expect(after.line_items?.data).toHaveLength(2);
    expect(after.metadata).toEqual({});
  });

  test('the update response omits line items unless expanded', async () => {
    const session = await createSession();
    const updated = await stripe.checkout.sessions.update(session.id, { metadata: { a: '1' } });
    expect(updated.line_items).toBeUndefined();
    expect(updated.metadata).toEqual({ a: '1' });
    const cleared = await stripe.checkout.sessions.update(session.id, { metadata: { a: '', b: '2' } });
    expect(cleared.metadata).toEqual({ b: '2' });
  });

  test('discounts: coupon, inline coupon_data, replacement and clearing with an empty value', async () => {
    const session = await createSession();
    const coupon = await stripe.coupons.create({ amount_off: 2000, currency: 'usd', name: 'SAVE20' });

    const withCoupon = await stripe.checkout.sessions.update(session.id, {
      discounts: [{ coupon: coupon.id }],
    });
    expect(withCoupon.discounts).toEqual([{ coupon: coupon.id, promotion_code: null }]);
    expect(withCoupon.amount_total).toBe(14800);

    const inline = await stripe.checkout.sessions.update(session.id, {
      discounts: [
        {
          coupon_data: {
            amount_off: 3000,
            currency: 'usd',
            duration: 'once',
            name: 'WELCOME10 + Spend $100',
          },
        },
      ],
      expand: ['total_details.breakdown'],
    });
    expect(inline.amount_total).toBe(13800);
    const [entry] = inline.total_details?.breakdown?.discounts ?? [];
    expect(entry?.amount).toBe(3000);
    expect(entry?.discount.source.coupon).toMatchObject({ name: 'WELCOME10 + Spend $100', amount_off: 3000 });

    const cleared = await stripe.checkout.sessions.update(session.id, { discounts: '' });
    expect(cleared.discounts).toEqual([]);
    expect(cleared.total_details?.amount_discount).toBe(0);
    expect(cleared.amount_total).toBe(16800);
  });

  test('at most one discount', async () => {
    const session = await createSession();
    const a = await stripe.coupons.create({ percent_off: 5 });
    const b = await stripe.coupons.create({ percent_off: 10 });
    const error = await rejection(
      stripe.checkout.sessions.update(session.id, { discounts: [{ coupon: a.id }, { coupon: b.id }] }),
    );
    expect(error).toMatchObject({ type: 'StripeInvalidRequestError', param: 'discounts' });
  });

  test('discount updates and update_discounts need the checkout_server_update_beta flag', async () => {
    const plain = sdkFor(local, { apiVersion: '2026-08-26.preview' });
    const session = await createSession();
    const update = await rejection(plain.checkout.sessions.update(session.id, { discounts: '' }));
    expect(update).toMatchObject({ code: 'parameter_unknown', param: 'discounts', statusCode: 400 });
    expect(update.message).toContain('checkout_server_update_beta');
    const create = await rejection(
      plain.checkout.sessions.create({
        ui_mode: 'elements',
        mode: 'payment',
        return_url: RETURN_URL,
        line_items: [{ price: catalog.kitUsd.id, quantity: 1 }],
        permissions: { update_discounts: 'server_only' },
      }),
    );
    expect(create).toMatchObject({ code: 'parameter_unknown', param: 'permissions[update_discounts]' });
    // Line items and shipping details do not need the flag.
    const ok = await plain.checkout.sessions.update(session.id, {
      line_items: [{ price: catalog.mugUsd.id, quantity: 1 }],
    });
    expect(ok.amount_total).toBe(2400);
  });

  test('server updates of line items and shipping details need their permission to be server_only', async () => {
    const address = { line1: '1 Main St', city: 'Springfield', postal_code: '12345', country: 'US' };
    for (const permissions of [
      {
        update_discounts: 'server_only',
        update_line_items: 'client_only',
        update_shipping_details: 'client_only',
      },
      undefined,
    ] as const) {
      const session = await createSession({
        shipping_address_collection: { allowed_countries: ['US'] },
        ...(permissions === undefined ? { permissions: undefined } : { permissions }),
      });
      const lines = await rejection(
        stripe.checkout.sessions.update(session.id, {
          line_items: [{ price: catalog.mugUsd.id, quantity: 1 }],
          metadata: { touched: 'yes' },
        }),
      );
      expect(lines).toMatchObject({
        type: 'StripeInvalidRequestError',
        statusCode: 400,
        param: 'line_items',
        message: expect.stringContaining('permissions[update_line_items]=server_only'),
      });
      const shipping = await rejection(
        stripe.checkout.sessions.update(session.id, {
          collected_information: { shipping_details: { name: 'Pat', address } },
        }),
      );
      expect(shipping).toMatchObject({
        type: 'StripeInvalidRequestError',
        statusCode: 400,
        param: 'collected_information[shipping_details]',
        message: expect.stringContaining('permissions[update_shipping_details]=server_only'),
      });
      // Refused means unchanged: the lines, the metadata and the (absent) address are as created.
      const after = await stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] });
      expect(after.line_items?.data.map((item) => item.description)).toEqual([
        'Pour-over coffee kit',
        'Burr grinder',
      ]);
      expect(after.metadata).toEqual({});
      expect(after.collected_information?.shipping_details ?? null).toBeNull();
    }
    // The same updates pass once the session was created with the permissions.
    const allowed = await createSession({ shipping_address_collection: { allowed_countries: ['US'] } });
    const updated = await stripe.checkout.sessions.update(allowed.id, {
      line_items: [{ price: catalog.mugUsd.id, quantity: 1 }],
      collected_information: { shipping_details: { name: 'Pat', address } },
    });
    expect(updated.amount_total).toBe(2400);
  });

  test("an unknown beta in Stripe-Version is refused on beta parameters, with Stripe's error shape", async () => {
    const unknownBeta = sdkFor(local, {
      apiVersion: '2026-08-26.preview; checkout_server_update_beta=v1; checkout_made_up_beta=v2',
    });
    const session = await createSession();
    const update = await rejection(unknownBeta.checkout.sessions.update(session.id, { discounts: '' }));
    expect(update).toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'invalid_beta',
      message: expect.stringContaining('checkout_made_up_beta'),
    });
    const create = await rejection(
      unknownBeta.checkout.sessions.create({
        ui_mode: 'elements',
        mode: 'payment',
        return_url: RETURN_URL,
        line_items: [{ price: catalog.kitUsd.id, quantity: 1 }],
        permissions: { update_discounts: 'server_only' },
      }),
    );
    expect(create).toMatchObject({ type: 'StripeInvalidRequestError', code: 'invalid_beta' });
    const sessions = await stripe.checkout.sessions.list();
    expect(sessions.data.map((listed) => listed.id)).toEqual([session.id]);
    // Without beta parameters the header is not consulted: a plain update still goes through.
    const plain = await unknownBeta.checkout.sessions.update(session.id, { metadata: { a: '1' } });
    expect(plain.metadata).toEqual({ a: '1' });
  });

  test('shipping details are validated against allowed_countries', async () => {
    const session = await createSession({ shipping_address_collection: { allowed_countries: ['US', 'JP'] } });
    const address = { line1: '1-1 Chiyoda', city: 'Tokyo', postal_code: '100-0001', country: 'JP' };
    const updated = await stripe.checkout.sessions.update(session.id, {
      collected_information: { shipping_details: { name: 'Hanako', address } },
    });
    expect(updated.collected_information?.shipping_details).toEqual({
      name: 'Hanako',
      address: { ...address, line2: null, state: null },
    });
    const error = await rejection(
      stripe.checkout.sessions.update(session.id, {
        collected_information: { shipping_details: { name: 'Jean', address: { ...address, country: 'FR' } } },
      }),
    );
    expect(error).toMatchObject({ param: 'collected_information[shipping_details][address][country]' });
  });

  test('complete and expired sessions refuse updates with a message that says why', async () => {
    const expired = await createSession();
    const afterExpire = await stripe.checkout.sessions.expire(expired.id);
    expect(afterExpire.status).toBe('expired');
    const expiredError = await rejection(
      stripe.checkout.sessions.update(expired.id, { metadata: { a: '1' } }),
    );
    expect(expiredError).toMatchObject({ statusCode: 400, message: expect.stringContaining('has expired') });
    const again = await rejection(stripe.checkout.sessions.expire(expired.id));
    expect(again.message).toContain('expired');

    const paid = await createSession({ customer_email: 'a@example.com' });
    const confirm = await confirmWithCard(local, paid);
    expect(confirm.status).toBe(200);
    const completeError = await rejection(stripe.checkout.sessions.update(paid.id, { metadata: { a: '1' } }));
    expect(completeError.message).toContain('already complete');
  });

  test('sessions expire on their own clock and the listing shows it', async () => {
    const session = await createSession({ expires_at: Math.floor(Date.now() / 1000) + 30 * 60 });
    const advanced = await call(
      local,
      'POST',
      `/v1/test_helpers/checkout/sessions/${session.id}/advance_clock`,
      {
        seconds: 30 * 60,
      },
    );
    expect(advanced.body).toMatchObject({ status: 'expired' });
    const retrieved = await stripe.checkout.sessions.retrieve(session.id);
    expect(retrieved.status).toBe('expired');
    const events = await stripe.events.list({ type: 'checkout.session.expired' });
    expect(events.data.map((event) => (event.data.object as Stripe.Checkout.Session).id)).toEqual([
      session.id,
    ]);
  });
});

describe('expiry without an access', () => {
  // The sweep before each request walks the sessions only once one can be due: a session must still
  // expire (and its event be sent) when its time comes, with no request naming it.
  test('a session expires at its time, its own clock included, while other requests are served', async () => {
    let nowMs = Date.now();
    const clocked = makeLocal({ now: () => nowMs });
    const sdk = sdkFor(clocked);
    try {
      const prices = await seedCatalog(sdk);
      const start = Math.floor(nowMs / 1000);
      const create = (minutes: number) =>
        sdk.checkout.sessions.create({
          ui_mode: 'elements',
          mode: 'payment',
          line_items: [{ price: prices.kitUsd.id, quantity: 1 }],
          return_url: RETURN_URL,
          expires_at: start + minutes * 60,
        });
      const soon = await create(40);
      const later = await create(120);
      const ahead = await create(180);
      await call(clocked, 'POST', `/v1/test_helpers/checkout/sessions/${ahead.id}/advance_clock`, {
        seconds: 150 * 60,
      });
      const expiredIds = async () => {
        await sdk.prices.list({ limit: 1 }); // any request, about none of the sessions
        const events = await sdk.events.list({ type: 'checkout.session.expired' });
        return events.data.map((event) => (event.data.object as Stripe.Checkout.Session).id).sort();
      };
      expect(await expiredIds()).toEqual([]);
      // Its own clock is 150 minutes ahead: due 30 minutes after the start, before the first one.
      nowMs += 31 * 60 * 1000;
      expect(await expiredIds()).toEqual([ahead.id]);
      nowMs += 10 * 60 * 1000;
      expect(await expiredIds()).toEqual([soon.id, ahead.id].sort());
      nowMs += 80 * 60 * 1000;
      expect(await expiredIds()).toEqual([soon.id, ahead.id, later.id].sort());
    } finally {
      await clocked.close();
    }
  });
});

describe('line items list', () => {
  test('paginates the session line items in order', async () => {
    const session = await createSession({
      line_items: [
        { price: catalog.kitUsd.id, quantity: 1 },
        { price: catalog.grinderUsd.id, quantity: 2 },
        { price: catalog.mugUsd.id, quantity: 3 },
      ],
    });
    const page = await stripe.checkout.sessions.listLineItems(session.id, { limit: 2 });
    expect(page).toMatchObject({
      object: 'list',
      has_more: true,
      url: `/v1/checkout/sessions/${session.id}/line_items`,
    });
    expect(page.data.map((item) => item.quantity)).toEqual([1, 2]);
    const next = await stripe.checkout.sessions.listLineItems(session.id, {
      limit: 2,
      starting_after: page.data[1]?.id,
    });
    expect(next.data.map((item) => [item.description, item.amount_total])).toEqual([['Ceramic mug', 7200]]);
    expect(next.has_more).toBe(false);
    const all: string[] = [];
    for await (const item of stripe.checkout.sessions.listLineItems(session.id, { limit: 1 }))
      all.push(item.id);
    expect(all).toHaveLength(3);
  });
});

describe('idempotency', () => {
  test('the same key and parameters replay the first response', async () => {
    const params: Stripe.Checkout.SessionCreateParams = {
      ui_mode: 'elements',
      mode: 'payment',
      return_url: RETURN_URL,
      line_items: [{ price: catalog.kitUsd.id, quantity: 1 }],
    };
    const first = await stripe.checkout.sessions.create(params, { idempotencyKey: 'cart-1-v1' });
    const second = await stripe.checkout.sessions.create(params, { idempotencyKey: 'cart-1-v1' });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    const sessions = await stripe.checkout.sessions.list();
    expect(sessions.data).toHaveLength(1);

    const conflict = await rejection(
      stripe.checkout.sessions.create(
        { ...params, client_reference_id: 'other' },
        { idempotencyKey: 'cart-1-v1' },
      ),
    );
    expect(conflict).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(conflict.message).toContain('same parameters');
  });

  test('a request that failed validation is not saved, so a corrected retry runs', async () => {
    const bad = await rejection(
      stripe.checkout.sessions.create(
        { ui_mode: 'elements', mode: 'payment', return_url: RETURN_URL },
        { idempotencyKey: 'retry-me' },
      ),
    );
    expect(bad).toMatchObject({ code: 'parameter_missing', param: 'line_items' });
    const corrected = await stripe.checkout.sessions.create(
      {
        ui_mode: 'elements',
        mode: 'payment',
        return_url: RETURN_URL,
        line_items: [{ price: catalog.kitUsd.id, quantity: 1 }],
      },
      { idempotencyKey: 'retry-me' },
    );
    expect(corrected.status).toBe('open');
    expect(corrected.lastResponse.headers['idempotent-replayed']).toBeUndefined();
  });
});
