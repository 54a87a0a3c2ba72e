import { refreshDiscountsSchema } from '@/lib/checkout/schemas';
import { refreshDiscounts } from '@/lib/checkout/use-cases';
import { route } from '@/lib/http/route';
import { SESSION_CHANGE } from '@/lib/http/route-kinds';

export const POST = route(
  { ...SESSION_CHANGE, body: refreshDiscountsSchema },
  ({ deps, shopper, params, body }) => refreshDiscounts(deps, shopper, params.id, body),
);
