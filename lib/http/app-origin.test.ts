import { describe, expect, test } from 'vitest';
import { parseEnv } from '@/lib/config/env';
import { AppError } from '@/lib/errors';
import { appOrigin } from './app-origin';

const request = (headers: Record<string, string>, url = 'http://127.0.0.1:3000/api/checkout/sessions') =>
  new Request(url, { method: 'POST', headers });

const local = parseEnv({ PORT: '3000' });
const real = parseEnv({
  STRIPE_SECRET_KEY: 'sk_test_1',
  NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_test_1',
  APP_SECRET: 'x'.repeat(32),
});

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('appOrigin (return URLs)', () => {
  test('X-Forwarded-Host never chooses it', () => {
    const forged = request({
      host: '127.0.0.1:3000',
      'x-forwarded-host': 'attacker.example:3399',
    });
    expect(appOrigin(forged, local, [])).toBe('http://127.0.0.1:3000');
  });

  test.each(['localhost:3000', '127.0.0.1:4000', '[::1]:3000'])(
    'a loopback Host %s is the app own',
    (host) => {
      expect(appOrigin(request({ host }), local, [])).toBe(`http://${host}`);
    },
  );

  test('a Host that is not one of the app own names is refused with a 400 code', () => {
    const error = refusal(() => appOrigin(request({ host: 'attacker.example' }), local, []));
    expect(error.code).toBe('invalid_request');
    // Local mode on loopback: not even this machine's other addresses.
    expect(() => appOrigin(request({ host: '192.0.2.2:3000' }), local, ['192.0.2.2'])).toThrow(AppError);
  });

  test("beyond loopback, this machine's addresses and the platform's hosts are the app's own", () => {
    expect(appOrigin(request({ host: '192.0.2.2:3000' }), real, ['192.0.2.2'])).toBe('http://192.0.2.2:3000');
    const vercel = parseEnv({
      VERCEL: '1',
      VERCEL_URL: 'shop-abc123.vercel.app',
      STRIPE_SECRET_KEY: 'sk_test_1',
      NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_test_1',
      STRIPE_WEBHOOK_SECRET: 'whsec_1',
      DATABASE_URL: 'postgres://db/x',
      APP_SECRET: 'x'.repeat(32),
    });
    expect(appOrigin(request({ host: 'shop-abc123.vercel.app' }), vercel, [])).toBe(
      'https://shop-abc123.vercel.app',
    );
    expect(() => appOrigin(request({ host: 'evil.vercel.app' }), vercel, [])).toThrow(AppError);
  });

  test('APP_URL wins over any Host', () => {
    const configured = parseEnv({ ...{ APP_URL: 'https://shop.example.com' } });
    expect(appOrigin(request({ host: 'attacker.example' }), configured, [])).toBe('https://shop.example.com');
  });
});
