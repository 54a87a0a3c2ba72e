import { afterEach, expect, test, vi } from 'vitest';

const loadStripe = vi.fn(async (key: string) => ({ realStripeWithKey: key }));
vi.mock('@stripe/stripe-js', () => ({ loadStripe }));

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.resetModules();
  loadStripe.mockClear();
});

// A fresh module each time: the env var is read when getStripe first runs, and the result is memoised.
const importGetStripe = async () => (await import('./get-stripe')).getStripe;

test('on the server there is no Stripe.js', async () => {
  const getStripe = await importGetStripe();
  expect(await getStripe()).toBeNull();
});

test('without a publishable key the browser gets the local stand-in, once', async () => {
  vi.stubGlobal('window', {});
  vi.stubEnv('NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY', '');
  const getStripe = await importGetStripe();
  const first = getStripe();
  expect(getStripe()).toBe(first);
  const stripe = await first;
  expect(typeof stripe?.initCheckoutElementsSdk).toBe('function');
  expect(() => stripe?.elements()).toThrow(/local Stripe/);
  expect(loadStripe).not.toHaveBeenCalled();
});

test('with a publishable key the browser gets real Stripe.js', async () => {
  vi.stubGlobal('window', {});
  vi.stubEnv('NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY', 'pk_test_123');
  const getStripe = await importGetStripe();
  expect(await getStripe()).toEqual({ realStripeWithKey: 'pk_test_123' });
  expect(loadStripe).toHaveBeenCalledWith('pk_test_123', {
    locale: 'en',
    betas: ['custom_checkout_server_updates_1'],
  });
});

test('a failed load is not memoised', async () => {
  vi.stubGlobal('window', {});
  vi.stubEnv('NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY', 'pk_test_123');
  loadStripe.mockRejectedValueOnce(new Error('Failed to load Stripe.js'));
  const getStripe = await importGetStripe();
  await expect(getStripe()).rejects.toThrow('Failed to load Stripe.js');
  expect(await getStripe()).toEqual({ realStripeWithKey: 'pk_test_123' });
});
