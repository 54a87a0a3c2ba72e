import { describe, expect, test } from 'vitest';
import { ConfigError, parseEnv } from './env';

function problemsOf(env: Record<string, string>): string {
  try {
    parseEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseEnv', () => {
  test('no variables: local Stripe, PGlite, defaults', () => {
    const config = parseEnv({});
    expect(config.stripe.mode).toBe('local');
    expect(config.databaseUrl).toBeNull();
    expect(config.dataDir).toBe('.data');
    expect(config.checkoutSessionTtlMinutes).toBe(60);
    expect(config.databasePoolMax).toBe(5);
    expect(config.localStripeLatencyMs).toBe(0);
    expect(config.rateLimits).toEqual({
      sessionCreatePerMinute: 30,
      wrongCodesPer10Minutes: 10,
      checkoutChangesPerMinute: 120,
    });
  });

  test('a secret key without the publishable key fails naming NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY', () => {
    const message = problemsOf({ STRIPE_SECRET_KEY: 'sk_test_123', APP_SECRET: 'x'.repeat(32) });
    expect(message).toContain('NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY is required when STRIPE_SECRET_KEY is set');
  });

  test('both keys: real mode', () => {
    const config = parseEnv({
      STRIPE_SECRET_KEY: 'sk_test_123',
      NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_test_123',
      STRIPE_WEBHOOK_SECRET: 'whsec_1',
      APP_SECRET: 'x'.repeat(32),
    });
    expect(config.stripe).toEqual({
      mode: 'real',
      secretKey: 'sk_test_123',
      publishableKey: 'pk_test_123',
      webhookSecret: 'whsec_1',
    });
  });

  test('empty strings count as unset', () => {
    expect(parseEnv({ STRIPE_SECRET_KEY: '', DATABASE_URL: '  ' }).stripe.mode).toBe('local');
  });

  test('on Vercel, Stripe keys, DATABASE_URL and APP_SECRET are required and the message says why', () => {
    const message = problemsOf({ VERCEL: '1' });
    for (const name of ['STRIPE_SECRET_KEY', 'DATABASE_URL', 'APP_SECRET', 'STRIPE_WEBHOOK_SECRET']) {
      expect(message).toContain(`${name} is required on Vercel`);
    }
    expect(message).toContain('local Stripe runs in a single process');
  });

  test.each([
    [
      { CHECKOUT_SESSION_TTL_MINUTES: '10' },
      'CHECKOUT_SESSION_TTL_MINUTES must be a whole number from 31 to 1439',
    ],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgres://'],
    [{ DATABASE_POOL_MAX: '0' }, 'DATABASE_POOL_MAX must be a whole number from 1 to 1000'],
    [{ LOCAL_STRIPE_LATENCY_MS: '-5' }, 'LOCAL_STRIPE_LATENCY_MS must be a whole number from 0 to 60000'],
    [{ APP_SECRET: 'short' }, 'APP_SECRET must be at least 32 characters'],
    [{ NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_test_1' }, 'STRIPE_SECRET_KEY is required when NEXT_PUBLIC'],
    [
      { STRIPE_SECRET_KEY: 'pk_test_1', NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_test_1' },
      'STRIPE_SECRET_KEY must start',
    ],
  ])('%o is refused', (env, expected) => {
    expect(problemsOf(env)).toContain(expected);
  });

  test('DATABASE_POOL_MAX and LOCAL_STRIPE_LATENCY_MS are read as numbers', () => {
    const config = parseEnv({ DATABASE_POOL_MAX: '12', LOCAL_STRIPE_LATENCY_MS: '150' });
    expect(config.databasePoolMax).toBe(12);
    expect(config.localStripeLatencyMs).toBe(150);
  });
});
