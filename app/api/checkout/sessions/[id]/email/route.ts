import { checkoutChangeRoute } from '@/lib/checkout/route-support';
import { emailSchema } from '@/lib/checkout/schemas';
import { setEmail } from '@/lib/checkout/use-cases';

export const POST = checkoutChangeRoute(emailSchema, ({ deps, shopper, sessionId, body }) =>
  setEmail(deps, shopper, sessionId, body.email),
);
