import { getCheckoutDeps } from '@/lib/checkout/route-support';
import { createSessionSchema, idempotencyKeySchema } from '@/lib/checkout/schemas';
import { getShopper } from '@/lib/checkout/shopper';
import { createCheckoutSession } from '@/lib/checkout/use-cases';
import { getConfig } from '@/lib/config';
import { AppError } from '@/lib/errors';
import { appOrigin, isSecureRequest } from '@/lib/http/app-origin';
import { clientAddress, enforceRateLimit } from '@/lib/http/rate-limit';
import { route } from '@/lib/http/route';

export const POST = route({ body: createSessionSchema }, async ({ request, body }) => {
  const config = getConfig();
  const idempotencyKey = parseIdempotencyKey(request.headers.get('idempotency-key'));
  const origin = appOrigin(request, config);
  const deps = await getCheckoutDeps();
  await enforceRateLimit(
    deps.store,
    `session-create:${clientAddress(request)}`,
    config.rateLimits.sessionCreatePerMinute,
    60,
    new Date(),
  );
  const shopper = await getShopper({ issueBrowserId: true, secure: isSecureRequest(request, config) });
  const view = await createCheckoutSession(deps, shopper, body, {
    origin,
    ttlMinutes: config.checkoutSessionTtlMinutes,
    idempotencyKey,
  });
  return { id: view.sessionId, reference: view.reference };
});

function parseIdempotencyKey(header: string | null): string | null {
  if (header === null) return null;
  const parsed = idempotencyKeySchema.safeParse(header);
  if (!parsed.success)
    throw new AppError('invalid_request', parsed.error.issues[0]?.message ?? 'Invalid Idempotency-Key');
  return parsed.data;
}
