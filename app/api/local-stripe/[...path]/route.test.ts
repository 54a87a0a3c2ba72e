import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';

/**
 * The local Stripe's HTTP face (and with it the fault, clock and payment test controls) must not
 * exist when the app is configured with real Stripe keys.
 */
const LOCAL_STRIPE = Symbol.for('embedded-checkout.local-stripe');
type Holder = typeof globalThis & { __embeddedCheckoutConfig?: unknown; [LOCAL_STRIPE]?: unknown };
const holder = globalThis as Holder;
const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  delete holder.__embeddedCheckoutConfig;
});

function useEnv(env: Record<string, string>) {
  process.env = { ...saved, ...env };
  delete holder.__embeddedCheckoutConfig;
}

const INSTANCE_KEY = 'sk_test_route_test_0123456789';

const faultRequest = (key = INSTANCE_KEY) =>
  new Request('http://127.0.0.1:3000/api/local-stripe/v1/test_helpers/faults', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'path=%2Fv1%2Fcheckout%2Fsessions&count=1&kind=server_error',
  });

describe('/api/local-stripe', () => {
  test('answers 404 to every method with real Stripe keys, without creating a local Stripe', async () => {
    useEnv({
      STRIPE_SECRET_KEY: 'sk_test_real_account',
      NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_test_real_account',
      APP_SECRET: 'x'.repeat(40),
    });
    const previous = holder[LOCAL_STRIPE];
    const { GET, POST, DELETE } = await import('./route');
    for (const handler of [GET, POST, DELETE]) {
      const response = await handler(faultRequest());
      expect(response.status).toBe(404);
      expect((await response.json()).error.message).toContain('real Stripe');
    }
    expect(holder[LOCAL_STRIPE]).toBe(previous);
  });

  test("without keys, the test controls answer 401 to sk_test_local and open only for the instance's key", async () => {
    useEnv({
      STRIPE_SECRET_KEY: '',
      NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: '',
      LOCAL_STRIPE_SECRET_KEY: INSTANCE_KEY,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'local-stripe-route-')),
    });
    const { POST, DELETE } = await import('./route');
    const refused = await POST(faultRequest('sk_test_local'));
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.type).toBe('invalid_request_error');
    const response = await POST(faultRequest());
    expect(response.status).toBe(200);
    expect(
      (
        await DELETE(
          new Request('http://127.0.0.1:3000/api/local-stripe/v1/test_helpers/faults', {
            method: 'DELETE',
            headers: { authorization: `Bearer ${INSTANCE_KEY}` },
          }),
        )
      ).status,
    ).toBe(200);
    await (holder[LOCAL_STRIPE] as { close(): Promise<void> }).close();
  });

  test('without LOCAL_STRIPE_SECRET_KEY, a key is generated into the data folder and only it opens the API', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'local-stripe-route-'));
    useEnv({ STRIPE_SECRET_KEY: '', NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: '', DATA_DIR: dataDir });
    const { POST } = await import('./route');
    expect((await POST(faultRequest('sk_test_local'))).status).toBe(401);
    const generated = readFileSync(path.join(dataDir, 'local-stripe-secret-key'), 'utf8').trim();
    expect(generated).toMatch(/^sk_test_[0-9a-f]{48}$/);
    expect(statSync(path.join(dataDir, 'local-stripe-secret-key')).mode & 0o077).toBe(0);
    expect((await POST(faultRequest(generated))).status).toBe(200);
    await (holder[LOCAL_STRIPE] as { close(): Promise<void> }).close();
  });
});
