import 'server-only';
import Stripe from 'stripe';
import { AppError } from '@/lib/errors';

/**
 * Stripe SDK errors -> the app's error contract. Stripe's own messages for server-side failures can
 * name our parameters, price ids or account details, so shoppers get a fixed sentence instead and the
 * original error travels as `cause` for the log.
 */

const TIMEOUT_MESSAGE = 'Stripe did not answer in time. Nothing was charged; please try again.';
const BUSY_MESSAGE = 'Stripe is busy right now. Nothing was charged; please try again in a moment.';
const REFUSED_MESSAGE =
  'Stripe could not process this change. Nothing was charged; please try again, and contact us if it keeps happening.';
const UNAVAILABLE_MESSAGE =
  'Payments are temporarily unavailable. Nothing was charged; please try again later.';
const FAILED_MESSAGE = 'Stripe reported an error. Nothing was charged; please try again.';

/**
 * True when the request may or may not have reached Stripe: a timeout or a broken connection. The
 * caller cannot tell whether the change was applied, so it must retrieve the object and push the
 * desired state again (DESIGN.md, principle 2) rather than assume either outcome.
 */
export function isStripeTimeout(error: unknown): boolean {
  if (stripeErrorType(error) === 'StripeConnectionError') return true;
  // A deadline of our own (AbortSignal.timeout) around a Stripe call leaves the same unknown outcome.
  return error instanceof Error && error.name === 'TimeoutError';
}

/** Stripe's 429 for a request that waited too long for another request on the same object. */
export function isLockTimeout(error: unknown): boolean {
  if (stripeErrorType(error) !== 'StripeRateLimitError') return false;
  return (error as { code?: unknown }).code === 'lock_timeout';
}

/**
 * Runs a use case and rethrows Stripe's errors as the AppError they answer with. Use cases call it
 * around their whole body, outside any transaction, so the code inside still sees Stripe's own error
 * (to tell a timeout from a refusal and reconcile) and everything above sees only AppErrors: the
 * route wrapper in lib/http knows nothing of Stripe.
 */
export async function mapStripeErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw (error instanceof AppError ? null : toAppError(error)) ?? error;
  }
}

/** The AppError a Stripe failure answers with, or null when `error` did not come from Stripe. */
export function toAppError(error: unknown): AppError | null {
  if (isStripeTimeout(error)) {
    return new AppError('stripe_timeout', TIMEOUT_MESSAGE, { cause: error });
  }
  const type = stripeErrorType(error);
  if (type === null) return null;

  if (type === 'StripeCardError') {
    // Card messages are written by Stripe for the cardholder ("Your card was declined."), so they
    // are safe to show; the server does not confirm payments, so this is only a fallback.
    return new AppError('stripe_error', (error as Error).message || REFUSED_MESSAGE, { cause: error });
  }
  if (type === 'StripeRateLimitError') {
    return new AppError('stripe_error', BUSY_MESSAGE, { cause: error });
  }
  if (type === 'StripeAuthenticationError' || type === 'StripePermissionError') {
    // A wrong or restricted key is the merchant's configuration problem; the shopper can only wait.
    return new AppError('stripe_error', UNAVAILABLE_MESSAGE, { cause: error });
  }
  if (type === 'StripeInvalidRequestError' || type === 'StripeIdempotencyError') {
    // We build every parameter ourselves, so a refused request is our bug, not the shopper's input.
    return new AppError('stripe_error', REFUSED_MESSAGE, { cause: error });
  }
  return new AppError('stripe_error', FAILED_MESSAGE, { cause: error });
}

/**
 * The SDK's error class name (`StripeCardError`, ...). Read from the `type` the SDK sets rather than
 * by instanceof: a bundler may load the SDK more than once, and each copy has its own classes.
 */
export function stripeErrorType(error: unknown): string | null {
  if (error instanceof Stripe.errors.StripeError) return error.type;
  if (typeof error !== 'object' || error === null) return null;
  const type = (error as { type?: unknown }).type;
  return typeof type === 'string' && /^Stripe[A-Za-z]*Error$/.test(type) ? type : null;
}
