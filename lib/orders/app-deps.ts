import 'server-only';
import { getConfig, getWebhookSecret } from '@/lib/config';
import { getStore } from '@/lib/store/app-store';
import { getStripe } from '@/lib/stripe/server';
import type { OrdersApiDeps } from './orders-api-route';
import type { WebhookDeps } from './webhook-route';

/** The app's real dependencies for the order routes; tests build their own. */

export async function getWebhookDeps(): Promise<WebhookDeps> {
  return { store: await getStore(), stripe: getStripe(), webhookSecret: getWebhookSecret() };
}

export async function getOrdersApiDeps(): Promise<OrdersApiDeps> {
  return { store: await getStore(), token: getConfig().ordersApiToken };
}
