import { checkoutChangeRoute } from '@/lib/checkout/route-support';
import { refreshDiscountsSchema } from '@/lib/checkout/schemas';
import { refreshDiscounts } from '@/lib/checkout/use-cases';

export const POST = checkoutChangeRoute(refreshDiscountsSchema, ({ deps, shopper, sessionId, body }) =>
  refreshDiscounts(deps, shopper, sessionId, body),
);
