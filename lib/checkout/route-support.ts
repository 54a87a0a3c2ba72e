import 'server-only';
import { z } from 'zod';
import { getConfig } from '@/lib/config';
import { enforceRateLimit } from '@/lib/http/rate-limit';
import { type RouteHandler, type RouteInput, route } from '@/lib/http/route';
import { localeFromRequest } from '@/lib/i18n/locale-from-request';
import type { Locale } from '@/lib/i18n/locales';
import { withLocalizedErrors } from '@/lib/i18n/server-sentences';
import { getStore } from '@/lib/store/app-store';
import { getStripe } from '@/lib/stripe/server';
import { type CheckoutOutcome, checkoutViewOf } from './checkout-view';
import { CHECKOUT_SESSION_ID_PATTERN } from './schemas';
import { getShopper, type Shopper } from './shopper';
import type { CheckoutDeps } from './use-cases';

export const sessionParamsSchema = z.strictObject({
  id: z.string().regex(CHECKOUT_SESSION_ID_PATTERN, 'not a Checkout Session id'),
});

export async function getCheckoutDeps(locale?: Locale): Promise<CheckoutDeps> {
  return { store: await getStore(), stripe: getStripe(), ...(locale === undefined ? {} : { locale }) };
}

/**
 * A route for one shopper change on one session: the shared wrapper, the per-session rate limit,
 * the shopper and the use-case dependencies. The action itself is one use-case call.
 */
export function checkoutChangeRoute<B extends z.core.$ZodType | undefined>(
  body: B,
  action: (input: {
    deps: CheckoutDeps;
    shopper: Shopper;
    sessionId: string;
    body: RouteInput<B, typeof sessionParamsSchema>['body'];
  }) => Promise<CheckoutOutcome>,
): RouteHandler {
  return route({ body, params: sessionParamsSchema }, async ({ request, body, params }) => {
    // i18n: answers in the page's language (the route wrapper may take this over for every route).
    const locale = localeFromRequest(request);
    return withLocalizedErrors(locale, async () => {
      const deps = await getCheckoutDeps(locale);
      const shopper = await getShopper();
      // Keyed by browser too, so requests from someone else who knows the session id cannot use up
      // its owner's allowance (they are refused with 403 by the use case anyway).
      await enforceRateLimit(
        deps.store,
        `checkout-change:${params.id}:${shopper.browserId}`,
        getConfig().rateLimits.checkoutChangesPerMinute,
        60,
        new Date(),
      );
      return checkoutViewOf(await action({ deps, shopper, sessionId: params.id, body }));
    });
  });
}
