import type { RefusalCode } from '@/lib/discounts';
import type { RefusalReason } from '@/lib/discounts/types';
import type { Currency } from '@/lib/money';

/**
 * Every failure a request can end with, whoever detects it (checkout, orders, webhooks, the Stripe
 * error mapping, the route wrapper). Refusal codes come from the discount system, so a new refusal
 * there fails the type check here until it gets a status in ERROR_STATUS.
 */
export type ErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'cross_origin'
  | 'not_found'
  | 'session_not_found'
  | 'add_on_not_found'
  | 'session_not_open'
  | 'total_changed'
  | 'session_busy'
  | 'below_minimum_charge'
  | 'order_not_refundable'
  | 'refund_in_progress'
  | 'refund_too_large'
  | RefusalCode
  | 'method_not_allowed'
  | 'rate_limited'
  | 'internal'
  | 'stripe_error'
  | 'service_unavailable'
  | 'stripe_timeout';

/**
 * The only place that decides which HTTP status a code gets (DESIGN.md, "Error contract"). It lives
 * beside the codes rather than in lib/http so domain code can ask what kind of failure it has (a
 * 422 refusal, say) without importing the HTTP layer; lib/http only turns it into a Response.
 */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  // Not this shopper's session.
  forbidden: 403,
  cross_origin: 403,
  not_found: 404,
  session_not_found: 404,
  add_on_not_found: 404,
  // The Checkout Session is complete or expired: the request was fine, the resource's state is not.
  session_not_open: 409,
  // The final recompute before Pay found a different total than the page showed: the shopper must
  // look at the new total and confirm again, which is a conflict with what they saw, not a refusal.
  total_changed: 409,
  // Another change of the same session held it for longer than a change waits (with Retry-After).
  session_busy: 409,
  // The order is not in a state a refund applies to (not paid yet, failed, refunded, disputed).
  order_not_refundable: 409,
  // The same press of "Refund" (its idempotency key) is still being processed by Stripe.
  refund_in_progress: 409,
  // More than is left to refund on the order; the message names the most that can be refunded.
  refund_too_large: 422,
  unknown_code: 422,
  expired: 422,
  not_yet_valid: 422,
  not_eligible: 422,
  first_order_only: 422,
  minimum_not_met: 422,
  limit_reached: 422,
  not_applicable: 422,
  not_combinable: 422,
  // A code the merchant paused (back office).
  paused: 422,
  // The change would leave a total above zero but below what Stripe can charge (USD 0.50, JPY 50).
  below_minimum_charge: 422,
  // A method the route does not answer (with an Allow header).
  method_not_allowed: 405,
  rate_limited: 429,
  internal: 500,
  stripe_error: 502,
  // The database could not do its work right now (down, out of connections): the request was fine,
  // a retry after Retry-After may succeed. A bug of ours stays a 500 `internal`.
  service_unavailable: 503,
  stripe_timeout: 504,
};

/**
 * The message as data, for answers that name something (a code, an amount, a country): lib/i18n
 * says it in the shopper's language. Without one, a code's generic sentence is used.
 */
export type ErrorSentence =
  | { readonly kind: 'refusal'; readonly reason: RefusalReason }
  | { readonly kind: 'unsupported_country'; readonly country: string; readonly countries: readonly string[] }
  | {
      readonly kind: 'below_minimum_charge';
      readonly currency: Currency;
      readonly total: number;
      readonly minimum: number;
    };

export interface AppErrorOptions {
  /** What the English `message` says, as data (see ErrorSentence). */
  sentence?: ErrorSentence;
  /** Sent as the Retry-After header; meant for `rate_limited`. */
  retryAfterSeconds?: number;
  /**
   * Machine-readable extras the client may use (e.g. which field failed). Shown to the client for
   * 4xx answers only, so it must never hold internals.
   */
  details?: unknown;
  cause?: unknown;
}

/**
 * The one error type the app throws to end a request with a specific answer: checkout, the orders
 * API and webhooks alike. The message is a human sentence the page shows as it is.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryAfterSeconds: number | undefined;
  readonly details: unknown;
  readonly sentence: ErrorSentence | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
    this.sentence = options.sentence;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
