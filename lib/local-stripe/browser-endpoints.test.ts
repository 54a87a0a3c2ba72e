import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { LocalStripe } from './local-stripe';
import {
  call,
  cardParams,
  errorOf,
  makeLocal,
  PUBLISHABLE_KEY,
  RETURN_URL,
  sdkFor,
  seedCatalog,
} from './test-harness';

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

type Permission = 'client_only' | 'server_only';

function createSession(
  permission: Permission,
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Promise<Stripe.Checkout.Session> {
  return stripe.checkout.sessions.create({
    ui_mode: 'elements',
    mode: 'payment',
    return_url: RETURN_URL,
    line_items: [
      { price: catalog.kitUsd.id, quantity: 1 },
      { price: catalog.grinderUsd.id, quantity: 1 },
    ],
    permissions: {
      update_discounts: permission,
      update_line_items: permission,
      update_shipping_details: permission,
    },
    shipping_address_collection: { allowed_countries: ['US', 'JP'] },
    ...overrides,
  });
}

function browser(
  session: Stripe.Checkout.Session,
  action: 'client' | 'client_update' | 'confirm',
  params = {},
) {
  return call(
    local,
    action === 'client' ? 'GET' : 'POST',
    `/v1/checkout/sessions/${session.id}/${action}`,
    { client_secret: session.client_secret ?? '', ...params },
    { key: PUBLISHABLE_KEY },
  );
}

const SHIPPING = {
  'shipping_details[name]': 'Hanako Yamada',
  'shipping_details[address][line1]': '1-1 Chiyoda',
  'shipping_details[address][city]': 'Tokyo',
  'shipping_details[address][postal_code]': '100-0001',
  'shipping_details[address][country]': 'JP',
};

async function readyToPay(permission: Permission = 'server_only') {
  const session = await createSession(permission, { customer_email: 'shopper@example.com' });
  await stripe.checkout.sessions.update(session.id, {
    collected_information: {
      shipping_details: {
        name: 'Hanako Yamada',
        address: { line1: '1-1 Chiyoda', city: 'Tokyo', postal_code: '100-0001', country: 'JP' },
      },
    },
  });
  return session;
}

describe('client view', () => {
  test('is the retrieved session with line items and the discount breakdown', async () => {
    const coupon = await stripe.coupons.create({
      amount_off: 1000,
      currency: 'usd',
      name: 'Spend $100, save $10',
    });
    const session = await createSession('server_only', { discounts: [{ coupon: coupon.id }] });
    const response = await browser(session, 'client');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: session.id,
      status: 'open',
      amount_subtotal: 16800,
      amount_total: 15800,
      line_items: {
        object: 'list',
        data: [
          expect.objectContaining({
            description: 'Pour-over coffee kit',
            quantity: 1,
            amount_subtotal: 4800,
            amount_discount: 286,
            amount_total: 4514,
            price: expect.objectContaining({ object: 'price', id: catalog.kitUsd.id }),
          }),
          expect.objectContaining({ amount_discount: 714 }),
        ],
      },
      total_details: {
        amount_discount: 1000,
        breakdown: {
          discounts: [
            {
              amount: 1000,
              discount: expect.objectContaining({
                coupon: expect.objectContaining({ name: 'Spend $100, save $10' }),
              }),
            },
          ],
        },
      },
    });
  });

  test('needs the matching client secret', async () => {
    const session = await createSession('server_only');
    const response = await call(
      local,
      'GET',
      `/v1/checkout/sessions/${session.id}/client`,
      { client_secret: `${session.id}_secret_wrong` },
      { key: PUBLISHABLE_KEY },
    );
    expect(response.status).toBe(403);
    expect(errorOf(response.body)).toMatchObject({ type: 'invalid_request_error', param: 'client_secret' });
  });
});

describe('client updates', () => {
  test('server_only permissions refuse promotion codes, quantities and shipping changes', async () => {
    const session = await createSession('server_only');
    const lineItems = await stripe.checkout.sessions.listLineItems(session.id);
    const attempts = [
      { promotion_code: 'WELCOME10' },
      { remove_promotion_code: true },
      { line_item: lineItems.data[0]?.id ?? '', quantity: 2 },
      SHIPPING,
    ];
    for (const params of attempts) {
      const response = await browser(session, 'client_update', params);
      expect(response.status).toBe(400);
      expect(errorOf(response.body)).toMatchObject({
        type: 'invalid_request_error',
        message: expect.stringContaining('server_only'),
      });
    }
    // Email is always the shopper's to give.
    const email = await browser(session, 'client_update', { email: 'me@example.com' });
    expect(email.status).toBe(200);
    expect(email.body).toMatchObject({ customer_details: { email: 'me@example.com' } });
  });

  test('with client_only permissions the browser changes quantities and addresses', async () => {
    const coupon = await stripe.coupons.create({ percent_off: 10, name: 'Ten percent' });
    const session = await createSession('client_only');
    // Stripe's guide: without `server_only` the server may not update the discounts.
    const refused = await stripe.checkout.sessions
      .update(session.id, { discounts: [{ coupon: coupon.id }] })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ type: 'StripeInvalidRequestError', param: 'discounts' });

    // Promotion code objects are not modelled: every code the browser sends is unknown.
    const unknown = await browser(session, 'client_update', { promotion_code: 'NOPE' });
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown.body)).toMatchObject({
      param: 'promotion_code',
      message: expect.stringContaining('NOPE'),
    });

    const lineItems = await stripe.checkout.sessions.listLineItems(session.id);
    const quantity = await browser(session, 'client_update', {
      line_item: lineItems.data[0]?.id ?? '',
      quantity: 3,
    });
    expect(quantity.body).toMatchObject({ amount_subtotal: 4800 * 3 + 12000 });

    const shipping = await browser(session, 'client_update', SHIPPING);
    expect(shipping.body).toMatchObject({
      collected_information: { shipping_details: { name: 'Hanako Yamada' } },
    });
    const elsewhere = await browser(session, 'client_update', {
      ...SHIPPING,
      'shipping_details[address][country]': 'FR',
    });
    expect(errorOf(elsewhere.body)).toMatchObject({ param: 'shipping_details[address][country]' });

    const removed = await browser(session, 'client_update', { remove_promotion_code: true });
    expect(removed.body).toMatchObject({ total_details: { amount_discount: 0 }, discounts: [] });

    const two = await browser(session, 'client_update', {
      email: 'a@example.com',
      promotion_code: 'WELCOME10',
    });
    expect(two.status).toBe(400);
  });
});

describe('confirm', () => {
  test('a successful card payment completes the session and creates a succeeded payment intent', async () => {
    const session = await readyToPay();
    const response = await browser(session, 'confirm', cardParams('4242 4242 4242 4242'));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      session: { id: session.id, status: 'complete', payment_status: 'paid' },
      payment_intent: { object: 'payment_intent', status: 'succeeded', amount: 16800, currency: 'usd' },
    });
    const retrieved = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    expect(retrieved.payment_intent).toMatchObject({ status: 'succeeded', amount_received: 16800 });
    const events = await stripe.events.list({ type: 'checkout.session.completed' });
    expect(events.data).toHaveLength(1);
    expect(events.data[0]?.data.object).toMatchObject({
      id: session.id,
      status: 'complete',
      payment_status: 'paid',
    });

    const again = await browser(session, 'confirm', cardParams('4242424242424242'));
    expect(again.status).toBe(400);
    expect(errorOf(again.body).message).toContain('already complete');
  });

  test.each([
    ['4000000000000002', 'card_declined', 'generic_decline', 'Your card was declined.'],
    ['4000000000009995', 'card_declined', 'insufficient_funds', 'Your card has insufficient funds.'],
    ['4000000000000069', 'expired_card', 'expired_card', 'Your card has expired.'],
  ])(
    'test card %s fails with %s / %s through the SDK error parser',
    async (number, code, declineCode, message) => {
      const session = await readyToPay();
      // The SDK's raw request path parses the 402 into its card error type.
      const error = await stripe
        .rawRequest(
          'POST',
          `/v1/checkout/sessions/${session.id}/confirm`,
          { client_secret: session.client_secret, ...cardParams(number) },
          { apiKey: PUBLISHABLE_KEY },
        )
        .then(
          () => undefined,
          (failure: unknown) => failure,
        );
      expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect(error).toMatchObject({ statusCode: 402, code, decline_code: declineCode, message });
      const after = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
      expect(after.status).toBe('open');
      expect(after.payment_intent).toMatchObject({
        status: 'requires_payment_method',
        last_payment_error: { type: 'card_error', code, decline_code: declineCode, message },
      });
      // A later attempt with a good card reuses the payment intent and succeeds.
      const retry = await browser(session, 'confirm', cardParams('4242424242424242'));
      expect(retry.body).toMatchObject({
        payment_intent: { id: (after.payment_intent as Stripe.PaymentIntent).id, status: 'succeeded' },
      });
    },
  );

  test('needs an email and, with shipping collection, an address', async () => {
    const session = await createSession('server_only');
    const noEmail = await browser(session, 'confirm', cardParams('4242424242424242'));
    expect(errorOf(noEmail.body)).toMatchObject({ param: 'email' });
    const noAddress = await browser(session, 'confirm', {
      ...cardParams('4242424242424242'),
      email: 'me@example.com',
    });
    expect(errorOf(noAddress.body).message).toContain('shipping address');
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
  });

  test('konbini completes unpaid, then the async outcome settles it', async () => {
    const session = await createSession('server_only', {
      customer_email: 'shopper@example.jp',
      line_items: [{ price: catalog.kitJpy.id, quantity: 1 }],
      shipping_address_collection: undefined,
    });
    expect(session.payment_method_types).toEqual(['card', 'konbini']);
    const confirmed = await browser(session, 'confirm', { 'payment_method_data[type]': 'konbini' });
    expect(confirmed.body).toMatchObject({
      session: { status: 'complete', payment_status: 'unpaid' },
      payment_intent: { status: 'requires_action', next_action: { type: 'konbini_display_details' } },
    });
    const settled = await call(
      local,
      'POST',
      `/v1/test_helpers/checkout/sessions/${session.id}/async_payment`,
      {
        outcome: 'succeeded',
      },
    );
    expect(settled.body).toMatchObject({ payment_status: 'paid' });
    const types = (await stripe.events.list({ type: 'checkout.session.*' })).data.map((event) => event.type);
    expect(types).toEqual(['checkout.session.async_payment_succeeded', 'checkout.session.completed']);

    const failing = await createSession('server_only', {
      customer_email: 'shopper@example.jp',
      line_items: [{ price: catalog.kitJpy.id, quantity: 1 }],
      shipping_address_collection: undefined,
    });
    await browser(failing, 'confirm', { 'payment_method_data[type]': 'konbini' });
    const failed = await call(
      local,
      'POST',
      `/v1/test_helpers/checkout/sessions/${failing.id}/async_payment`,
      {
        outcome: 'failed',
      },
    );
    expect(failed.body).toMatchObject({ payment_status: 'unpaid', status: 'complete' });
    const latest = await stripe.events.list({ limit: 1 });
    expect(latest.data[0]?.type).toBe('checkout.session.async_payment_failed');
  });

  test('a fully discounted order needs no payment', async () => {
    const coupon = await stripe.coupons.create({ percent_off: 100 });
    const session = await createSession('server_only', {
      customer_email: 'free@example.com',
      shipping_address_collection: undefined,
      discounts: [{ coupon: coupon.id }],
    });
    // No payment details at all: a free order collects none.
    const response = await browser(session, 'confirm', {});
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      session: { status: 'complete', payment_status: 'no_payment_required', amount_total: 0 },
      payment_intent: null,
    });
    expect((await stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(1);
    const retrieved = await stripe.checkout.sessions.retrieve(session.id);
    expect(retrieved).toMatchObject({ payment_status: 'no_payment_required', payment_intent: null });
    const events = await stripe.events.list({ type: 'checkout.session.completed' });
    expect(events.data[0]?.data.object).toMatchObject({
      id: session.id,
      payment_status: 'no_payment_required',
    });
  });

  test('a total above zero cannot be confirmed without payment details', async () => {
    const session = await createSession('server_only', {
      customer_email: 'pays@example.com',
      shipping_address_collection: undefined,
    });
    const response = await browser(session, 'confirm', {});
    expect(response.status).toBe(400);
    expect(errorOf(response.body)).toMatchObject({
      type: 'invalid_request_error',
      code: 'parameter_missing',
      param: 'payment_method_data',
    });
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
  });

  test('an expired session cannot be confirmed', async () => {
    const session = await readyToPay();
    await stripe.checkout.sessions.expire(session.id);
    const response = await browser(session, 'confirm', cardParams('4242424242424242'));
    expect(response.status).toBe(400);
    expect(errorOf(response.body).message).toContain('expired');
    const client = await browser(session, 'client');
    expect(client.body).toMatchObject({ status: 'expired' });
  });
});
