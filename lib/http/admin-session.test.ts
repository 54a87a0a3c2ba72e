import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';

/**
 * The back office's sign-in as its server actions and pages use it: the password, the rate limit
 * on failures, the cookie (signed, httpOnly, SameSite=Strict, /admin only), the server-side session
 * (expiry, sign-out), the same-origin check, and a 404 for everything without ADMIN_PASSWORD.
 * Shopper cookies open nothing here, and the admin cookie is nobody's shopper identity.
 */

interface SetCookie {
  value: string;
  options: Record<string, unknown>;
}

/** One browser's cookies and request headers, as next/headers shows them to the code under test. */
class Browser {
  readonly jar = new Map<string, SetCookie>();
  headers = new Headers({ host: 'shop.example.test', origin: 'http://shop.example.test' });
  get(name: string) {
    const cookie = this.jar.get(name);
    return cookie === undefined ? undefined : { name, value: cookie.value };
  }
  set(name: string, value: string, options: Record<string, unknown> = {}) {
    this.jar.set(name, { value, options });
  }
  delete(nameOrOptions: string | { name: string }) {
    this.jar.delete(typeof nameOrOptions === 'string' ? nameOrOptions : nameOrOptions.name);
  }
}

const current: { browser: Browser } = { browser: new Browser() };
vi.mock('next/headers', () => ({
  cookies: async () => current.browser,
  headers: async () => current.browser.headers,
}));
vi.mock('next/navigation', () => ({
  notFound: () => {
    throw new Error('NEXT_NOT_FOUND');
  },
  redirect: (to: string) => {
    throw new Error(`NEXT_REDIRECT ${to}`);
  },
}));

type Holder = typeof globalThis & {
  __embeddedCheckoutConfig?: unknown;
  __embeddedCheckoutStore?: Promise<{ close(): Promise<void> }>;
};
const holder = globalThis as Holder;
const saved = { ...process.env };
const PASSWORD = 'merchant-password-0123456789';
let dataDir: string;

function useEnv(env: Record<string, string>) {
  process.env = { ...saved, DATA_DIR: dataDir, APP_SECRET: 's'.repeat(40), ...env };
  delete holder.__embeddedCheckoutConfig;
}

const session = await import('./admin-session');
const { getStore } = await import('@/lib/store/app-store');

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'admin-session-'));
});
afterAll(async () => {
  await (await holder.__embeddedCheckoutStore)?.close();
  delete holder.__embeddedCheckoutStore;
  process.env = { ...saved };
  delete holder.__embeddedCheckoutConfig;
});
beforeEach(async () => {
  useEnv({ ADMIN_PASSWORD: PASSWORD });
  current.browser = new Browser();
  await (await getStore()).query('DELETE FROM rate_limits');
});

async function signedIn(): Promise<Browser> {
  expect(await session.signInAdmin(PASSWORD)).toEqual({ ok: true });
  return current.browser;
}

describe('without ADMIN_PASSWORD', () => {
  test('every page check and action answers 404, before looking at anything else', async () => {
    useEnv({ ADMIN_PASSWORD: '' });
    expect(() => session.requireBackOffice()).toThrow('NEXT_NOT_FOUND');
    await expect(session.signInAdmin(PASSWORD)).rejects.toThrow('NEXT_NOT_FOUND');
    await expect(session.readAdminSession(await getStore())).rejects.toThrow('NEXT_NOT_FOUND');
    await expect(session.authorizeAdminChange()).rejects.toThrow('NEXT_NOT_FOUND');
    await expect(session.signOutAdmin()).rejects.toThrow('NEXT_NOT_FOUND');
    expect(current.browser.jar.size).toBe(0);
  });
});

describe('signing in', () => {
  test('the right password opens a session: a signed, httpOnly, SameSite=Strict cookie for /admin only, with an expiry', async () => {
    const browser = await signedIn();
    const cookie = browser.jar.get(session.ADMIN_COOKIE);
    expect(cookie?.options).toEqual({
      httpOnly: true,
      sameSite: 'strict',
      secure: false,
      path: '/admin',
      maxAge: 8 * 3600,
    });
    const actor = await session.readAdminSession(await getStore());
    expect(actor).toMatchObject({
      sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clientAddress: 'local',
    });
    expect(await session.authorizeAdminChange()).toMatchObject({ actor });
  });

  test('Secure behind HTTPS', async () => {
    current.browser.headers.set('x-forwarded-proto', 'https');
    const browser = await signedIn();
    expect(browser.jar.get(session.ADMIN_COOKIE)?.options.secure).toBe(true);
  });

  test('a wrong password is refused and sets nothing; after 10 failures even the right one waits 15 minutes', async () => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect(await session.signInAdmin(`wrong password ${attempt}`)).toEqual({
        ok: false,
        message: 'That password is not right.',
      });
    }
    expect(current.browser.jar.size).toBe(0);
    expect(await session.signInAdmin(PASSWORD)).toEqual({
      ok: false,
      message: 'Too many sign-in attempts. Try again in 15 minutes.',
    });
    // The window ends: the right password works again.
    expect(await session.signInAdmin(PASSWORD, new Date(Date.now() + 15 * 60_000 + 1000))).toEqual({
      ok: true,
    });
  });

  test('right passwords do not use up the failure budget', async () => {
    for (let attempt = 0; attempt < 12; attempt += 1) await signedIn();
    expect(await session.signInAdmin('wrong password')).toEqual({
      ok: false,
      message: 'That password is not right.',
    });
  });

  test('a sign-in posted from another site is refused before the password is looked at', async () => {
    current.browser.headers.set('origin', 'https://attacker.example');
    await expect(session.signInAdmin(PASSWORD)).rejects.toMatchObject({ code: 'cross_origin' });
    current.browser.headers.delete('origin');
    current.browser.headers.set('sec-fetch-site', 'cross-site');
    await expect(session.signInAdmin(PASSWORD)).rejects.toMatchObject({ code: 'cross_origin' });
    expect(current.browser.jar.size).toBe(0);
  });
});

describe('what opens nothing', () => {
  test('no cookie, a forged one, a shopper cookie copied into it, another cookie signed with the secret', async () => {
    const store = await getStore();
    expect(await session.readAdminSession(store)).toBeNull();
    await expect(session.authorizeAdminChange()).rejects.toMatchObject({ code: 'unauthorized' });

    const { ensureBrowserId } = await import('./identity');
    await ensureBrowserId(false);
    const shopperCookie = current.browser.jar.get('ec_browser')?.value ?? '';
    expect(shopperCookie).not.toBe('');
    const { signValue } = await import('./signed-value');
    for (const value of [
      'x.y',
      shopperCookie,
      // Signed with the app secret, for the admin cookie's purpose, but naming no session.
      signValue('s'.repeat(40), session.ADMIN_COOKIE, 'a'.repeat(43)),
    ]) {
      current.browser.set(session.ADMIN_COOKIE, value);
      expect(await session.readAdminSession(store), value).toBeNull();
      await expect(session.authorizeAdminChange()).rejects.toMatchObject({ code: 'unauthorized' });
    }
  });

  test('an expired session, and a signed-out one even if the browser kept its cookie', async () => {
    const store = await getStore();
    const browser = await signedIn();
    const kept = browser.jar.get(session.ADMIN_COOKIE)?.value ?? '';
    expect(await session.readAdminSession(store, new Date(Date.now() + 7 * 3600_000))).not.toBeNull();
    expect(await session.readAdminSession(store, new Date(Date.now() + 8 * 3600_000 + 1000))).toBeNull();

    await session.signOutAdmin();
    expect(browser.jar.has(session.ADMIN_COOKIE)).toBe(false);
    browser.set(session.ADMIN_COOKIE, kept);
    expect(await session.readAdminSession(store)).toBeNull();
    await expect(session.authorizeAdminChange()).rejects.toMatchObject({ code: 'unauthorized' });
  });

  test('a change from another site is refused even with a live session', async () => {
    await signedIn();
    current.browser.headers.set('origin', 'https://attacker.example');
    await expect(session.authorizeAdminChange()).rejects.toMatchObject({ code: 'cross_origin' });
  });

  test('the admin cookie is nobody in the shop: a signed-in merchant is a shopper without a browser id', async () => {
    await signedIn();
    const { getShopper } = await import('./identity');
    expect(await getShopper()).toEqual({ browserId: '', customer: null });
  });
});
