import { shippingAddressSchema } from '@/lib/checkout/schemas';
import { setShippingAddress } from '@/lib/checkout/use-cases';
import { otherMethods, route } from '@/lib/http/route';
import { SESSION_CHANGE } from '@/lib/http/route-kinds';

export const POST = route(
  { ...SESSION_CHANGE, body: shippingAddressSchema },
  ({ deps, shopper, params, body }) => setShippingAddress(deps, shopper, params.id, body),
);

// Every other method answers 405 in the error contract.
export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
