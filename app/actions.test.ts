import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';

/**
 * The demo "Shopping as" sign-in: with real Stripe keys and without DEMO_SIGN_IN no request can sign
 * in as a demo customer (the server action refuses, and a signed cookie is ignored), and a cookie
 * copied from another browser signs nobody in.
 */

/** One browser's cookie jar, as next/headers' `cookies()` shows it to the code under test. */
class Jar {
  readonly values = new Map<string, string>();
  get(name: string) {
    const value = this.values.get(name);
    return value === undefined ? undefined : { name, value };
  }
  set(name: string, value: string) {
    this.values.set(name, value);
  }
  delete(name: string) {
    this.values.delete(name);
  }
}

const browser: { jar: Jar } = { jar: new Jar() };
vi.mock('next/headers', () => ({
  cookies: async () => browser.jar,
  headers: async () => new Headers(),
}));

type Holder = typeof globalThis & {
  __embeddedCheckoutConfig?: unknown;
  __embeddedCheckoutStore?: Promise<{ close(): Promise<void> }>;
};
const holder = globalThis as Holder;
const saved = { ...process.env };
const REAL_KEYS = {
  STRIPE_SECRET_KEY: 'sk_test_real_account',
  NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_test_real_account',
  APP_SECRET: 'a'.repeat(40),
};

function useEnv(env: Record<string, string>) {
  process.env = { ...saved, DATA_DIR: dataDir, ...env };
  delete holder.__embeddedCheckoutConfig;
}

let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'demo-sign-in-'));
  useEnv(REAL_KEYS);
  const { getStore } = await import('@/lib/store/app-store');
  const { seedDemoCustomers } = await import('@/lib/customers');
  await seedDemoCustomers(await getStore());
});

afterAll(async () => {
  await (await holder.__embeddedCheckoutStore)?.close();
  delete holder.__embeddedCheckoutStore;
  process.env = { ...saved };
  delete holder.__embeddedCheckoutConfig;
});

beforeEach(() => {
  browser.jar = new Jar();
});

async function currentCustomerId(): Promise<string | null> {
  const { getShopper } = await import('@/lib/http/identity');
  return (await getShopper()).customer?.id ?? null;
}

describe('with Stripe keys and without DEMO_SIGN_IN', () => {
  test('the sign-in action refuses and writes no cookie', async () => {
    useEnv(REAL_KEYS);
    const { selectCustomerAction } = await import('./actions');
    for (const customer of ['vip', 'gold', 'returning']) {
      expect(await selectCustomerAction(customer)).toEqual({
        ok: false,
        reason: 'signInUnavailable',
        message: 'Signing in as a demo customer is not available in this shop.',
      });
    }
    expect(browser.jar.values.has('ec_customer')).toBe(false);
    expect(await currentCustomerId()).toBeNull();
  });

  test('a correctly signed and bound cookie (from before, or forged with the secret) signs nobody in', async () => {
    useEnv({ ...REAL_KEYS, DEMO_SIGN_IN: '1' });
    const { selectCustomerAction } = await import('./actions');
    expect(await selectCustomerAction('vip')).toEqual({ ok: true });
    expect(await currentCustomerId()).toBe('vip');

    useEnv(REAL_KEYS);
    expect(await currentCustomerId()).toBeNull();
  });
});

describe('with DEMO_SIGN_IN=1 (previews) or in local mode', () => {
  test.each([
    ['DEMO_SIGN_IN=1', { ...REAL_KEYS, DEMO_SIGN_IN: '1' }],
    ['local mode', { STRIPE_SECRET_KEY: '', NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: '' }],
  ])('%s: the sign-in works, and signing out too', async (_name, env) => {
    useEnv(env);
    const { selectCustomerAction } = await import('./actions');
    expect(await selectCustomerAction('vip')).toEqual({ ok: true });
    expect(await currentCustomerId()).toBe('vip');
    expect(await selectCustomerAction('nobody')).toEqual({
      ok: false,
      reason: 'unknownCustomer',
      message: 'Unknown customer.',
    });
    expect(await selectCustomerAction(null)).toEqual({ ok: true });
    expect(await currentCustomerId()).toBeNull();
  });

  test('the cookie is bound to the browser that signed in: copied into another browser, it is refused', async () => {
    useEnv({ ...REAL_KEYS, DEMO_SIGN_IN: '1' });
    const { selectCustomerAction } = await import('./actions');
    const { ensureBrowserId } = await import('@/lib/http/identity');

    const vipBrowser = new Jar();
    browser.jar = vipBrowser;
    expect(await selectCustomerAction('vip')).toEqual({ ok: true });
    expect(await currentCustomerId()).toBe('vip');
    const copied = vipBrowser.values.get('ec_customer');
    expect(copied).toBeDefined();

    const otherBrowser = new Jar();
    browser.jar = otherBrowser;
    await ensureBrowserId(false);
    otherBrowser.set('ec_customer', copied ?? '');
    expect(await currentCustomerId()).toBeNull();

    // Without any browser cookie of its own, the copied value is refused as well.
    browser.jar = new Jar();
    browser.jar.set('ec_customer', copied ?? '');
    expect(await currentCustomerId()).toBeNull();
  });
});
