import { otherMethods, route } from '@/lib/http/route';
import { handleStripeEvent } from '@/lib/orders/fulfilment';

/**
 * Signed Stripe events: verify, apply once, acknowledge. A 2xx tells Stripe to stop: every answer
 * that is not a verified and fully applied event is an error, so Stripe retries it.
 */
export const POST = route({ caller: 'stripeSignature' }, async ({ deps, event }) => {
  const outcome = await handleStripeEvent(deps, event);
  return { received: true, outcome: outcome.kind };
});
export const dynamic = 'force-dynamic';

// Every other method answers 405 in the error contract.
export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
