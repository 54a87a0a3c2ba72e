import { emailSchema } from '@/lib/checkout/schemas';
import { setEmail } from '@/lib/checkout/use-cases';
import { route } from '@/lib/http/route';
import { SESSION_CHANGE } from '@/lib/http/route-kinds';

export const POST = route({ ...SESSION_CHANGE, body: emailSchema }, ({ deps, shopper, params, body }) =>
  setEmail(deps, shopper, params.id, body.email),
);
