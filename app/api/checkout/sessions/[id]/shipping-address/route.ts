import { checkoutChangeRoute } from '@/lib/checkout/route-support';
import { shippingAddressSchema } from '@/lib/checkout/schemas';
import { setShippingAddress } from '@/lib/checkout/use-cases';

export const POST = checkoutChangeRoute(shippingAddressSchema, ({ deps, shopper, sessionId, body }) =>
  setShippingAddress(deps, shopper, sessionId, body),
);
