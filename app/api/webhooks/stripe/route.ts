import { getWebhookDeps } from '@/lib/orders/app-deps';
import { createStripeWebhookRoute } from '@/lib/orders/webhook-route';

/** Signed Stripe events: verify, apply once, acknowledge (lib/orders/webhook-route.ts). */
export const POST = createStripeWebhookRoute(getWebhookDeps);
export const dynamic = 'force-dynamic';
