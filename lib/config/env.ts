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
  // The back office's password (at least 16 characters); unset, every /admin page answers 404.
  ADMIN_PASSWORD: optionalString,
  DATA_DIR: optionalString,
  LOCAL_STRIPE_WEBHOOK_URL: optionalString,
  LOCAL_STRIPE_URL: optionalString,
  LOCAL_STRIPE_SECRET_KEY: optionalString,
  LOCAL_STRIPE_ALLOW_REMOTE: optionalString,
  LOCAL_STRIPE_THREAD: optionalString,
  DATABASE_PREPARED_STATEMENTS: optionalString,
  DEMO_SIGN_IN: optionalString,
  APP_URL: optionalString,
  VERCEL: optionalString,
  // Comma-separated addresses of the reverse proxies in front of `npm start` (lib/http/client-address.ts).
  TRUSTED_PROXIES: optionalString,
  // Set by server.mjs itself (never by a request) when it writes the TCP peer into each request.
  EMBEDDED_CHECKOUT_PEER_HEADER: optionalString,
  // Set by the platform, never by a request: the hosts a Vercel deployment is served at.
  VERCEL_URL: optionalString,
  VERCEL_BRANCH_URL: optionalString,
  VERCEL_PROJECT_PRODUCTION_URL: optionalString,
  // The port the server listens on: `npm start` (server.mjs) and `next start` set it before the app
  // reads its configuration; 3000 is Next.js's default.
  PORT: positiveInt('PORT', 3000, 1, 65_535),
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
  RATE_LIMIT_CODE_APPLICATIONS_PER_10_MINUTES: positiveInt('RATE_LIMIT_CODE_APPLICATIONS_PER_10_MINUTES', 10),
  RATE_LIMIT_CHECKOUT_CHANGES_PER_MINUTE: positiveInt('RATE_LIMIT_CHECKOUT_CHANGES_PER_MINUTE', 120),
  // DESIGN.md: at most 10 failed back-office sign-ins per client address in 15 minutes.
  RATE_LIMIT_ADMIN_SIGN_IN_FAILURES_PER_15_MINUTES: positiveInt(
    'RATE_LIMIT_ADMIN_SIGN_IN_FAILURES_PER_15_MINUTES',
    10,
    1,
    10,
  ),
});

export type StripeMode = 'local' | 'real';

export interface Config {
  stripe:
    | { mode: 'local' }
    | { mode: 'real'; secretKey: string; publishableKey: string; webhookSecret: string | null };
  databaseUrl: string | null;
  /** Postgres connections per instance (DATABASE_POOL_MAX). */
  databasePoolMax: number;
  /**
   * PostgreSQL: parameterized statements run as named prepared statements (DATABASE_PREPARED_STATEMENTS,
   * default on; off for a pooler in transaction mode that cannot keep them).
   */
  databasePreparedStatements: boolean;
  dataDir: string;
  /** Null in local mode when not set: the app then generates one under dataDir. */
  appSecret: string | null;
  ordersApiToken: string | null;
  /** ADMIN_PASSWORD; null closes the back office (/admin answers 404). */
  adminPassword: string | null;
  checkoutSessionTtlMinutes: number;
  /**
   * Where the local Stripe posts its events: LOCAL_STRIPE_WEBHOOK_URL, by default the app's own
   * webhook route on the loopback address and the port it listens on. Never taken from a request.
   */
  localStripeWebhookUrl: string;
  /**
   * The key that opens the local Stripe's API and test controls (LOCAL_STRIPE_SECRET_KEY). Null in
   * local mode when not set: the app then generates one under dataDir (getLocalStripeSecretKey).
   */
  localStripeSecretKey: string | null;
  /** No Stripe keys: the app uses the local Stripe (its own, or another instance's). */
  localStripe: boolean;
  /**
   * This process runs the local Stripe and serves it: its HTTP face (/api/local-stripe) and the e2e
   * playground. Local mode without LOCAL_STRIPE_URL.
   */
  servesLocalStripe: boolean;
  /**
   * Make the Stripe account's catalog match ours at start-up (lib/catalog/stripe-sync, the function
   * `npm run stripe:sync` runs). Local mode only: the local Stripe is ours to fill, while changing a
   * real account is a deliberate step.
   */
  syncCatalogOnStart: boolean;
  /**
   * NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY as this server reads it ('' for the local Stripe). Next.js
   * inlines it into the browser bundle at build time, so the build must have had the same value.
   */
  bundlePublishableKey: string;
  /**
   * Whether the server may listen on addresses other than loopback. Always with real Stripe; in
   * local mode only with LOCAL_STRIPE_ALLOW_REMOTE=1, because the local Stripe's test controls can
   * settle payments and its events carry shoppers' emails.
   */
  allowRemote: boolean;
  /** The demo "Shopping as" sign-in: local mode, or DEMO_SIGN_IN=1 (previews). */
  demoSignIn: boolean;
  /** The port the server listens on (PORT, as set by `npm start` or `next start`). */
  port: number;
  /** APP_URL: the origin shoppers use, for return URLs; null = the request's own host, if it is ours. */
  appUrl: string | null;
  /** Hosts the platform says this deployment is served at (Vercel's system variables). */
  platformHosts: readonly string[];
  /**
   * Use the local Stripe of another instance of this app (its `/api/local-stripe` URL) instead of
   * one in this process: several instances on one database then share one Stripe, as they would
   * share the real one.
   */
  localStripeUrl: string | null;
  /** Milliseconds the local Stripe of this process waits before answering each API call. */
  localStripeLatencyMs: number;
  /**
   * The local Stripe runs on a worker thread of its own (LOCAL_STRIPE_THREAD, default on; off: on the
   * server's thread, as code run from source needs: the thread's entry is built by Next).
   */
  localStripeThread: boolean;
  isVercel: boolean;
  /** Where the client address for rate limits comes from (lib/http/client-address.ts). */
  clientAddress: { isVercel: boolean; peerHeader: boolean; trustedProxies: readonly string[] };
  rateLimits: {
    sessionCreatePerMinute: number;
    wrongCodesPer10Minutes: number;
    /** Promotion codes applied (limited-code reservations) per client address per 10 minutes. */
    codeApplicationsPer10Minutes: number;
    checkoutChangesPerMinute: number;
    adminSignInFailuresPer15Minutes: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** What LOCAL_STRIPE_SECRET_KEY must look like: a test secret key of at least 16 characters. */
export const LOCAL_STRIPE_SECRET_KEY_PATTERN = /^sk_test_\w{8,}$/;

/** A yes/no variable: '1' or 'true' is yes, '0', 'false' or unset is no; anything else is a mistake. */
function flag(name: string, value: string | undefined, problems: string[]): boolean {
  if (value === undefined || value === '0' || value.toLowerCase() === 'false') return false;
  if (value === '1' || value.toLowerCase() === 'true') return true;
  problems.push(`${name} must be 1 (on) or 0 (off).`);
  return false;
}

function parseAppUrl(value: string | undefined, problems: string[]): string | null {
  if (value === undefined) return null;
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && url.search === '')
      return url.origin;
  } catch {
    // reported below
  }
  problems.push('APP_URL must be the origin shoppers use, e.g. https://shop.example.com (no path).');
  return null;
}

export function parseEnv(env: Record<string, string | undefined>): Config {
  const parsed = rawEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const raw = parsed.data;
  const problems: string[] = [];
  const isVercel = raw.VERCEL !== undefined;

  checkStripeKeys(raw, problems);
  if (isVercel) checkVercelNeeds(raw, problems);
  const realMode = raw.STRIPE_SECRET_KEY !== undefined;
  if (realMode && !isVercel && raw.APP_SECRET === undefined) {
    problems.push(
      'APP_SECRET is required with real Stripe keys (it signs cookies): set a random string of 32+ characters.',
    );
  }
  if (raw.APP_SECRET !== undefined && raw.APP_SECRET.length < 32) {
    problems.push('APP_SECRET must be at least 32 characters long.');
  }
  if (raw.ADMIN_PASSWORD !== undefined && raw.ADMIN_PASSWORD.length < 16) {
    problems.push('ADMIN_PASSWORD must be at least 16 characters long (or unset, which closes /admin).');
  }
  if (raw.DATABASE_URL !== undefined && !/^postgres(ql)?:\/\//.test(raw.DATABASE_URL)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL.');
  }
  checkLocalStripe(raw, realMode, problems);
  const allowRemoteFlag = flag('LOCAL_STRIPE_ALLOW_REMOTE', raw.LOCAL_STRIPE_ALLOW_REMOTE, problems);
  const demoSignInFlag = flag('DEMO_SIGN_IN', raw.DEMO_SIGN_IN, problems);
  // On unless set to 0.
  const threadFlag =
    raw.LOCAL_STRIPE_THREAD === undefined || flag('LOCAL_STRIPE_THREAD', raw.LOCAL_STRIPE_THREAD, problems);
  const preparedFlag =
    raw.DATABASE_PREPARED_STATEMENTS === undefined ||
    flag('DATABASE_PREPARED_STATEMENTS', raw.DATABASE_PREPARED_STATEMENTS, problems);
  const appUrl = parseAppUrl(raw.APP_URL, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  return buildConfig(raw, {
    realMode,
    isVercel,
    allowRemoteFlag,
    demoSignInFlag,
    threadFlag,
    preparedFlag,
    appUrl,
  });
}

type RawEnv = z.output<typeof rawEnvSchema>;

/** STRIPE_SECRET_KEY and NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: both (real Stripe) or neither (local). */
function checkStripeKeys(raw: RawEnv, problems: string[]): void {
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
}

/** On Vercel the embedded database and the local Stripe cannot work: their replacements are required. */
function checkVercelNeeds(raw: RawEnv, problems: string[]): void {
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

function checkLocalStripe(raw: RawEnv, realMode: boolean, problems: string[]): void {
  if (raw.LOCAL_STRIPE_URL !== undefined) {
    if (realMode)
      problems.push('LOCAL_STRIPE_URL is only for the local Stripe: unset it when STRIPE_SECRET_KEY is set.');
    if (!/^https?:\/\/[^/]+\/.*local-stripe\/?$/.test(raw.LOCAL_STRIPE_URL)) {
      problems.push(
        'LOCAL_STRIPE_URL must be the /api/local-stripe URL of another instance, e.g. http://127.0.0.1:3000/api/local-stripe',
      );
    }
  }
  const localMode = !realMode;
  if (localMode && raw.LOCAL_STRIPE_SECRET_KEY !== undefined) {
    if (!LOCAL_STRIPE_SECRET_KEY_PATTERN.test(raw.LOCAL_STRIPE_SECRET_KEY)) {
      problems.push(
        'LOCAL_STRIPE_SECRET_KEY must be a test secret key of at least 16 characters: sk_test_ followed by letters, digits or _.',
      );
    }
  }
  if (localMode && raw.LOCAL_STRIPE_URL !== undefined && raw.LOCAL_STRIPE_SECRET_KEY === undefined) {
    problems.push(
      'LOCAL_STRIPE_SECRET_KEY is required with LOCAL_STRIPE_URL: set the same sk_test_... key on every instance that shares the local Stripe.',
    );
  }
  if (raw.LOCAL_STRIPE_WEBHOOK_URL !== undefined && !/^https?:\/\/[^/]+/.test(raw.LOCAL_STRIPE_WEBHOOK_URL)) {
    problems.push(
      'LOCAL_STRIPE_WEBHOOK_URL must be an http:// or https:// URL, e.g. http://127.0.0.1:3000/api/webhooks/stripe',
    );
  }
}

/** The validated environment as the app reads it (called only once every check passed). */
function buildConfig(
  raw: RawEnv,
  flags: {
    realMode: boolean;
    isVercel: boolean;
    allowRemoteFlag: boolean;
    demoSignInFlag: boolean;
    threadFlag: boolean;
    preparedFlag: boolean;
    appUrl: string | null;
  },
): Config {
  const { realMode, isVercel, allowRemoteFlag, demoSignInFlag, appUrl } = flags;
  const localMode = !realMode;
  const secretKey = raw.STRIPE_SECRET_KEY;
  const publishableKey = raw.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY;
  const stripe: Config['stripe'] =
    secretKey !== undefined && publishableKey !== undefined
      ? { mode: 'real', secretKey, publishableKey, webhookSecret: raw.STRIPE_WEBHOOK_SECRET ?? null }
      : { mode: 'local' };

  return {
    stripe,
    databaseUrl: raw.DATABASE_URL ?? null,
    databasePoolMax: raw.DATABASE_POOL_MAX,
    databasePreparedStatements: flags.preparedFlag,
    dataDir: raw.DATA_DIR ?? '.data',
    appSecret: raw.APP_SECRET ?? null,
    ordersApiToken: raw.ORDERS_API_TOKEN ?? null,
    adminPassword: raw.ADMIN_PASSWORD ?? null,
    checkoutSessionTtlMinutes: raw.CHECKOUT_SESSION_TTL_MINUTES,
    localStripeWebhookUrl: raw.LOCAL_STRIPE_WEBHOOK_URL ?? `http://127.0.0.1:${raw.PORT}/api/webhooks/stripe`,
    localStripeSecretKey: localMode ? (raw.LOCAL_STRIPE_SECRET_KEY ?? null) : null,
    localStripeUrl: raw.LOCAL_STRIPE_URL ?? null,
    localStripe: localMode,
    servesLocalStripe: localMode && raw.LOCAL_STRIPE_URL === undefined,
    syncCatalogOnStart: localMode,
    bundlePublishableKey: stripe.mode === 'real' ? stripe.publishableKey : '',
    allowRemote: realMode || allowRemoteFlag,
    demoSignIn: localMode || demoSignInFlag,
    port: raw.PORT,
    appUrl,
    platformHosts: [raw.VERCEL_URL, raw.VERCEL_BRANCH_URL, raw.VERCEL_PROJECT_PRODUCTION_URL].filter(
      (host): host is string => host !== undefined,
    ),
    localStripeLatencyMs: raw.LOCAL_STRIPE_LATENCY_MS,
    localStripeThread: flags.threadFlag,
    isVercel,
    clientAddress: {
      isVercel,
      peerHeader: raw.EMBEDDED_CHECKOUT_PEER_HEADER === '1',
      trustedProxies: (raw.TRUSTED_PROXIES ?? '')
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    },
    rateLimits: {
      sessionCreatePerMinute: raw.RATE_LIMIT_SESSION_CREATE_PER_MINUTE,
      wrongCodesPer10Minutes: raw.RATE_LIMIT_WRONG_CODES_PER_10_MINUTES,
      codeApplicationsPer10Minutes: raw.RATE_LIMIT_CODE_APPLICATIONS_PER_10_MINUTES,
      checkoutChangesPerMinute: raw.RATE_LIMIT_CHECKOUT_CHANGES_PER_MINUTE,
      adminSignInFailuresPer15Minutes: raw.RATE_LIMIT_ADMIN_SIGN_IN_FAILURES_PER_15_MINUTES,
    },
  };
}
