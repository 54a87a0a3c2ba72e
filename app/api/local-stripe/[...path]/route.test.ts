import { mkdtempSync } from 'node:fs';
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

const faultRequest = () =>
  new Request('http://127.0.0.1:3000/api/local-stripe/v1/test_helpers/faults', {
    method: 'POST',
    headers: { authorization: 'Bearer sk_test_local', 'content-type': 'application/x-www-form-urlencoded' },
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

  test('serves the test controls without keys (the control case)', async () => {
    useEnv({
      STRIPE_SECRET_KEY: '',
      NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: '',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'local-stripe-route-')),
    });
    const { POST, DELETE } = await import('./route');
    const response = await POST(faultRequest());
    expect(response.status).toBe(200);
    expect(
      (
        await DELETE(
          new Request('http://127.0.0.1:3000/api/local-stripe/v1/test_helpers/faults', {
            method: 'DELETE',
            headers: { authorization: 'Bearer sk_test_local' },
          }),
        )
      ).status,
    ).toBe(200);
    await (holder[LOCAL_STRIPE] as { close(): Promise<void> }).close();
  });
});
