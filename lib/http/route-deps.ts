import 'server-only';
import type Stripe from 'stripe';
import { getConfig, getWebhookSecret } from '@/lib/config';
import type { Locale } from '@/lib/i18n/locales';
import { getStore } from '@/lib/store/app-store';
import type { Store } from '@/lib/store/types';
import { getStripe } from '@/lib/stripe/server';

/**
 * What a route's caller check, rate limits and use case need from the outside world. The app's
 * own are resolved per request; tests hand route handlers theirs with `handler.withDeps(...)`.
 */
export interface RouteDeps {
  store: Store;
  stripe: Stripe;
  /** STRIPE_WEBHOOK_SECRET, or the local Stripe's secret; null when real Stripe has none configured. */
  webhookSecret: string | null;
  /** ORDERS_API_TOKEN; null (unset) closes the orders API for everyone. */
  ordersApiToken: string | null;
  /** The page's language, for sentences the use cases write (set by route() from Accept-Language). */
  locale?: Locale;
  /** Problems a person must look at (the webhook's amount mismatches); the console by default. */
  log?: Pick<Console, 'warn' | 'error'>;
}

export type ResolveRouteDeps = () => Promise<RouteDeps>;

/**
 * The app's dependencies. The Stripe client and the webhook secret are read when first used, so
 * a route that needs neither (the orders API) never builds the local Stripe.
 */
export async function getAppRouteDeps(): Promise<RouteDeps> {
  const store = await getStore();
  return {
    store,
    get stripe() {
      return getStripe();
    },
    get webhookSecret() {
      return getWebhookSecret();
    },
    ordersApiToken: getConfig().ordersApiToken,
  };
}
