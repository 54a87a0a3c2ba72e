import { checkoutChangeRoute } from '@/lib/checkout/route-support';
import { emptyBodySchema } from '@/lib/checkout/schemas';
import { refreshDiscounts } from '@/lib/checkout/use-cases';

export const POST = checkoutChangeRoute(emptyBodySchema, ({ deps, shopper, sessionId }) =>
  refreshDiscounts(deps, shopper, sessionId),
);
