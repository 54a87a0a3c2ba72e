import { promotionCodeSchema } from '@/lib/checkout/schemas';
import { applyPromotionCode, removePromotionCode } from '@/lib/checkout/use-cases';
import { otherMethods, route } from '@/lib/http/route';
import { CHECKOUT_CHANGE, CODE_APPLICATIONS, SESSION_CHANGE, WRONG_CODES } from '@/lib/http/route-kinds';

/** Guessing codes is limited per session too; only refused codes (422) use that budget. */
export const POST = route(
  {
    ...SESSION_CHANGE,
    body: promotionCodeSchema,
    rateLimit: [CHECKOUT_CHANGE, WRONG_CODES, CODE_APPLICATIONS],
  },
  ({ deps, shopper, params, body }) => applyPromotionCode(deps, shopper, params.id, body.code),
);

export const DELETE = route(SESSION_CHANGE, ({ deps, shopper, params }) =>
  removePromotionCode(deps, shopper, params.id),
);

// Every other method answers 405 in the error contract.
export const { GET, PUT, PATCH } = otherMethods('POST', 'DELETE');
