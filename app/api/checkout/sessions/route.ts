import { getCheckoutDeps, isSecureRequest } from '@/lib/checkout/route-support';
import { createSessionSchema } from '@/lib/checkout/schemas';
import { getShopper } from '@/lib/checkout/shopper';
import { createCheckoutSession } from '@/lib/checkout/use-cases';
import { getConfig } from '@/lib/config';
import { clientAddress, enforceRateLimit } from '@/lib/http/rate-limit';
import { route } from '@/lib/http/route';
import { noteServingOrigin, requestOrigin } from '@/lib/stripe/server';

export const POST = route({ body: createSessionSchema }, async ({ request, body }) => {
  const config = getConfig();
  const origin = requestOrigin(request);
  noteServingOrigin(origin);
  const deps = await getCheckoutDeps();
  await enforceRateLimit(
    deps.store,
    `session-create:${clientAddress(request)}`,
    config.rateLimits.sessionCreatePerMinute,
    60,
    new Date(),
  );
  const shopper = await getShopper({ issueBrowserId: true, secure: isSecureRequest(request) });
  const view = await createCheckoutSession(deps, shopper, body, {
    origin,
    ttlMinutes: config.checkoutSessionTtlMinutes,
  });
  return { id: view.sessionId, reference: view.reference };
});
