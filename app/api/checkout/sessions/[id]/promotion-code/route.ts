import { checkoutChangeRoute } from '@/lib/checkout/route-support';
import { promotionCodeSchema } from '@/lib/checkout/schemas';
import { applyPromotionCode, removePromotionCode } from '@/lib/checkout/use-cases';
import { getConfig } from '@/lib/config';
import { AppError, ERROR_STATUS } from '@/lib/errors';
import { consumeRateLimit, peekRateLimit, rateLimited } from '@/lib/http/rate-limit';

const WRONG_CODE_WINDOW_SECONDS = 600;

export const POST = checkoutChangeRoute(promotionCodeSchema, async ({ deps, shopper, sessionId, body }) => {
  // Guessing codes is limited per session; only refused codes count.
  const limit = getConfig().rateLimits.wrongCodesPer10Minutes;
  const key = `wrong-codes:${sessionId}`;
  const budget = await peekRateLimit(deps.store, key, limit, new Date());
  if (!budget.allowed) throw rateLimited(budget.retryAfterSeconds);
  try {
    return await applyPromotionCode(deps, shopper, sessionId, body.code);
  } catch (error) {
    if (error instanceof AppError && ERROR_STATUS[error.code] === 422) {
      await consumeRateLimit(deps.store, key, limit, WRONG_CODE_WINDOW_SECONDS, new Date());
    }
    throw error;
  }
});

export const DELETE = checkoutChangeRoute(undefined, ({ deps, shopper, sessionId }) =>
  removePromotionCode(deps, shopper, sessionId),
);
