import { toggleAddOnSchema } from '@/lib/checkout/schemas';
import { toggleAddOn } from '@/lib/checkout/use-cases';
import { otherMethods, route } from '@/lib/http/route';
import { SESSION_CHANGE } from '@/lib/http/route-kinds';

export const POST = route({ ...SESSION_CHANGE, body: toggleAddOnSchema }, ({ deps, shopper, params, body }) =>
  toggleAddOn(deps, shopper, params.id, body.addOn, body.selected),
);

// Every other method answers 405 in the error contract.
export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
