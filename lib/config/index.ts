import 'server-only';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Config, LOCAL_STRIPE_SECRET_KEY_PATTERN, parseEnv } from './env';

export type { Config, StripeMode } from './env';
export { ConfigError, parseEnv } from './env';

const cache = globalThis as typeof globalThis & { __embeddedCheckoutConfig?: Config };

/** The validated configuration; throws a ConfigError naming the variables to set. */
export function getConfig(): Config {
  cache.__embeddedCheckoutConfig ??= parseEnv(process.env);
  return cache.__embeddedCheckoutConfig;
}

/** Absolute path of the folder holding PGlite's files, the local Stripe's state and generated secrets. */
export function getDataDir(config: Config = getConfig()): string {
  // The folder is chosen at run time; the ignore keeps the build from tracing the whole project.
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), config.dataDir);
}

const generated = new Map<string, string>();

/**
 * A secret kept in a file of the data folder: read when it exists, else created once. `wx` fails
 * when another process wrote it first; then we read theirs. Generated once per data folder, so a
 * restart keeps cookies and keys valid.
 */
function readOrCreateSecret(config: Config, name: string, create: () => string): string {
  const dir = getDataDir(config);
  const file = path.join(dir, name);
  const known = generated.get(file);
  if (known !== undefined) return known;
  mkdirSync(dir, { recursive: true });
  let secret: string;
  try {
    secret = readFileSync(file, 'utf8').trim();
  } catch {
    const created = create();
    try {
      writeFileSync(file, created, { flag: 'wx', mode: 0o600 });
      secret = created;
    } catch {
      secret = readFileSync(file, 'utf8').trim();
    }
  }
  generated.set(file, secret);
  return secret;
}

/**
 * APP_SECRET, or in local mode a random secret generated once into the data folder, so cookies
 * signed before a restart stay valid after it.
 */
export function getAppSecret(config: Config = getConfig()): string {
  if (config.appSecret !== null) return config.appSecret;
  return readOrCreateSecret(config, 'app-secret', () => randomBytes(32).toString('base64url'));
}

/**
 * The key that opens the local Stripe's API and test controls: LOCAL_STRIPE_SECRET_KEY, or one
 * generated into the data folder on first start (readable only by the user running the app).
 */
export function getLocalStripeSecretKey(config: Config = getConfig()): string {
  if (!config.localStripe) throw new Error('The local Stripe has no key when Stripe keys are set.');
  if (config.localStripeSecretKey !== null) return config.localStripeSecretKey;
  const key = readOrCreateSecret(
    config,
    'local-stripe-secret-key',
    () => `sk_test_${randomBytes(24).toString('hex')}`,
  );
  if (!LOCAL_STRIPE_SECRET_KEY_PATTERN.test(key)) {
    throw new Error(
      `${path.join(getDataDir(config), 'local-stripe-secret-key')} does not hold a valid sk_test_ key: delete it to generate a new one.`,
    );
  }
  return key;
}

/** The secret that signs webhook events: Stripe's in real mode, derived from the app secret for the local Stripe. */
export function getWebhookSecret(config: Config = getConfig()): string | null {
  if (config.stripe.mode === 'real') return config.stripe.webhookSecret;
  return `whsec_${createHmac('sha256', getAppSecret(config)).update('local-stripe-webhooks').digest('hex').slice(0, 32)}`;
}
