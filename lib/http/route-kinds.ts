import 'server-only';
import { z } from 'zod';
import { checkoutViewOf } from '@/lib/checkout/checkout-view';
import { CHECKOUT_SESSION_ID_PATTERN } from '@/lib/checkout/schemas';
import type { RouteOptions } from './route';
import type { RateLimitRule } from './route-limits';

/**
 * The named pieces route files put in route()'s options: the rate limits of DESIGN.md (each
 * configurable with its RATE_LIMIT_* variable) and the options every change to a session shares.
 */

export const sessionParams = z.strictObject({
  id: z.string().regex(CHECKOUT_SESSION_ID_PATTERN, 'not a Checkout Session id'),
});

/** Session creation: 30 per minute per client address. */
export const SESSION_CREATE: RateLimitRule = {
  name: 'session-create',
  per: 'clientAddress',
  limit: (limits) => limits.sessionCreatePerMinute,
  windowSeconds: 60,
};

/** Any change to a checkout: 120 per minute per session and browser. */
export const CHECKOUT_CHANGE: RateLimitRule = {
  name: 'checkout-change',
  per: 'sessionAndBrowser',
  limit: (limits) => limits.checkoutChangesPerMinute,
  windowSeconds: 60,
};

/** Guessing promotion codes: 10 refused codes per session per 10 minutes. */
export const WRONG_CODES: RateLimitRule = {
  name: 'wrong-codes',
  per: 'session',
  limit: (limits) => limits.wrongCodesPer10Minutes,
  windowSeconds: 600,
  countOnly: 'refusals',
};

/**
 * Applying promotion codes: 10 per client address per 10 minutes, so one client rotating browsers
 * cannot take many limited-code reservations (one browser holds at most one per code anyway).
 */
export const CODE_APPLICATIONS: RateLimitRule = {
  name: 'code-applications',
  per: 'clientAddress',
  limit: (limits) => limits.codeApplicationsPer10Minutes,
  windowSeconds: 600,
};

/**
 * One shopper's change to their own session (`/api/checkout/sessions/[id]/...`), answered with the
 * checkout view the page reads.
 */
export const SESSION_CHANGE = {
  params: sessionParams,
  caller: 'shopper',
  rateLimit: CHECKOUT_CHANGE,
  answer: checkoutViewOf,
} as const satisfies RouteOptions;

/**
 * Applying a promotion code: a session change that also counts refused codes per session and every
 * application per client address (guessing and hoarding limits).
 */
export const CODE_APPLICATION = {
  ...SESSION_CHANGE,
  rateLimit: [CHECKOUT_CHANGE, WRONG_CODES, CODE_APPLICATIONS],
} as const satisfies RouteOptions;
