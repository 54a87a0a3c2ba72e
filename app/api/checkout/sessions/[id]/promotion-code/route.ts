import { promotionCodeSchema } from '@/lib/checkout/schemas';
import { applyPromotionCode, removePromotionCode } from '@/lib/checkout/use-cases';
import { otherMethods, route } from '@/lib/http/route';
import { CODE_APPLICATION, SESSION_CHANGE } from '@/lib/http/route-kinds';

export const POST = route(
  { ...CODE_APPLICATION, body: promotionCodeSchema },
  ({ deps, shopper, params, body }) => applyPromotionCode(deps, shopper, params.id, body.code),
);

export const DELETE = route(SESSION_CHANGE, ({ deps, shopper, params }) =>
  removePromotionCode(deps, shopper, params.id),
);
// Other methods: 405 in the error contract.
export const { GET, PUT, PATCH } = otherMethods('POST', 'DELETE');
