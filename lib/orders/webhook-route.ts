import 'server-only';
import { type RouteHandler, route } from '@/lib/http/route';
import { handleStripeEvent, type OrderDeps } from './fulfilment';
import { verifyStripeEvent } from './stripe-event';

export interface WebhookDeps extends OrderDeps {
  /** STRIPE_WEBHOOK_SECRET, or the local Stripe's secret; null when real Stripe has none configured. */
  webhookSecret: string | null;
}

/**
 * POST /api/webhooks/stripe. No origin check (a signature is the authentication) and no rate limit
 * (Stripe's retries must get through). A 2xx tells Stripe to stop: every answer that is not a
 * verified and fully applied event is an error, so Stripe retries it.
 */
export function createStripeWebhookRoute(resolveDeps: () => Promise<WebhookDeps>): RouteHandler {
  return route({ sameOrigin: false }, async ({ request }) => {
    const payload = await request.text();
    const deps = await resolveDeps();
    const event = verifyStripeEvent(
      deps.stripe,
      payload,
      request.headers.get('stripe-signature'),
      deps.webhookSecret,
    );
    const outcome = await handleStripeEvent(deps, event);
    return { received: true, outcome: outcome.kind };
  });
}
