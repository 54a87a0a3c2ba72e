import 'server-only';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Config, parseEnv } from './env';

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

let generatedSecret: string | undefined;

/**
 * APP_SECRET, or in local mode a random secret generated once into the data folder, so cookies
 * signed before a restart stay valid after it.
 */
export function getAppSecret(config: Config = getConfig()): string {
  if (config.appSecret !== null) return config.appSecret;
  if (generatedSecret !== undefined) return generatedSecret;
  const dir = getDataDir(config);
  const file = path.join(dir, 'app-secret');
  mkdirSync(dir, { recursive: true });
  try {
    generatedSecret = readFileSync(file, 'utf8').trim();
  } catch {
    const secret = randomBytes(32).toString('base64url');
    try {
      // `wx` fails if another process wrote it first; then we read theirs.
      writeFileSync(file, secret, { flag: 'wx', mode: 0o600 });
      generatedSecret = secret;
    } catch {
      generatedSecret = readFileSync(file, 'utf8').trim();
    }
  }
  return generatedSecret;
}

/** The secret that signs webhook events: Stripe's in real mode, derived from the app secret for the local Stripe. */
export function getWebhookSecret(config: Config = getConfig()): string | null {
  if (config.stripe.mode === 'real') return config.stripe.webhookSecret;
  return `whsec_${createHmac('sha256', getAppSecret(config)).update('local-stripe-webhooks').digest('hex').slice(0, 32)}`;
}
