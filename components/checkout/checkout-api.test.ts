import { afterEach, describe, expect, test, vi } from 'vitest';
import { toCheckoutView } from '@/lib/checkout/checkout-view';
import type { CheckoutView } from '@/lib/checkout/contract';
import { CheckoutApiError, checkoutApi, startCheckoutSession } from './checkout-api';

const VIEW: CheckoutView = {
  sessionId: 'cs_test_1',
  currency: 'usd',
  addOns: ['gift_wrap'],
  promotionCode: null,
  shipping: null,
  email: null,
  hasCustomer: false,
  discounts: [{ ruleId: 'auto-spend-100', name: 'Spend $100, save $10', amount: 1000 }],
  notices: [],
};

const answer = (status: number, body: unknown) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

function stubFetch(...responses: (Response | Error)[]) {
  const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => {
    const next = responses.shift();
    if (next === undefined) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => vi.unstubAllGlobals());

describe('checkoutApi', () => {
  test('sends the intent as JSON and parses the answer with the view schema (unknown fields dropped)', async () => {
    const fetchMock = stubFetch(answer(200, { ...VIEW, total: 7100, version: 3 }));
    await expect(checkoutApi.toggleAddOn('cs_test_1', 'gift_wrap', true)).resolves.toEqual(VIEW);
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('/api/checkout/sessions/cs_test_1/add-ons');
    expect(init).toMatchObject({ method: 'POST', body: '{"addOn":"gift_wrap","selected":true}' });
  });

  test('an answer of the wrong shape is refused rather than trusted', async () => {
    stubFetch(answer(200, { ...VIEW, addOns: ['free_money'] }));
    await expect(checkoutApi.setEmail('cs_test_1', 'a@example.com')).rejects.toMatchObject({
      code: 'unexpected_response',
    });
  });

  test("a refusal carries the server's sentence, status and code", async () => {
    stubFetch(answer(409, { error: { code: 'session_not_open', message: 'This checkout has expired.' } }));
    const failure = await checkoutApi.removePromotionCode('cs_test_1').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CheckoutApiError);
    expect(failure).toMatchObject({
      message: 'This checkout has expired.',
      status: 409,
      code: 'session_not_open',
    });
  });

  test("a database failure's 503 carries its sentence like any refusal", async () => {
    stubFetch(
      answer(503, {
        error: { code: 'service_unavailable', message: "We couldn't save your change. Please try again." },
      }),
    );
    await expect(checkoutApi.toggleAddOn('cs_test_1', 'gift_wrap', true)).rejects.toMatchObject({
      message: "We couldn't save your change. Please try again.",
      status: 503,
      code: 'service_unavailable',
    });
  });

  test('a refusal without our error body still says something', async () => {
    stubFetch(answer(502, '<html>Bad gateway</html>'));
    await expect(checkoutApi.refreshDiscounts('cs_test_1')).rejects.toMatchObject({
      message: 'The request failed (HTTP 502).',
      status: 502,
    });
  });
});

describe('startCheckoutSession', () => {
  const cart = {
    items: [{ productId: 'ceramic-mug' as const, quantity: 1 }],
    currency: 'usd',
    clientReferenceId: null,
  };

  test('retries a dropped connection once with the same Idempotency-Key', async () => {
    const fetchMock = stubFetch(
      new TypeError('Failed to fetch'),
      answer(200, { id: 'cs_test_2', reference: 'R-1' }),
    );
    await expect(startCheckoutSession(cart)).resolves.toBe('cs_test_2');
    const keys = fetchMock.mock.calls.map(([, init]) => new Headers(init?.headers).get('idempotency-key'));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  test('a refusal becomes an error with the server sentence', async () => {
    stubFetch(
      answer(429, { error: { code: 'rate_limited', message: 'Too many checkouts. Try again soon.' } }),
    );
    await expect(startCheckoutSession(cart)).rejects.toThrow('Too many checkouts. Try again soon.');
  });
});

test("the server's view of a cart passes the browser's schema (the two sides cannot drift apart)", () => {
  const view = toCheckoutView({
    id: 'cart_1',
    reference: 'R-1',
    sessionId: 'cs_test_1',
    browserId: 'b',
    customerId: null,
    email: null,
    currency: 'jpy',
    items: [{ productId: 'ceramic-mug', quantity: 1 }],
    addOns: ['express_shipping'],
    promotionCode: 'SAVE20',
    shipping: { name: 'H', address: { line1: 'x', city: 'Tokyo', postal_code: '1', country: 'JP' } },
    clientReferenceId: null,
    lineItemIds: {},
    decision: null,
    status: 'open',
    version: 1,
    expiresAt: new Date(),
  });
  stubFetch(answer(200, view));
  return expect(checkoutApi.applyPromotionCode('cs_test_1', 'SAVE20')).resolves.toEqual(view);
});
