import { emailSchema } from '@/lib/checkout/schemas';
import { setEmail } from '@/lib/checkout/use-cases';
import { otherMethods, route } from '@/lib/http/route';
import { SESSION_CHANGE } from '@/lib/http/route-kinds';

export const POST = route({ ...SESSION_CHANGE, body: emailSchema }, ({ deps, shopper, params, body }) =>
  setEmail(deps, shopper, params.id, body.email),
);

// Every other method answers 405 in the error contract.
export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
