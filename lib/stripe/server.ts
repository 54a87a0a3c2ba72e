import 'server-only';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import path from 'node:path';
import Stripe from 'stripe';
import { getConfig, getDataDir, getLocalStripeSecretKey, getWebhookSecret } from '@/lib/config';
import { getLocalStripe, type LocalStripe } from '@/lib/local-stripe';
import { STRIPE_CALL_TIMEOUT_MS } from './budget';

/**
 * The one place that builds the server's Stripe client. With keys it talks to Stripe; without, the
 * same SDK talks to the in-process local Stripe through a custom HttpClient. Nothing else in the app
 * knows which.
 */

/** The SDK's preview version plus the beta that lets the server update a session's discounts and line items. */
export const STRIPE_API_VERSION = `${Stripe.API_VERSION}; checkout_server_update_beta=v1`;

type StripeHttpClient = NonNullable<NonNullable<ConstructorParameters<typeof Stripe>[1]>['httpClient']>;

const holder = globalThis as typeof globalThis & { __embeddedCheckoutStripe?: Stripe };

/**
 * A Stripe client configured as the app uses it; `httpClient` routes it to a local Stripe. Tests
 * build their clients here too, so they exercise the same options.
 */
export function createStripeClient(secretKey: string, httpClient?: StripeHttpClient): Stripe {
  return new Stripe(secretKey, {
    // The SDK types only the plain preview version; the beta suffix is what Stripe reads to allow
    // server-side discount and line-item updates.
    apiVersion: STRIPE_API_VERSION as Stripe.LatestApiVersion,
    appInfo: { name: 'embedded-checkout', version: '0.1.0' },
    // The default per call; a change passes what is left of its overall budget (lib/stripe/budget.ts).
    timeout: STRIPE_CALL_TIMEOUT_MS,
    // Retries are ours to decide (see lib/checkout): a blind SDK retry would blow the time budget.
    maxNetworkRetries: 0,
    ...(httpClient === undefined ? {} : { httpClient }),
  });
}

export function getStripe(): Stripe {
  if (holder.__embeddedCheckoutStripe !== undefined) return holder.__embeddedCheckoutStripe;
  const config = getConfig();
  holder.__embeddedCheckoutStripe =
    config.stripe.mode === 'real'
      ? createStripeClient(config.stripe.secretKey)
      : createStripeClient(
          getLocalStripeSecretKey(config),
          config.localStripeUrl === null
            ? getLocalStripeOrThrow().httpClient()
            : remoteHttpClient(config.localStripeUrl),
        );
  return holder.__embeddedCheckoutStripe;
}

/**
 * The local Stripe of this process, or null with real keys (its HTTP face and test controls then do
 * not exist) or when this instance uses another instance's local Stripe (LOCAL_STRIPE_URL).
 */
export function getLocalStripeInstance(): LocalStripe | null {
  return getConfig().servesLocalStripe ? getLocalStripeOrThrow() : null;
}

/**
 * The SDK's own Node client (the one it uses for Stripe; keep-alive connections, far less CPU per
 * call than fetch), with every request sent under another instance's /api/local-stripe.
 */
function remoteHttpClient(baseUrl: string): StripeHttpClient {
  const url = new URL(baseUrl);
  const agent =
    url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const inner = Stripe.createNodeHttpClient(agent);
  const prefix = url.pathname.replace(/\/+$/, '');
  const protocol = url.protocol.replace(':', '');
  const client: StripeHttpClient = {
    getClientName: () => 'embedded-checkout-remote-local-stripe',
    makeRequest: (_host, _port, path, method, headers, requestData, _protocol, timeout) =>
      inner.makeRequest(
        url.hostname,
        url.port,
        `${prefix}${path}`,
        method,
        headers,
        requestData,
        protocol,
        timeout,
      ),
  };
  return client;
}

function getLocalStripeOrThrow(): LocalStripe {
  const config = getConfig();
  const webhookSecret = getWebhookSecret(config);
  if (config.stripe.mode !== 'local' || webhookSecret === null) {
    throw new Error('The local Stripe exists only when no Stripe keys are configured.');
  }
  return getLocalStripe(
    {
      secretKey: getLocalStripeSecretKey(config),
      dataFile: path.join(getDataDir(config), 'local-stripe.json'),
      webhookSecret,
      // Configuration only: never an address taken from a request.
      webhookUrl: config.localStripeWebhookUrl,
      latencyMs: config.localStripeLatencyMs,
    },
    { threaded: config.localStripeThread },
  );
}
