import type {
  StripeCheckoutElementsSdk,
  StripeCheckoutLoadActionsSuccess,
  StripeCheckoutSession,
} from '@stripe/stripe-js';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createLocalStripeJs, LOCAL_STRIPE_PUBLISHABLE_KEY } from './index';
import {
  CLIENT_SECRET,
  createFakeLocalStripe,
  FakeDocument,
  type FakeElement,
  fieldError,
  leaveField,
  makeApiSession,
  type SessionJson,
  typeInto,
} from './test-support';

const NOW = new Date(2026, 5, 15);

let fakeDocument: FakeDocument;

beforeEach(() => {
  fakeDocument = new FakeDocument();
  vi.stubGlobal('document', fakeDocument);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function setUp(
  session: SessionJson = makeApiSession(),
  timeoutMs?: number,
  { showsTotal = true }: { showsTotal?: boolean } = {},
) {
  const server = createFakeLocalStripe(session);
  const navigate = vi.fn<(url: string) => void>();
  const stripe = createLocalStripeJs({
    publishableKey: LOCAL_STRIPE_PUBLISHABLE_KEY,
    apiBase: '/api/local-stripe/',
    fetch: server.fetch,
    navigate,
    now: () => NOW,
    timeoutMs,
    betas: ['custom_checkout_server_updates_1'],
  });
  const sdk = stripe.initCheckoutElementsSdk({ clientSecret: CLIENT_SECRET });
  const loaded = await sdk.loadActions();
  if (loaded.type !== 'success') throw new Error(`load failed: ${loaded.error.message}`);
  // What every checkout page does: show the total (Stripe.js's confirm() insists on it).
  if (showsTotal) expect(loaded.actions.getSession().total.total.amount).toMatch(/\d/);
  const changes: StripeCheckoutSession[] = [];
  sdk.on('change', (next) => changes.push(next));
  return { server, navigate, stripe, sdk, actions: loaded.actions, changes };
}

/** Mounts the payment element into a fake host and waits for it to render. */
async function mountPayment(sdk: StripeCheckoutElementsSdk): Promise<FakeElement> {
  const host = fakeDocument.createElement('div');
  // The fake DOM implements only what the local elements touch; it is not a full HTMLElement.
  sdk.createPaymentElement().mount(host as unknown as HTMLElement);
  await vi.waitFor(() => expect(host.querySelector('input')).not.toBeNull());
  return host;
}

function fillCard(host: FakeElement, number: string, expiry = '12 / 34', cvc = '123') {
  typeInto(host, 'Card number', number);
  typeInto(host, 'Expiration date', expiry);
  typeInto(host, 'Security code', cvc);
}

/** A session with its shipping address: with the card filled in, ready to confirm. */
const shipped = (overrides: Partial<SessionJson> = {}): SessionJson =>
  makeApiSession({
    collected_information: {
      shipping_details: {
        name: 'Ada Lovelace',
        address: { line1: '1 Main St', city: 'Springfield', postal_code: '12345', country: 'US' },
      },
    },
    ...overrides,
  });

const withTotal = (amountTotal: number): SessionJson => ({
  ...shipped(),
  amount_total: amountTotal,
});

describe('initCheckoutElementsSdk / loadActions', () => {
  test('loads the session over HTTP with the publishable key and client secret', async () => {
    const { server, actions } = await setUp();
    expect(server.calls).toHaveLength(1);
    const [call] = server.calls;
    expect(call?.method).toBe('GET');
    expect(call?.path).toBe('/api/local-stripe/v1/checkout/sessions/cs_test_local123/client');
    expect(call?.query.get('client_secret')).toBe(CLIENT_SECRET);
    expect(call?.authorization).toBe(`Bearer ${LOCAL_STRIPE_PUBLISHABLE_KEY}`);
    expect(actions.getSession().total.total).toEqual({ minorUnitsAmount: 15800, amount: '$158.00' });
  });

  test('accepts a promised client secret', async () => {
    const server = createFakeLocalStripe();
    const stripe = createLocalStripeJs({ publishableKey: LOCAL_STRIPE_PUBLISHABLE_KEY, fetch: server.fetch });
    const sdk = stripe.initCheckoutElementsSdk({ clientSecret: Promise.resolve(CLIENT_SECRET) });
    expect((await sdk.loadActions()).type).toBe('success');
    expect(server.calls[0]?.path).toBe('/api/local-stripe/v1/checkout/sessions/cs_test_local123/client');
  });

  test('answers an error for an unknown session or a malformed secret', async () => {
    const server = createFakeLocalStripe();
    server.override = () => ({
      status: 404,
      body: { error: { type: 'invalid_request_error', message: 'No such checkout session' } },
    });
    const stripe = createLocalStripeJs({ publishableKey: LOCAL_STRIPE_PUBLISHABLE_KEY, fetch: server.fetch });
    expect(await stripe.initCheckoutElementsSdk({ clientSecret: CLIENT_SECRET }).loadActions()).toEqual({
      type: 'error',
      error: { message: 'No such checkout session', code: null },
    });
    const malformed = await stripe.initCheckoutElementsSdk({ clientSecret: 'nonsense' }).loadActions();
    expect(malformed.type).toBe('error');
  });
});

describe('runServerUpdate', () => {
  test('when the function rejects, it rejects with the same error and does not refetch', async () => {
    const { sdk, server, actions, changes } = await setUp(shipped());
    fillCard(await mountPayment(sdk), '4242424242424242');
    const failure = new Error('Gift wrap is unavailable');
    await expect(actions.runServerUpdate(() => Promise.reject(failure))).rejects.toBe(failure);
    expect(server.calls).toHaveLength(1);
    expect(actions.getSession().canConfirm).toBe(true);
    expect(changes.at(-1)?.canConfirm).toBe(true);
  });

  test('a synchronous throw in the function is a rejection too', async () => {
    const { actions } = await setUp();
    const failure = new Error('boom');
    await expect(
      actions.runServerUpdate(() => {
        throw failure;
      }),
    ).rejects.toBe(failure);
  });

  test('when the refetch fails, it resolves an error result', async () => {
    const { sdk, server, actions } = await setUp(shipped());
    fillCard(await mountPayment(sdk), '4242424242424242');
    server.override = (call) =>
      call.method === 'GET'
        ? { status: 500, body: { error: { type: 'api_error', message: 'The local Stripe is unavailable.' } } }
        : undefined;
    const result = await actions.runServerUpdate(async () => {});
    expect(result).toEqual({
      type: 'error',
      error: { message: 'The local Stripe is unavailable.', code: null },
    });
    expect(server.callsTo('/client')).toHaveLength(2);
    expect(actions.getSession().canConfirm).toBe(true);
  });

  test('runServerUpdate throws, calling nothing, when Stripe.js was loaded without the beta', async () => {
    const server = createFakeLocalStripe();
    const stripe = createLocalStripeJs({ publishableKey: LOCAL_STRIPE_PUBLISHABLE_KEY, fetch: server.fetch });
    const loaded = await stripe.initCheckoutElementsSdk({ clientSecret: CLIENT_SECRET }).loadActions();
    if (loaded.type !== 'success') throw new Error('load failed');
    const update = vi.fn(async () => {});
    expect(() => loaded.actions.runServerUpdate(update)).toThrow(/custom_checkout_server_updates_1/);
    expect(update).not.toHaveBeenCalled();
  });

  test('a refetch that cannot reach the server is an error result too', async () => {
    const server = createFakeLocalStripe();
    let offline = false;
    const stripe = createLocalStripeJs({
      publishableKey: LOCAL_STRIPE_PUBLISHABLE_KEY,
      betas: ['custom_checkout_server_updates_1'],
      fetch: (input, init) =>
        offline ? Promise.reject(new TypeError('Failed to fetch')) : server.fetch(input, init),
    });
    const loaded = await stripe.initCheckoutElementsSdk({ clientSecret: CLIENT_SECRET }).loadActions();
    if (loaded.type !== 'success') throw new Error('load failed');
    offline = true;
    expect(await loaded.actions.runServerUpdate(async () => {})).toEqual({
      type: 'error',
      error: { message: 'We could not reach Stripe. Check your connection and try again.', code: null },
    });
  });

  test('on success it refetches, emits change and resolves the new session', async () => {
    const { sdk, server, actions, changes } = await setUp(shipped());
    fillCard(await mountPayment(sdk), '4242424242424242');
    const result = await actions.runServerUpdate(async () => {
      // What the app's route handler does: the server changes the session.
      server.session = withTotal(14300);
    });
    expect(server.callsTo('/client')).toHaveLength(2);
    expect(result.type).toBe('success');
    const session = result.type === 'success' ? result.session : null;
    expect(session?.total.total).toEqual({ minorUnitsAmount: 14300, amount: '$143.00' });
    expect(session?.canConfirm).toBe(true);
    expect(changes.at(-1)).toEqual(session);
    expect(actions.getSession().total.total.minorUnitsAmount).toBe(14300);
  });

  test('canConfirm is false while an update is pending', async () => {
    const { sdk, actions, changes } = await setUp(shipped());
    fillCard(await mountPayment(sdk), '4242424242424242');
    let finish: () => void = () => {};
    const pending = actions.runServerUpdate(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(actions.getSession().canConfirm).toBe(false);
    expect(changes.at(-1)?.canConfirm).toBe(false);
    finish();
    await pending;
    expect(actions.getSession().canConfirm).toBe(true);
  });

  test('rejects after 20 seconds when the function never settles', async () => {
    const { sdk, server, actions } = await setUp(shipped());
    fillCard(await mountPayment(sdk), '4242424242424242');
    vi.useFakeTimers();
    let outcome: unknown = 'pending';
    const update = actions.runServerUpdate(() => new Promise(() => {}));
    update.catch((error: unknown) => {
      outcome = error;
    });
    await vi.advanceTimersByTimeAsync(19_999);
    expect(outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/20 seconds/);
    await expect(update).rejects.toThrow(/timed out/);
    expect(server.calls).toHaveLength(1);
    expect(actions.getSession().canConfirm).toBe(true);
  });

  test('the timeout is configurable', async () => {
    const { actions } = await setUp(makeApiSession(), 50);
    await expect(actions.runServerUpdate(() => new Promise(() => {}))).rejects.toThrow(/0.05 seconds/);
  });
});

describe('client-side updates and server_only permissions', () => {
  const clientOnly = makeApiSession({
    permissions: {
      update_discounts: 'client_only',
      update_line_items: 'client_only',
      update_shipping_details: 'client_only',
    },
  });

  test('applyPromotionCode and removePromotionCode are refused without a request under server_only', async () => {
    const { server, actions } = await setUp();
    const applied = await actions.applyPromotionCode('SAVE20');
    expect(applied.type).toBe('error');
    expect(applied.type === 'error' && applied.error).toEqual({
      code: null,
      message: expect.stringContaining("update_discounts is 'server_only'"),
    });
    const removed = await actions.removePromotionCode();
    expect(removed.type === 'error' && removed.error.message).toMatch(/server_only/);
    expect(server.calls).toHaveLength(1);
  });

  test('line items and shipping address are refused under server_only', async () => {
    const { server, actions } = await setUp();
    const quantity = await actions.updateLineItemQuantity({ lineItem: 'li_kit', quantity: 2 });
    expect(quantity.type === 'error' && quantity.error.message).toMatch(/update_line_items is 'server_only'/);
    const shipping = await actions.updateShippingAddress({ name: 'Ada', address: { country: 'US' } });
    expect(shipping.type === 'error' && shipping.error.message).toMatch(
      /update_shipping_details is 'server_only'/,
    );
    expect(server.calls).toHaveLength(1);
  });

  test('with client_only permissions the updates go to client_update', async () => {
    const { server, actions, changes } = await setUp(clientOnly);
    expect((await actions.applyPromotionCode('SAVE20')).type).toBe('success');
    expect((await actions.removePromotionCode()).type).toBe('success');
    expect((await actions.updateLineItemQuantity({ lineItem: 'li_kit', quantity: 2 })).type).toBe('success');
    const shipping = await actions.updateShippingAddress({
      name: 'Hanako',
      address: { line1: '1-1 Chiyoda', city: 'Tokyo', postal_code: '100-0001', country: 'JP' },
    });
    expect(shipping.type).toBe('success');
    const bodies = server.callsTo('/client_update').map((call) => Object.fromEntries(call.body));
    expect(bodies).toEqual([
      { client_secret: CLIENT_SECRET, promotion_code: 'SAVE20' },
      { client_secret: CLIENT_SECRET, remove_promotion_code: 'true' },
      { client_secret: CLIENT_SECRET, line_item: 'li_kit', quantity: '2' },
      {
        client_secret: CLIENT_SECRET,
        'shipping_details[name]': 'Hanako',
        'shipping_details[address][line1]': '1-1 Chiyoda',
        'shipping_details[address][city]': 'Tokyo',
        'shipping_details[address][postal_code]': '100-0001',
        'shipping_details[address][country]': 'JP',
      },
    ]);
    expect(changes).toHaveLength(4);
  });

  test('a refused promotion code maps to invalidCode', async () => {
    const { server, actions } = await setUp(clientOnly);
    server.override = (call) =>
      call.path.endsWith('/client_update')
        ? {
            status: 400,
            body: {
              error: {
                type: 'invalid_request_error',
                param: 'promotion_code',
                message: 'This code is invalid.',
              },
            },
          }
        : undefined;
    expect(await actions.applyPromotionCode('NOPE')).toEqual({
      type: 'error',
      error: { message: 'This code is invalid.', code: 'invalidCode' },
    });
  });

  test('updateEmail validates locally, then sends the email', async () => {
    const { server, actions } = await setUp();
    expect(await actions.updateEmail('ada@')).toEqual({
      type: 'error',
      error: { message: 'Your email address is incomplete.', code: 'incompleteEmail' },
    });
    expect(await actions.updateEmail('ada@example')).toEqual({
      type: 'error',
      error: { message: 'Your email address is invalid.', code: 'invalidEmail' },
    });
    expect(server.calls).toHaveLength(1);
    const result = await actions.updateEmail(' ada@example.com ');
    expect(result.type === 'success' && result.session.email).toBe('ada@example.com');
    expect(Object.fromEntries(server.callsTo('/client_update')[0]?.body ?? [])).toEqual({
      client_secret: CLIENT_SECRET,
      email: 'ada@example.com',
    });
  });
});

describe('confirm', () => {
  test('4242 completes the session and follows return_url', async () => {
    const { server, sdk, actions, navigate } = await setUp();
    const host = await mountPayment(sdk);
    fillCard(host, '4242 4242 4242 4242');
    const result = await actions.confirm({ email: 'ada@example.com' });
    expect(result.type).toBe('success');
    expect(result.type === 'success' && result.session.status).toEqual({
      type: 'complete',
      paymentStatus: 'paid',
    });
    expect(Object.fromEntries(server.callsTo('/confirm')[0]?.body ?? [])).toEqual({
      client_secret: CLIENT_SECRET,
      'payment_method_data[type]': 'card',
      'payment_method_data[card][number]': '4242424242424242',
      'payment_method_data[card][exp_month]': '12',
      'payment_method_data[card][exp_year]': '2034',
      'payment_method_data[card][cvc]': '123',
      email: 'ada@example.com',
    });
    expect(navigate).toHaveBeenCalledWith(
      'http://localhost:3000/checkout/return?session_id=cs_test_local123',
    );
  });

  test("redirect: 'if_required' stays on the page; returnUrl overrides the session's", async () => {
    const { sdk, actions, navigate } = await setUp();
    fillCard(await mountPayment(sdk), '4242424242424242');
    expect((await actions.confirm({ redirect: 'if_required' })).type).toBe('success');
    expect(navigate).not.toHaveBeenCalled();

    const second = await setUp();
    fillCard(await mountPayment(second.sdk), '4242424242424242');
    await second.actions.confirm({ returnUrl: 'https://shop.test/done/{CHECKOUT_SESSION_ID}' });
    expect(second.navigate).toHaveBeenCalledWith('https://shop.test/done/cs_test_local123');
  });

  test.each([
    ['4000 0000 0000 0002', 'Your card was declined.', 'generic_decline'],
    ['4000 0000 0000 9995', 'Your card has insufficient funds.', 'insufficient_funds'],
    ['4000 0000 0000 0069', 'Your card has expired.', 'expired_card'],
  ])('%s is declined with Stripe’s message', async (number, message, declineCode) => {
    const { sdk, actions, navigate, changes } = await setUp();
    fillCard(await mountPayment(sdk), number);
    expect(await actions.confirm()).toEqual({
      type: 'error',
      error: { message, code: 'paymentFailed', paymentFailed: { declineCode } },
    });
    expect(navigate).not.toHaveBeenCalled();
    expect(actions.getSession().lastPaymentError).toEqual({ message });
    expect(actions.getSession().status).toEqual({ type: 'open' });
    expect(changes.at(-1)?.lastPaymentError).toEqual({ message });
  });

  test.each([
    ['4242 4242 4242 4241', '12 / 34', '123', 'Your card number is invalid.', 'Card number'],
    ['4242 4242', '12 / 34', '123', 'Your card number is incomplete.', 'Card number'],
    [
      '4242 4242 4242 4242',
      '12 / 25',
      '123',
      "Your card's expiration year is in the past.",
      'Expiration date',
    ],
    [
      '4242 4242 4242 4242',
      '05 / 26',
      '123',
      "Your card's expiration date is in the past.",
      'Expiration date',
    ],
    ['4242 4242 4242 4242', '12 / 34', '12', "Your card's security code is incomplete.", 'Security code'],
  ])('%s %s %s fails validation without a request', async (number, expiry, cvc, message, field) => {
    const { server, sdk, actions } = await setUp();
    const host = await mountPayment(sdk);
    fillCard(host, number, expiry, cvc);
    expect(await actions.confirm()).toEqual({ type: 'error', error: { message, code: null } });
    expect(server.callsTo('/confirm')).toHaveLength(0);
    expect(fieldError(host, field)).toBe(message);
  });

  test('the konbini method completes the session unpaid', async () => {
    const { server, sdk, actions } = await setUp(makeApiSession({ currency: 'jpy' }));
    const host = await mountPayment(sdk);
    const konbini = host
      .querySelectorAll('label')
      .find((label) => label.textContent.trim() === 'Konbini (pay later)');
    const radio = konbini?.querySelector('input');
    if (!radio) throw new Error('no konbini radio');
    radio.checked = true;
    radio.dispatch('change');
    const result = await actions.confirm({ redirect: 'if_required' });
    expect(result.type === 'success' && result.session.status).toEqual({
      type: 'complete',
      paymentStatus: 'unpaid',
    });
    expect(Object.fromEntries(server.callsTo('/confirm')[0]?.body ?? [])).toEqual({
      client_secret: CLIENT_SECRET,
      'payment_method_data[type]': 'konbini',
    });
  });

  test('a complete or expired session fails cleanly without a request', async () => {
    for (const status of ['complete', 'expired']) {
      const { server, sdk, actions } = await setUp(makeApiSession({ status, payment_status: 'paid' }));
      fillCard(await mountPayment(sdk), '4242424242424242');
      const result = await actions.confirm();
      expect(result).toEqual({
        type: 'error',
        error: { code: null, message: expect.stringMatching(/complete|expired/) },
      });
      expect(server.callsTo('/confirm')).toHaveLength(0);
    }
  });

  test('a session that closed on the server answers its error and is refreshed', async () => {
    const { server, sdk, actions, changes } = await setUp();
    fillCard(await mountPayment(sdk), '4242424242424242');
    server.session = makeApiSession({ status: 'expired' });
    expect(await actions.confirm()).toEqual({
      type: 'error',
      error: { message: 'This Checkout Session is no longer open.', code: null },
    });
    expect(actions.getSession().status).toEqual({ type: 'expired' });
    expect(changes.at(-1)?.status).toEqual({ type: 'expired' });
  });

  test('confirm without a mounted Payment Element answers an error', async () => {
    const { actions } = await setUp();
    const result = await actions.confirm();
    expect(result.type === 'error' && result.error.message).toMatch(/Payment Element/);
  });
});

describe('canConfirm: ready to confirm, as Stripe.js reports it', () => {
  test('false until the payment form is complete; typing into it announces the change', async () => {
    const { sdk, actions, changes } = await setUp(shipped());
    expect(actions.getSession().canConfirm).toBe(false);
    const host = await mountPayment(sdk);
    expect(actions.getSession().canConfirm).toBe(false);
    typeInto(host, 'Card number', '4242 4242 4242 4242');
    typeInto(host, 'Expiration date', '12 / 34');
    expect(actions.getSession().canConfirm).toBe(false);
    typeInto(host, 'Security code', '123');
    expect(actions.getSession().canConfirm).toBe(true);
    expect(changes.at(-1)?.canConfirm).toBe(true);
    typeInto(host, 'Card number', '4242 4242 4242 4241');
    expect(actions.getSession().canConfirm).toBe(false);
    expect(changes.at(-1)?.canConfirm).toBe(false);
  });

  test('false while the shipping address the session collects is missing', async () => {
    const { server, sdk, actions } = await setUp();
    fillCard(await mountPayment(sdk), '4242424242424242');
    expect(actions.getSession().canConfirm).toBe(false);
    const result = await actions.runServerUpdate(async () => {
      // The app's shipping-address route sets it on the session (server_only shipping details).
      server.session = shipped();
    });
    expect(result.type === 'success' && result.session.canConfirm).toBe(true);
  });
});

describe('confirm needs the total to have been read', () => {
  test('throws an IntegrationError, sending nothing, when the page never read the total', async () => {
    const { server, sdk, actions } = await setUp(shipped(), undefined, { showsTotal: false });
    fillCard(await mountPayment(sdk), '4242424242424242');
    const thrown = await actions.confirm({ email: 'ada@example.com' }).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).toMatchObject({
      name: 'IntegrationError',
      message: expect.stringContaining('total.total.amount'),
    });
    expect(server.callsTo('/confirm')).toHaveLength(0);
  });

  test('minorUnitsAmount counts only together with currency and minorUnitsAmountDivisor', async () => {
    const { server, sdk, actions } = await setUp(shipped(), undefined, { showsTotal: false });
    fillCard(await mountPayment(sdk), '4242424242424242');
    const session = actions.getSession();
    expect(session.total.total.minorUnitsAmount).toBe(15800);
    await expect(actions.confirm({ redirect: 'if_required', email: 'a@example.com' })).rejects.toThrow(
      /minorUnitsAmountDivisor/,
    );
    expect(session.currency).toBe('usd');
    expect(session.minorUnitsAmountDivisor).toBe(100);
    expect((await actions.confirm({ redirect: 'if_required', email: 'a@example.com' })).type).toBe('success');
    expect(server.callsTo('/confirm')).toHaveLength(1);
  });

  test('reading total.total.amount of any session this SDK gave out is enough', async () => {
    const { sdk, actions, changes } = await setUp(shipped(), undefined, { showsTotal: false });
    fillCard(await mountPayment(sdk), '4242424242424242');
    expect(changes.at(-1)?.total.total.amount).toBe('$158.00');
    expect((await actions.confirm({ redirect: 'if_required', email: 'a@example.com' })).type).toBe('success');
  });
});

describe('a free order (total 0)', () => {
  test('collects no payment details: no card fields, canConfirm without them, confirm sends none', async () => {
    const { server, sdk, actions } = await setUp(shipped({ amount_total: 0 }));
    const host = fakeDocument.createElement('div');
    sdk.createPaymentElement().mount(host as unknown as HTMLElement);
    await vi.waitFor(() => expect(host.textContent).toContain('No payment is needed for this order.'));
    expect(host.querySelectorAll('input')).toHaveLength(0);
    expect(actions.getSession().canConfirm).toBe(true);
    expect((await actions.validateElements()).type).toBe('success');
    const result = await actions.confirm({ redirect: 'if_required', email: 'free@example.com' });
    expect(result.type === 'success' && result.session.status).toEqual({
      type: 'complete',
      paymentStatus: 'no_payment_required',
    });
    expect(Object.fromEntries(server.callsTo('/confirm')[0]?.body ?? [])).toEqual({
      client_secret: CLIENT_SECRET,
      email: 'free@example.com',
    });
  });

  test('an element mounted before the session loads hides its card fields once it is known to be free', async () => {
    const server = createFakeLocalStripe(shipped({ amount_total: 0 }));
    const stripe = createLocalStripeJs({ publishableKey: LOCAL_STRIPE_PUBLISHABLE_KEY, fetch: server.fetch });
    const sdk = stripe.initCheckoutElementsSdk({ clientSecret: CLIENT_SECRET });
    const host = fakeDocument.createElement('div');
    sdk.createPaymentElement().mount(host as unknown as HTMLElement);
    await vi.waitFor(() => expect(host.querySelectorAll('input').length).toBeGreaterThan(0));
    expect((await sdk.loadActions()).type).toBe('success');
    await vi.waitFor(() => expect(host.textContent).toContain('No payment is needed'));
    expect(host.querySelectorAll('input')).toHaveLength(0);
  });

  test('the card fields come back when the order stops being free', async () => {
    const { server, sdk, actions } = await setUp(shipped({ amount_total: 0 }));
    const host = fakeDocument.createElement('div');
    sdk.createPaymentElement().mount(host as unknown as HTMLElement);
    await vi.waitFor(() => expect(host.textContent).toContain('No payment is needed'));
    await actions.runServerUpdate(async () => {
      server.session = shipped();
    });
    await vi.waitFor(() => expect(host.querySelectorAll('input').length).toBeGreaterThan(0));
    expect(actions.getSession().canConfirm).toBe(false);
    const result = await actions.confirm({ redirect: 'if_required', email: 'a@example.com' });
    expect(result).toEqual({
      type: 'error',
      error: { message: 'Your card number is incomplete.', code: null },
    });
    expect(server.callsTo('/confirm')).toHaveLength(0);
  });
});

describe('elements', () => {
  test('the payment element has exactly three textboxes and reports completeness through change', async () => {
    const { sdk } = await setUp();
    const element = sdk.createPaymentElement();
    const changes: Array<{ complete: boolean; empty: boolean }> = [];
    const ready = vi.fn();
    element.on('change', (event) => changes.push({ complete: event.complete, empty: event.empty }));
    element.on('ready', ready);
    const host = fakeDocument.createElement('div');
    element.mount(host as unknown as HTMLElement);
    await vi.waitFor(() => expect(ready).toHaveBeenCalledWith({ elementType: 'payment' }));
    const textboxes = host.querySelectorAll('input').filter((input) => input.getAttribute('type') === 'text');
    expect(textboxes).toHaveLength(3);
    expect(host.querySelectorAll('label').map((label) => label.textContent.trim())).toEqual([
      'Card',
      'Konbini (pay later)',
      'Card number',
      'Expiration date',
      'Security code',
    ]);
    fillCard(host, '4242 4242 4242 4242');
    expect(changes.at(0)).toEqual({ complete: false, empty: false });
    expect(changes.at(-1)).toEqual({ complete: true, empty: false });
  });

  test('the payment element offers only the methods the session offers', async () => {
    const { sdk } = await setUp(makeApiSession({ payment_method_types: ['card'] }));
    const element = sdk.createPaymentElement();
    const ready = vi.fn();
    element.on('ready', ready);
    const host = fakeDocument.createElement('div');
    element.mount(host as unknown as HTMLElement);
    await vi.waitFor(() => expect(ready).toHaveBeenCalled());
    const labels = host.querySelectorAll('label').map((label) => label.textContent.trim());
    expect(labels).toContain('Card');
    expect(labels).not.toContain('Konbini (pay later)');
  });

  test('inline errors appear when leaving an incomplete field and clear when fixed', async () => {
    const { sdk } = await setUp();
    const host = await mountPayment(sdk);
    typeInto(host, 'Card number', '4242');
    expect(fieldError(host, 'Card number')).toBe('');
    leaveField(host, 'Card number');
    expect(fieldError(host, 'Card number')).toBe('Your card number is incomplete.');
    typeInto(host, 'Card number', '4242424242424242');
    expect(fieldError(host, 'Card number')).toBe('');
    typeInto(host, 'Expiration date', '01 / 20');
    expect(fieldError(host, 'Expiration date')).toBe("Your card's expiration year is in the past.");
  });

  test('only one payment element at a time; a destroyed one can be replaced', async () => {
    const { sdk } = await setUp();
    const first = sdk.createPaymentElement();
    expect(() => sdk.createPaymentElement()).toThrow(/only create one/);
    expect(sdk.getPaymentElement()).toBe(first);
    first.destroy();
    expect(sdk.getPaymentElement()).toBeNull();
    expect(() => sdk.createPaymentElement()).not.toThrow();
  });

  test('the shipping address element offers the allowed countries and reports the address', async () => {
    const { server, sdk } = await setUp();
    const element = sdk.createShippingAddressElement();
    const events: Array<{ complete: boolean; country: string }> = [];
    element.on('change', (event) =>
      events.push({ complete: event.complete, country: event.value.address.country }),
    );
    const host = fakeDocument.createElement('div');
    element.mount(host as unknown as HTMLElement);
    await vi.waitFor(() => expect(host.querySelector('select')).not.toBeNull());
    expect(host.querySelectorAll('option').map((option) => option.getAttribute('value'))).toEqual([
      'US',
      'JP',
      'GB',
    ]);
    typeInto(host, 'Full name', 'Hanako Yamada');
    typeInto(host, 'Address line 1', '1-1 Chiyoda');
    typeInto(host, 'City', 'Tokyo');
    typeInto(host, 'Postal code', '100-0001');
    const country = host.querySelector('select');
    if (!country) throw new Error('no select');
    country.value = 'JP';
    country.dispatch('change');
    expect(events.at(-1)).toEqual({ complete: true, country: 'JP' });
    expect(await element.getValue()).toMatchObject({ complete: true, value: { name: 'Hanako Yamada' } });
    // server_only shipping details: the element collects, the app's own route sends.
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(server.callsTo('/client_update')).toHaveLength(0);
  });

  test('with client_only shipping details the element syncs a complete address to the session', async () => {
    const { server, sdk } = await setUp(
      makeApiSession({
        permissions: { update_shipping_details: 'client_only', update_discounts: 'server_only' },
      }),
    );
    vi.useFakeTimers();
    const host = fakeDocument.createElement('div');
    sdk.createShippingAddressElement().mount(host as unknown as HTMLElement);
    await vi.waitFor(() => expect(host.querySelector('select')).not.toBeNull());
    typeInto(host, 'Full name', 'Ada');
    typeInto(host, 'Address line 1', '1 Main St');
    typeInto(host, 'City', 'Springfield');
    typeInto(host, 'Postal code', '12345');
    await vi.advanceTimersByTimeAsync(500);
    const [call] = server.callsTo('/client_update');
    expect(call?.body.get('shipping_details[address][country]')).toBe('US');
    expect(call?.body.get('shipping_details[name]')).toBe('Ada');
  });

  test('the address element prefills from the session', async () => {
    const { sdk } = await setUp(
      makeApiSession({
        collected_information: {
          shipping_details: {
            name: 'Ada',
            address: { line1: '1 Main St', city: 'Springfield', country: 'GB' },
          },
        },
      }),
    );
    const host = fakeDocument.createElement('div');
    const element = sdk.createShippingAddressElement();
    element.mount(host as unknown as HTMLElement);
    await vi.waitFor(() => expect(host.querySelector('select')).not.toBeNull());
    expect((await element.getValue()).value).toMatchObject({
      name: 'Ada',
      address: { line1: '1 Main St', city: 'Springfield', country: 'GB' },
    });
    expect(host.querySelector('select')?.value).toBe('GB');
  });

  test('validateElements reports incomplete elements', async () => {
    const { sdk, actions } = await setUp();
    await mountPayment(sdk);
    const result = await actions.validateElements();
    expect(result).toEqual({
      type: 'error',
      error: {
        code: 'validation_error',
        message: 'Your card number is incomplete.',
        validation_errors: [{ message: 'Your card number is incomplete.', element: 'payment' }],
      },
    });
  });

  test('the other checkout elements exist and report ready', async () => {
    const { sdk } = await setUp();
    const express = sdk.createExpressCheckoutElement();
    const ready = vi.fn();
    express.on('ready', ready);
    express.mount(fakeDocument.createElement('div') as unknown as HTMLElement);
    await vi.waitFor(() => expect(ready).toHaveBeenCalled());
    expect(sdk.getExpressCheckoutElement()).toBe(express);
    for (const create of [
      () => sdk.createCurrencySelectorElement(),
      () => sdk.createTaxIdElement(),
      () => sdk.createContactDetailsElement(),
      () => sdk.createTermsElement(),
      () => sdk.createLinkSignupElement(),
      () => sdk.createBillingAddressElement(),
    ]) {
      expect(typeof create().mount).toBe('function');
    }
  });
});

// Keeps the action surface honest: every method Stripe.js documents is present.
test('loadActions exposes the whole Stripe.js action surface', async () => {
  const { actions } = await setUp();
  const names: Array<keyof StripeCheckoutLoadActionsSuccess> = [
    'applyPromotionCode',
    'removePromotionCode',
    'updateShippingAddress',
    'updateBillingAddress',
    'updatePhoneNumber',
    'updateEmail',
    'updateIndividualName',
    'updateBusinessName',
    'updateLineItemQuantity',
    'updateTaxIdInfo',
    'updateShippingOption',
    'confirm',
    'getSession',
    'runServerUpdate',
    'validateElements',
    'addOptionalLineItem',
    'removeOptionalLineItem',
  ];
  for (const name of names) expect(typeof actions[name]).toBe('function');
});
