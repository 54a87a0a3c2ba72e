import { z } from 'zod';

/**
 * The environment, parsed once. Pure: it reads only the object it is given, so tests pass their own.
 * Mode is "local" (the built-in local Stripe) when no STRIPE_SECRET_KEY is set, "real" otherwise.
 */

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const positiveInt = (name: string, fallback: number, min = 1, max = 100_000) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return parsed;
    });

const rawEnvSchema = z.object({
  STRIPE_SECRET_KEY: optionalString,
  NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  DATABASE_URL: optionalString,
  APP_SECRET: optionalString,
  ORDERS_API_TOKEN: optionalString,
  DATA_DIR: optionalString,
  LOCAL_STRIPE_WEBHOOK_URL: optionalString,
  LOCAL_STRIPE_URL: optionalString,
  VERCEL: optionalString,
  // Stripe accepts expires_at between 30 minutes and 24 hours after creation. The app computes it
  // from the current minute (so a retried request sends identical parameters), which can take up to
  // a minute off: one minute of margin at each end.
  CHECKOUT_SESSION_TTL_MINUTES: positiveInt('CHECKOUT_SESSION_TTL_MINUTES', 60, 31, 1439),
  // A serverless function's share of a managed database; no connection waits on Stripe.
  DATABASE_POOL_MAX: positiveInt('DATABASE_POOL_MAX', 5, 1, 1000),
  // A simulated round trip for every call to the local Stripe (latency work without a proxy).
  LOCAL_STRIPE_LATENCY_MS: positiveInt('LOCAL_STRIPE_LATENCY_MS', 0, 0, 60_000),
  RATE_LIMIT_SESSION_CREATE_PER_MINUTE: positiveInt('RATE_LIMIT_SESSION_CREATE_PER_MINUTE', 30),
  RATE_LIMIT_WRONG_CODES_PER_10_MINUTES: positiveInt('RATE_LIMIT_WRONG_CODES_PER_10_MINUTES', 10),
  RATE_LIMIT_CHECKOUT_CHANGES_PER_MINUTE: positiveInt('RATE_LIMIT_CHECKOUT_CHANGES_PER_MINUTE', 120),
});

export type StripeMode = 'local' | 'real';

export interface Config {
  stripe:
    | { mode: 'local'; secretKey: string; publishableKey: string; webhookSecret: string | null }
    | { mode: 'real'; secretKey: string; publishableKey: string; webhookSecret: string | null };
  databaseUrl: string | null;
  /** Postgres connections per instance (DATABASE_POOL_MAX). */
  databasePoolMax: number;
  dataDir: string;
  /** Null in local mode when not set: the app then generates one under dataDir. */
  appSecret: string | null;
  ordersApiToken: string | null;
  checkoutSessionTtlMinutes: number;
  localStripeWebhookUrl: string | null;
  /**
   * Use the local Stripe of another instance of this app (its `/api/local-stripe` URL) instead of
   * one in this process: several instances on one database then share one Stripe, as they would
   * share the real one.
   */
  localStripeUrl: string | null;
  /** Milliseconds the local Stripe of this process waits before answering each API call. */
  localStripeLatencyMs: number;
  isVercel: boolean;
  rateLimits: {
    sessionCreatePerMinute: number;
    wrongCodesPer10Minutes: number;
    checkoutChangesPerMinute: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Keys the local Stripe accepts; they are not secrets and never reach real Stripe. */
export const LOCAL_STRIPE_SECRET_KEY = 'sk_test_local';
export const LOCAL_STRIPE_PUBLISHABLE_KEY = 'pk_test_local';

export function parseEnv(env: Record<string, string | undefined>): Config {
  const parsed = rawEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const raw = parsed.data;
  const problems: string[] = [];
  const isVercel = raw.VERCEL !== undefined;

  if (raw.STRIPE_SECRET_KEY !== undefined) {
    if (!/^(sk|rk)_(test|live)_/.test(raw.STRIPE_SECRET_KEY)) {
      problems.push('STRIPE_SECRET_KEY must start with sk_test_, sk_live_, rk_test_ or rk_live_.');
    }
    if (raw.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY === undefined) {
      problems.push(
        'NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY is required when STRIPE_SECRET_KEY is set (real Stripe mode). ' +
          'Set it to the pk_test_... or pk_live_... key of the same Stripe account, or unset STRIPE_SECRET_KEY to use the local Stripe.',
      );
    } else if (!/^pk_(test|live)_/.test(raw.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY)) {
      problems.push('NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY must start with pk_test_ or pk_live_.');
    }
  } else if (raw.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY !== undefined) {
    problems.push(
      'STRIPE_SECRET_KEY is required when NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY is set. Set both for real Stripe, or neither for the local Stripe.',
    );
  }

  if (isVercel) {
    const why =
      'is required on Vercel: serverless functions do not keep files (the embedded database) and the local Stripe runs in a single process only.';
    if (raw.STRIPE_SECRET_KEY === undefined) problems.push(`STRIPE_SECRET_KEY ${why}`);
    if (raw.DATABASE_URL === undefined) problems.push(`DATABASE_URL ${why}`);
    if (raw.APP_SECRET === undefined) problems.push(`APP_SECRET ${why}`);
    if (raw.STRIPE_WEBHOOK_SECRET === undefined) {
      problems.push(
        'STRIPE_WEBHOOK_SECRET is required on Vercel: paid sessions become orders only through signed webhooks (copy the signing secret of the endpoint /api/webhooks/stripe from the Stripe dashboard).',
      );
    }
  }
  const realMode = raw.STRIPE_SECRET_KEY !== undefined;
  if (realMode && !isVercel && raw.APP_SECRET === undefined) {
    problems.push(
      'APP_SECRET is required with real Stripe keys (it signs cookies): set a random string of 32+ characters.',
    );
  }
  if (raw.APP_SECRET !== undefined && raw.APP_SECRET.length < 32) {
    problems.push('APP_SECRET must be at least 32 characters long.');
  }
  if (raw.DATABASE_URL !== undefined && !/^postgres(ql)?:\/\//.test(raw.DATABASE_URL)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL.');
  }
  if (raw.LOCAL_STRIPE_URL !== undefined) {
    if (realMode)
      problems.push('LOCAL_STRIPE_URL is only for the local Stripe: unset it when STRIPE_SECRET_KEY is set.');
    if (!/^https?:\/\/[^/]+\/.*local-stripe\/?$/.test(raw.LOCAL_STRIPE_URL)) {
      problems.push(
        'LOCAL_STRIPE_URL must be the /api/local-stripe URL of another instance, e.g. http://127.0.0.1:3000/api/local-stripe',
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const secretKey = raw.STRIPE_SECRET_KEY;
  const publishableKey = raw.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY;
  const stripe: Config['stripe'] =
    secretKey !== undefined && publishableKey !== undefined
      ? { mode: 'real', secretKey, publishableKey, webhookSecret: raw.STRIPE_WEBHOOK_SECRET ?? null }
      : {
          mode: 'local',
          secretKey: LOCAL_STRIPE_SECRET_KEY,
          publishableKey: LOCAL_STRIPE_PUBLISHABLE_KEY,
          webhookSecret: null,
        };

  return {
    stripe,
    databaseUrl: raw.DATABASE_URL ?? null,
    databasePoolMax: raw.DATABASE_POOL_MAX,
    dataDir: raw.DATA_DIR ?? '.data',
    appSecret: raw.APP_SECRET ?? null,
    ordersApiToken: raw.ORDERS_API_TOKEN ?? null,
    checkoutSessionTtlMinutes: raw.CHECKOUT_SESSION_TTL_MINUTES,
    localStripeWebhookUrl: raw.LOCAL_STRIPE_WEBHOOK_URL ?? null,
    localStripeUrl: raw.LOCAL_STRIPE_URL ?? null,
    localStripeLatencyMs: raw.LOCAL_STRIPE_LATENCY_MS,
    isVercel,
    rateLimits: {
      sessionCreatePerMinute: raw.RATE_LIMIT_SESSION_CREATE_PER_MINUTE,
      wrongCodesPer10Minutes: raw.RATE_LIMIT_WRONG_CODES_PER_10_MINUTES,
      checkoutChangesPerMinute: raw.RATE_LIMIT_CHECKOUT_CHANGES_PER_MINUTE,
    },
  };
}
