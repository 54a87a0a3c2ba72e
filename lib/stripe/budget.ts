import { AppError } from '@/lib/errors';

/** One Stripe call may take at most this long... */
export const STRIPE_CALL_TIMEOUT_MS = 2_500;
/** ...and all the calls of one shopper change together at most this long (DESIGN.md, principle 2). */
export const STRIPE_CHANGE_BUDGET_MS = 8_000;

export interface StripeBudget {
  /** Request options for the next call: its timeout is what is left of the budget, capped per call. */
  next(): { timeout: number };
}

/**
 * The time budget of one change, shared by all its Stripe calls, so a change that has to reconcile
 * still answers well inside Stripe.js's 20 s runServerUpdate limit.
 */
export function createStripeBudget(
  now: () => number = Date.now,
  total = STRIPE_CHANGE_BUDGET_MS,
): StripeBudget {
  const deadline = now() + total;
  return {
    next() {
      const left = deadline - now();
      if (left < 250) {
        throw new AppError(
          'stripe_timeout',
          'Stripe did not answer in time. Nothing was charged; please try again.',
        );
      }
      return { timeout: Math.min(STRIPE_CALL_TIMEOUT_MS, left) };
    },
  };
}
