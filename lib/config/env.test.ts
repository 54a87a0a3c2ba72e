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
      codeApplicationsPer10Minutes: 10,
      checkoutChangesPerMinute: 120,
      adminSignInFailuresPer15Minutes: 10,
    });
    expect(config.adminPassword).toBeNull();
  });

  test('ADMIN_PASSWORD: at least 16 characters; the sign-in failure limit is at most 10', () => {
    expect(parseEnv({ ADMIN_PASSWORD: 'correct horse battery' }).adminPassword).toBe('correct horse battery');
    expect(problemsOf({ ADMIN_PASSWORD: 'short-password' })).toContain(
      'ADMIN_PASSWORD must be at least 16 characters',
    );
    const limited = parseEnv({ RATE_LIMIT_ADMIN_SIGN_IN_FAILURES_PER_15_MINUTES: '3' });
    expect(limited.rateLimits.adminSignInFailuresPer15Minutes).toBe(3);
    expect(problemsOf({ RATE_LIMIT_ADMIN_SIGN_IN_FAILURES_PER_15_MINUTES: '50' })).toContain(
      'RATE_LIMIT_ADMIN_SIGN_IN_FAILURES_PER_15_MINUTES must be a whole number from 1 to 10',
    );
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

  test('local mode: loopback only, demo sign-in on, webhooks to the loopback port the app listens on', () => {
    const config = parseEnv({ PORT: '4123' });
    expect(config).toMatchObject({
      localStripe: true,
      servesLocalStripe: true,
      syncCatalogOnStart: true,
      bundlePublishableKey: '',
      allowRemote: false,
      demoSignIn: true,
      port: 4123,
      localStripeSecretKey: null,
      localStripeWebhookUrl: 'http://127.0.0.1:4123/api/webhooks/stripe',
    });
    expect(parseEnv({}).localStripeWebhookUrl).toBe('http://127.0.0.1:3000/api/webhooks/stripe');
    expect(parseEnv({ LOCAL_STRIPE_ALLOW_REMOTE: '1' }).allowRemote).toBe(true);
    // Using another instance's local Stripe: still synced (it is ours), but not served from here.
    expect(
      parseEnv({
        LOCAL_STRIPE_URL: 'http://127.0.0.1:3000/api/local-stripe',
        LOCAL_STRIPE_SECRET_KEY: 'sk_test_0123456789abcdef',
      }),
    ).toMatchObject({ servesLocalStripe: false, syncCatalogOnStart: true });
    expect(
      parseEnv({ LOCAL_STRIPE_WEBHOOK_URL: 'http://10.0.0.5:3000/api/webhooks/stripe' })
        .localStripeWebhookUrl,
    ).toBe('http://10.0.0.5:3000/api/webhooks/stripe');
  });

  test('real mode: no demo sign-in unless DEMO_SIGN_IN=1, and no local Stripe key', () => {
    const real = {
      STRIPE_SECRET_KEY: 'sk_test_123',
      NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_test_123',
      APP_SECRET: 'x'.repeat(32),
      LOCAL_STRIPE_SECRET_KEY: 'sk_test_0123456789abcdef',
    };
    expect(parseEnv(real)).toMatchObject({
      localStripe: false,
      servesLocalStripe: false,
      syncCatalogOnStart: false,
      bundlePublishableKey: 'pk_test_123',
      demoSignIn: false,
      allowRemote: true,
      localStripeSecretKey: null,
    });
    expect(parseEnv({ ...real, DEMO_SIGN_IN: '1' }).demoSignIn).toBe(true);
    expect(parseEnv({ ...real, DEMO_SIGN_IN: '0' }).demoSignIn).toBe(false);
  });

  test('LOCAL_STRIPE_SECRET_KEY is taken when it is a test secret key of 16+ characters', () => {
    expect(parseEnv({ LOCAL_STRIPE_SECRET_KEY: 'sk_test_0123456789' }).localStripeSecretKey).toBe(
      'sk_test_0123456789',
    );
  });

  test.each([
    [{ LOCAL_STRIPE_SECRET_KEY: 'sk_test_local' }, 'LOCAL_STRIPE_SECRET_KEY must be a test secret key'],
    [
      { LOCAL_STRIPE_SECRET_KEY: 'sk_live_0123456789abcdef' },
      'LOCAL_STRIPE_SECRET_KEY must be a test secret key',
    ],
    [
      { LOCAL_STRIPE_URL: 'http://127.0.0.1:3000/api/local-stripe' },
      'LOCAL_STRIPE_SECRET_KEY is required with LOCAL_STRIPE_URL',
    ],
    [{ LOCAL_STRIPE_ALLOW_REMOTE: 'yes' }, 'LOCAL_STRIPE_ALLOW_REMOTE must be 1 (on) or 0 (off)'],
    [{ DEMO_SIGN_IN: 'on' }, 'DEMO_SIGN_IN must be 1 (on) or 0 (off)'],
    [{ LOCAL_STRIPE_WEBHOOK_URL: 'attacker:3399/x?' }, 'LOCAL_STRIPE_WEBHOOK_URL must be an http://'],
    [{ APP_URL: 'https://shop.example/checkout' }, 'APP_URL must be the origin'],
    [{ PORT: '70000' }, 'PORT must be a whole number'],
  ])('%o is refused', (env, expected) => {
    expect(problemsOf(env)).toContain(expected);
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

  test('the local Stripe runs on its own thread unless LOCAL_STRIPE_THREAD is 0', () => {
    expect(parseEnv({}).localStripeThread).toBe(true);
    expect(parseEnv({ LOCAL_STRIPE_THREAD: '1' }).localStripeThread).toBe(true);
    expect(parseEnv({ LOCAL_STRIPE_THREAD: '0' }).localStripeThread).toBe(false);
    expect(problemsOf({ LOCAL_STRIPE_THREAD: 'yes' })).toContain(
      'LOCAL_STRIPE_THREAD must be 1 (on) or 0 (off).',
    );
  });
});
