import { checkoutChangeRoute } from '@/lib/checkout/route-support';
import { toggleAddOnSchema } from '@/lib/checkout/schemas';
import { toggleAddOn } from '@/lib/checkout/use-cases';

export const POST = checkoutChangeRoute(toggleAddOnSchema, ({ deps, shopper, sessionId, body }) =>
  toggleAddOn(deps, shopper, sessionId, body.addOn, body.selected),
);
