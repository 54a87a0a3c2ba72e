import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createFetchHandler } from './fetch-handler';
import type { LocalStripe } from './local-stripe';
import {
  API_VERSION,
  call,
  errorOf,
  makeLocal,
  RETURN_URL,
  rejection,
  SECRET_KEY,
  sdkFor,
} from './test-harness';

let local: LocalStripe;
let stripe: Stripe;

beforeEach(() => {
  local = makeLocal();
  stripe = sdkFor(local);
});

afterEach(async () => {
  await local.close();
});

describe('authentication', () => {
  test('a missing key gives Stripe 401 shape', async () => {
    const response = await call(local, 'GET', '/v1/products', {}, { key: null });
    expect(response.status).toBe(401);
    expect(errorOf(response.body)).toMatchObject({
      type: 'invalid_request_error',
      message: expect.stringContaining('You did not provide an API key'),
    });
    expect(response.headers['request-id']).toMatch(/^req_\w+$/);
  });

  test.each([
    ['a malformed key', 'sk_test'],
    ['a live key', 'sk_live_123'],
    ['a publishable key on the server API', 'pk_test_123'],
  ])('%s is refused with StripeAuthenticationError', async (_name, key) => {
    const client = new Stripe(key, { httpClient: local.httpClient(), maxNetworkRetries: 0 });
    const error = await rejection(client.products.list());
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.statusCode).toBe(401);
  });

  test("only the instance's own secret key opens the API", async () => {
    const other = new Stripe('sk_test_anything_at_all', {
      httpClient: local.httpClient(),
      maxNetworkRetries: 0,
    });
    expect(await rejection(other.products.list())).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    await expect(stripe.products.list()).resolves.toMatchObject({ object: 'list', data: [] });
  });

  test('browser endpoints want a publishable key', async () => {
    const response = await call(local, 'GET', '/v1/checkout/sessions/cs_test_x/client', {
      client_secret: 'x',
    });
    expect(response.status).toBe(401);
  });
});

describe('validation', () => {
  test('unknown parameters give parameter_unknown with the bracketed param', async () => {
    const params = { name: 'Mug', colour: 'blue' };
    const error = await rejection(stripe.products.create(params));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      code: 'parameter_unknown',
      param: 'colour',
      message: 'Received unknown parameter: colour',
      doc_url: 'https://docs.stripe.com/error-codes/parameter-unknown',
    });
    const nested = await rejection(
      stripe.checkout.sessions.create({
        ui_mode: 'elements',
        mode: 'payment',
        return_url: RETURN_URL,
        line_items: [
          { price: 'price_x', quantity: 1, colour: 'red' } as Stripe.Checkout.SessionCreateParams.LineItem,
        ],
      }),
    );
    expect(nested).toMatchObject({ code: 'parameter_unknown', param: 'line_items[0][colour]' });
  });

  test('missing required parameters give parameter_missing', async () => {
    const error = await rejection(
      stripe.checkout.sessions.create({ ui_mode: 'elements', return_url: RETURN_URL, line_items: [] }),
    );
    expect(error).toMatchObject({
      code: 'parameter_missing',
      param: 'mode',
      message: 'Missing required param: mode.',
    });
    const price = await rejection(stripe.prices.create({ currency: 'usd', product: 'prod_x' }));
    expect(price).toMatchObject({ code: 'parameter_missing', param: 'unit_amount' });
  });

  test('wrong types give parameter_invalid_* codes', async () => {
    const product = await stripe.products.create({ name: 'Mug' });
    const integer = await rejection(
      stripe.prices.create({
        currency: 'usd',
        product: product.id,
        unit_amount: 'twelve' as unknown as number,
      }),
    );
    expect(integer).toMatchObject({ code: 'parameter_invalid_integer', param: 'unit_amount' });
    const empty = await rejection(stripe.products.create({ name: '' }));
    expect(empty).toMatchObject({ code: 'parameter_invalid_empty', param: 'name' });
    const boolean = await rejection(
      stripe.products.create({ name: 'x', active: 'maybe' as unknown as boolean }),
    );
    expect(boolean).toMatchObject({ param: 'active', message: 'Invalid boolean: maybe' });
  });

  test('an unknown object is a 404 resource_missing', async () => {
    const error = await rejection(stripe.checkout.sessions.retrieve('cs_test_missing'));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      message: "No such checkout.session: 'cs_test_missing'",
    });
  });

  test('an unknown URL answers like Stripe', async () => {
    const response = await call(local, 'GET', '/v1/nothing_here');
    expect(response.status).toBe(404);
    expect(errorOf(response.body).message).toContain('Unrecognized request URL (GET: /v1/nothing_here)');
  });
});

describe('fault injection', () => {
  test('server errors, rate limits and timeouts surface as the SDK error types', async () => {
    const added = await call(local, 'POST', '/v1/test_helpers/faults', {
      path: '/v1/products',
      method: 'GET',
      count: 1,
      kind: 'server_error',
    });
    expect(added.body).toMatchObject({ object: 'test_helpers.fault', kind: 'server_error', remaining: 1 });
    const serverError = await rejection(stripe.products.list());
    expect(serverError).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(serverError.statusCode).toBe(500);
    // Only the next N matching requests fail.
    await expect(stripe.products.list()).resolves.toMatchObject({ object: 'list' });

    await call(local, 'POST', '/v1/test_helpers/faults', {
      path: '^/v1/products',
      count: 2,
      kind: 'rate_limit',
    });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const rateLimited = await rejection(stripe.products.create({ name: 'Mug' }));
      expect(rateLimited).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      expect(rateLimited).toMatchObject({ statusCode: 429, code: 'rate_limit' });
    }
    await expect(stripe.products.create({ name: 'Mug' })).resolves.toMatchObject({ name: 'Mug' });
  });

  test('a timeout fault executes the request but answers after the client gave up', async () => {
    const product = await stripe.products.create({ name: 'Mug' });
    await call(local, 'POST', '/v1/test_helpers/faults', {
      path: `/v1/products/${product.id}`,
      method: 'POST',
      kind: 'timeout',
      delay_ms: 2_000,
    });
    const impatient = sdkFor(local, { timeout: 100 });
    const started = Date.now();
    const error = await rejection(impatient.products.update(product.id, { name: 'Mug v2' }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(error.message).toContain('timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
    // The outcome was unknown to the client; reconciling by retrieving shows the change landed.
    await expect(stripe.products.retrieve(product.id)).resolves.toMatchObject({ name: 'Mug v2' });
  });

  test('a timeout fault with execute=false loses the request before it reaches the API', async () => {
    const product = await stripe.products.create({ name: 'Mug' });
    await call(local, 'POST', '/v1/test_helpers/faults', {
      path: `/v1/products/${product.id}`,
      method: 'POST',
      kind: 'timeout',
      delay_ms: 1_000,
      execute: false,
    });
    const error = await rejection(
      sdkFor(local, { timeout: 50 }).products.update(product.id, { name: 'Mug v2' }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    await expect(stripe.products.retrieve(product.id)).resolves.toMatchObject({ name: 'Mug' });
  });

  test('faults never match the test controls, and DELETE clears them', async () => {
    await call(local, 'POST', '/v1/test_helpers/faults', { path: '/', count: 5, kind: 'server_error' });
    const cleared = await call(local, 'DELETE', '/v1/test_helpers/faults');
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ cleared: 1 });
    await expect(stripe.products.list()).resolves.toMatchObject({ object: 'list' });
  });

  test('test controls need the secret key', async () => {
    const response = await call(
      local,
      'POST',
      '/v1/test_helpers/faults',
      { path: '/', kind: 'rate_limit' },
      { key: null },
    );
    expect(response.status).toBe(401);
  });
});

describe('requests and responses', () => {
  test('the Fetch adapter serves the API under a mount path, as the app mounts it', async () => {
    const handler = createFetchHandler(local, { basePath: '/api/local-stripe' });
    const created = await handler(
      new Request('http://localhost:3000/api/local-stripe/v1/customers', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${SECRET_KEY}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'email=shopper%40example.com&metadata[source]=http',
      }),
    );
    expect(created.status).toBe(200);
    expect(created.headers.get('request-id')).toMatch(/^req_/);
    const customer = (await created.json()) as { id: string; metadata: Record<string, string> };
    expect(customer.metadata).toEqual({ source: 'http' });
    const listed = await handler(
      new Request('http://localhost:3000/api/local-stripe/v1/customers?email=shopper%40example.com', {
        headers: { authorization: `Bearer ${SECRET_KEY}` },
      }),
    );
    expect(((await listed.json()) as { data: Array<{ id: string }> }).data.map((entry) => entry.id)).toEqual([
      customer.id,
    ]);
  });

  test('responses carry request-id and the Stripe-Version the request asked for', async () => {
    const product = await stripe.products.create({ name: 'Mug' });
    expect(product.lastResponse.requestId).toMatch(/^req_/);
    expect(product.lastResponse.apiVersion).toBe(API_VERSION.split(';')[0]);
  });

  test('bracket arrays from browsers (expand[]) decode like indexed ones', async () => {
    const product = await stripe.products.create({
      name: 'Mug',
      default_price_data: { currency: 'usd', unit_amount: 2400 },
    });
    const response = await call(local, 'GET', `/v1/products/${product.id}?expand[]=default_price`);
    expect(response.body).toMatchObject({ default_price: { object: 'price', unit_amount: 2400 } });
  });
});
