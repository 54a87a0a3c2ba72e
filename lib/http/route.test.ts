import type { NextRequest } from 'next/server';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { z } from 'zod';
import { AppError, ERROR_STATUS, type ErrorCode } from '@/lib/errors';
import { rateLimited } from './rate-limit';
import { MAX_BODY_BYTES } from './request-body';
import { otherMethods, type RouteContext, route } from './route';

const URL_BASE = 'https://shop.example/api/checkout/sessions/cs_1/add-ons';
const addOnBody = z.strictObject({ addOn: z.string().min(1), selected: z.boolean() });
const sessionParams = z.strictObject({ id: z.string().startsWith('cs_', 'not a Checkout Session id') });

function post(body: string | undefined, headers: Record<string, string> = {}): Request {
  return new Request(URL_BASE, {
    method: 'POST',
    headers: { host: 'shop.example', 'content-type': 'application/json', ...headers },
    body,
  });
}

function ctx(params: Record<string, string>): RouteContext {
  return { params: Promise.resolve(params) };
}

async function errorOf(response: Response): Promise<{ code: string; message: string; details?: unknown }> {
  const json = (await response.json()) as { error: { code: string; message: string; details?: unknown } };
  return json.error;
}

let consoleError: MockInstance<typeof console.error>;
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  consoleError.mockRestore();
});

describe('route: success', () => {
  it('passes the parsed body and params and answers 200 JSON, not stored, with a request id', async () => {
    const handler = route({ body: addOnBody, params: sessionParams }, async ({ body, params }) => ({
      echoed: { ...body, id: params.id },
    }));
    const response = await handler(
      post(JSON.stringify({ addOn: 'gift_wrap', selected: true })),
      ctx({ id: 'cs_1' }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    // Small: not gzipped either (no-transform), see the next test.
    expect(response.headers.get('cache-control')).toBe('no-store, no-transform');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ echoed: { addOn: 'gift_wrap', selected: true, id: 'cs_1' } });
  });

  it('lets Next gzip an answer of 1 kB or more, and only such an answer', async () => {
    const answer = (length: number) => route({}, async () => ({ text: 'x'.repeat(length) }))(post(undefined));
    // {"text":"..."} adds 11 bytes to the text.
    expect((await answer(1023 - 11)).headers.get('cache-control')).toBe('no-store, no-transform');
    expect((await answer(1024 - 11)).headers.get('cache-control')).toBe('no-store');
  });

  it('passes a returned Response through and keeps a proxy request id', async () => {
    const handler = route({}, async () => new Response('made', { status: 201 }));
    const response = await handler(post(undefined, { 'x-request-id': 'edge-42' }));
    expect(response.status).toBe(201);
    expect(await response.text()).toBe('made');
    expect(response.headers.get('x-request-id')).toBe('edge-42');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 204 when the handler returns nothing', async () => {
    const response = await route({}, async () => undefined)(post(undefined));
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it('treats an empty body as {} so body-less POSTs to empty schemas work', async () => {
    const handler = route({ body: z.strictObject({}) }, async ({ body }) => ({ body }));
    const response = await handler(post(undefined, { 'content-type': '' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ body: {} });
  });

  it('accepts a charset parameter on the content type', async () => {
    const handler = route({ body: addOnBody }, async ({ body }) => body);
    const response = await handler(
      post(JSON.stringify({ addOn: 'gift_wrap', selected: false }), {
        'content-type': 'application/json; charset=utf-8',
      }),
    );
    expect(response.status).toBe(200);
  });
});

describe('route: types', () => {
  it('fits the signature Next.js type-checks route exports against', () => {
    type NextHandler<Params> = (
      request: NextRequest,
      context: { params: Promise<Params> },
    ) => Promise<Response | undefined> | Response | undefined;
    const dynamic: NextHandler<{ id: string }> = route({ params: sessionParams }, async () => null);
    const catchAll: NextHandler<{ slug: string[] }> = route({}, async () => null);
    const fixed: NextHandler<Record<never, never>> = route({}, async () => null);
    expect([dynamic, catchAll, fixed].every((handler) => typeof handler === 'function')).toBe(true);
  });
});

describe('route: bad input is a 400, never a 500', () => {
  const handler = route({ body: addOnBody, params: sessionParams }, async () => ({ ok: true }));

  it.each([
    ['a missing field', { selected: true }, 'addOn: Required'],
    ['two missing fields', {}, 'addOn: Required; selected: Required'],
    ['an unknown field', { addOn: 'gift_wrap', selected: true, price: 0 }, 'Unrecognized key: "price"'],
    [
      'a wrong type',
      { addOn: 'gift_wrap', selected: 'yes' },
      'selected: Invalid input: expected boolean, received string',
    ],
    ['an array body', [1], 'Invalid input: expected object, received array'],
  ])('reports %s as one sentence', async (_name, body, message) => {
    const response = await handler(post(JSON.stringify(body)), ctx({ id: 'cs_1' }));
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe(message);
  });

  it('lists the failing fields in details', async () => {
    const response = await handler(post(JSON.stringify({ selected: 1 })), ctx({ id: 'cs_1' }));
    expect((await errorOf(response)).details).toEqual({
      issues: [
        { path: 'addOn', message: 'Required' },
        { path: 'selected', message: 'Invalid input: expected boolean, received number' },
      ],
    });
  });

  it('names nested paths and counts issues past the third', async () => {
    const items = z.strictObject({ items: z.array(z.strictObject({ quantity: z.number().int().min(1) })) });
    const response = await route(
      { body: items },
      async () => null,
    )(
      post(
        JSON.stringify({ items: [{ quantity: 0 }, { quantity: 0 }, { quantity: 0 }, { quantity: 0 }, {}] }),
      ),
    );
    expect((await errorOf(response)).message).toBe(
      'items[0].quantity: Too small: expected number to be >=1; items[1].quantity: Too small: expected number to be >=1; items[2].quantity: Too small: expected number to be >=1; and 2 more problems',
    );
  });

  it('refuses invalid JSON', async () => {
    const response = await handler(post('{"addOn": '), ctx({ id: 'cs_1' }));
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({
      code: 'invalid_request',
      message: 'The request body is not valid JSON.',
    });
  });

  it('refuses a body that is not sent as JSON', async () => {
    const response = await handler(
      post(JSON.stringify({ addOn: 'gift_wrap', selected: true }), { 'content-type': 'text/plain' }),
      ctx({ id: 'cs_1' }),
    );
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toBe(
      'The request body must be JSON; send it with Content-Type: application/json.',
    );
  });

  it.each([
    ['declared by Content-Length', true],
    ['streamed without a length', false],
  ])('refuses a body over 16 KiB %s', async (_name, declareLength) => {
    const big = JSON.stringify({ addOn: 'x'.repeat(MAX_BODY_BYTES), selected: true });
    const request = declareLength
      ? post(big, { 'content-length': String(big.length) })
      : new Request(URL_BASE, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: new Blob([big]).stream(),
          duplex: 'half',
        } as RequestInit & { duplex: 'half' });
    const response = await handler(request, ctx({ id: 'cs_1' }));
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toBe('The request body is larger than 16 KiB.');
  });

  it('accepts a body of exactly 16 KiB', async () => {
    const padding = MAX_BODY_BYTES - JSON.stringify({ addOn: '', selected: true }).length;
    const body = JSON.stringify({ addOn: 'x'.repeat(padding), selected: true });
    expect(body.length).toBe(MAX_BODY_BYTES);
    expect((await handler(post(body), ctx({ id: 'cs_1' }))).status).toBe(200);
  });

  it('refuses malformed params with a 400 naming the segment', async () => {
    const response = await handler(
      post(JSON.stringify({ addOn: 'gift_wrap', selected: true })),
      ctx({ id: 'x' }),
    );
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toBe('Invalid URL: id: not a Checkout Session id');
  });

  it('does not call the handler when the input is refused', async () => {
    const spy = vi.fn(async () => ({}));
    await route({ body: addOnBody }, spy)(post('nope'));
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('route: cross-origin protection', () => {
  const handler = route({}, async () => ({ ok: true }));

  it.each([
    ['same Origin', { origin: 'https://shop.example' }, 200],
    ['same Origin with its default port', { origin: 'https://shop.example:443' }, 200],
    ['Sec-Fetch-Site same-origin', { 'sec-fetch-site': 'same-origin' }, 200],
    ['no Origin and no Sec-Fetch-Site (curl)', {}, 200],
    [
      'Origin of the forwarded host behind a proxy',
      { origin: 'https://shop.example', host: 'internal:3000', 'x-forwarded-host': 'shop.example' },
      200,
    ],
    ['another Origin', { origin: 'https://evil.example' }, 403],
    ['a sibling subdomain', { origin: 'https://evil.shop.example' }, 403],
    ['Origin "null"', { origin: 'null' }, 403],
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }, 403],
    ['Sec-Fetch-Site same-site', { 'sec-fetch-site': 'same-site', origin: 'https://shop.example' }, 403],
    [
      'an Origin that only matches the unforwarded host',
      { origin: 'https://internal:3000', host: 'internal:3000', 'x-forwarded-host': 'shop.example' },
      403,
    ],
  ])('%s -> %i', async (_name, headers: Record<string, string>, status) => {
    const response = await handler(post(undefined, headers));
    expect(response.status).toBe(status);
    if (status === 403) {
      expect(await errorOf(response)).toEqual({
        code: 'cross_origin',
        message:
          'This request came from another website, so it was refused. Reload the checkout page and try again.',
      });
    }
  });

  it('refuses a foreign Origin whatever Sec-Fetch-Site says (issue 15 finding 7)', async () => {
    for (const fetchSite of ['none', 'same-origin']) {
      const response = await handler(
        post(undefined, { origin: 'https://evil.example', 'sec-fetch-site': fetchSite }),
      );
      expect(response.status, fetchSite).toBe(403);
    }
    // A proxy that rewrites Host must say the public host in X-Forwarded-Host.
    const mangled = await handler(
      post(undefined, {
        origin: 'https://shop.example',
        host: 'internal:3000',
        'sec-fetch-site': 'same-origin',
      }),
    );
    expect(mangled.status).toBe(403);
  });

  it('does not check GET requests unless asked, and never when sameOrigin is false', async () => {
    const get = new Request(URL_BASE, { headers: { origin: 'https://evil.example' } });
    expect((await route({}, async () => 1)(get)).status).toBe(200);
    expect((await route({ sameOrigin: true }, async () => 1)(get.clone())).status).toBe(403);
    const webhook = route({ sameOrigin: false }, async () => 1);
    expect((await webhook(post('{}', { origin: 'https://evil.example' }))).status).toBe(200);
  });

  it('checks the origin before reading the body', async () => {
    const handler = route({ body: addOnBody }, async () => 1);
    const response = await handler(post('not json', { origin: 'https://evil.example' }));
    expect((await errorOf(response)).code).toBe('cross_origin');
  });
});

describe('route: thrown errors', () => {
  const codes = Object.keys(ERROR_STATUS) as ErrorCode[];

  it.each(codes)('AppError %s answers with its table status and message', async (code) => {
    const response = await route({}, async () => {
      throw new AppError(code, `Human sentence for ${code}.`);
    })(post(undefined));
    expect(response.status).toBe(ERROR_STATUS[code]);
    expect(response.headers.get('cache-control')).toBe('no-store, no-transform');
    expect(await errorOf(response)).toEqual({ code, message: `Human sentence for ${code}.` });
  });

  it('uses the documented statuses', () => {
    expect(ERROR_STATUS).toMatchObject({
      invalid_request: 400,
      unauthorized: 401,
      forbidden: 403,
      cross_origin: 403,
      not_found: 404,
      session_not_found: 404,
      add_on_not_found: 404,
      session_not_open: 409,
      total_changed: 409,
      unknown_code: 422,
      expired: 422,
      not_yet_valid: 422,
      not_eligible: 422,
      first_order_only: 422,
      minimum_not_met: 422,
      limit_reached: 422,
      not_applicable: 422,
      not_combinable: 422,
      below_minimum_charge: 422,
      rate_limited: 429,
      internal: 500,
      stripe_error: 502,
      service_unavailable: 503,
      stripe_timeout: 504,
    });
  });

  it('sends Retry-After with a 429', async () => {
    const response = await route({}, async () => {
      throw rateLimited(42.2);
    })(post(undefined));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('43');
    expect(await errorOf(response)).toEqual({
      code: 'rate_limited',
      message: 'Too many requests; try again in 43 seconds.',
    });
  });

  it('shows details of 4xx errors only', async () => {
    const refused = await route({}, async () => {
      throw new AppError('minimum_not_met', 'SAVE20 needs more.', { details: { missing: 600 } });
    })(post(undefined));
    expect((await errorOf(refused)).details).toEqual({ missing: 600 });
    const failed = await route({}, async () => {
      throw new AppError('internal', 'Broke.', { details: { sql: 'SELECT secret' } });
    })(post(undefined));
    expect(await errorOf(failed)).toEqual({ code: 'internal', message: 'Broke.' });
  });

  it('answers a stripe_timeout with 504', async () => {
    const response = await route({}, async () => {
      throw new AppError(
        'stripe_timeout',
        'Stripe did not answer in time. Nothing was charged; please try again.',
      );
    })(post(undefined));
    expect(response.status).toBe(504);
    expect(await errorOf(response)).toEqual({
      code: 'stripe_timeout',
      message: 'Stripe did not answer in time. Nothing was charged; please try again.',
    });
  });

  it('answers a stripe_error with 502 and logs its cause, not the message, with the request id', async () => {
    const stripeError = new Stripe.errors.StripeAPIError({ message: 'db shard 7 down', statusCode: 500 });
    const response = await route({}, async () => {
      throw new AppError('stripe_error', 'Stripe reported an error.', { cause: stripeError });
    })(post(undefined, { 'x-request-id': 'req-502' }));
    expect(response.status).toBe(502);
    const error = await errorOf(response);
    expect(error.code).toBe('stripe_error');
    expect(error.message).not.toContain('shard');
    expect(consoleError).toHaveBeenCalledWith(expect.stringContaining('[req-502]'), stripeError);
  });

  it('knows nothing of Stripe: an unmapped Stripe error is a bug, answered with a generic 500', async () => {
    const response = await route({}, async () => {
      throw new Stripe.errors.StripeConnectionError({ message: 'Request aborted due to timeout (2500ms)' });
    })(post(undefined));
    expect(response.status).toBe(500);
    expect((await errorOf(response)).code).toBe('internal');
  });

  it('turns an unknown error into a generic 500 and logs the detail with the request id', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'secret_column')");
    const response = await route({}, async () => {
      throw bug;
    })(post(undefined));
    expect(response.status).toBe(500);
    const requestId = response.headers.get('x-request-id');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' },
    });
    expect(text).not.toContain('secret_column');
    expect(consoleError).toHaveBeenCalledTimes(1);
    expect(consoleError).toHaveBeenCalledWith(
      `[${requestId}] POST /api/checkout/sessions/cs_1/add-ons failed with 500 internal:`,
      bug,
    );
  });

  it('answers a database failure with 503 service_unavailable, a sentence and Retry-After, and logs it', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), {
      code: 'ECONNREFUSED',
      errno: -111,
      syscall: 'connect',
    });
    const response = await route({}, async () => {
      throw refused;
    })(post(undefined, { 'x-request-id': 'req-503' }));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'service_unavailable', message: "We couldn't save your change. Please try again." },
    });
    expect(text).not.toContain('10.0.0.5');
    expect(consoleError).toHaveBeenCalledWith(expect.stringContaining('[req-503]'), refused);

    const japanese = await route({}, async () => {
      throw new Error('PGlite is closed');
    })(post(undefined, { 'accept-language': 'ja' }));
    expect(japanese.status).toBe(503);
    expect(await errorOf(japanese)).toEqual({
      code: 'service_unavailable',
      message: '変更を保存できませんでした。もう一度お試しください。',
    });
  });

  it('keeps a bug in SQL a 500: a syntax error is not the database being down', async () => {
    const syntax = Object.assign(new Error('syntax error at or near "SELEC"'), {
      code: '42601',
      severity: 'ERROR',
    });
    const response = await route({}, async () => {
      throw syntax;
    })(post(undefined));
    expect(response.status).toBe(500);
    expect(response.headers.get('retry-after')).toBeNull();
    expect((await errorOf(response)).code).toBe('internal');
  });

  it('does not log 4xx answers', async () => {
    await route({}, async () => {
      throw new AppError('expired', 'SPRING has expired');
    })(post(undefined));
    expect(consoleError).not.toHaveBeenCalled();
  });
});

describe('route: methods a route does not answer (issue 15 finding 7)', () => {
  it('answer 405 in the error contract with Allow, not an empty body', async () => {
    const { GET, PUT } = otherMethods('POST', 'DELETE');
    for (const handler of [GET, PUT]) {
      const response = await handler(new Request(URL_BASE, { method: 'PUT' }));
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST, DELETE');
      expect(await errorOf(response)).toEqual({
        code: 'method_not_allowed',
        message: 'This address answers POST, DELETE only, not PUT.',
      });
    }
  });
});
