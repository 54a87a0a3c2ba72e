import 'server-only';
import type Stripe from 'stripe';
import { AppError } from '@/lib/errors';
import { stripeErrorType } from '@/lib/stripe/errors';

/** How old a signed delivery may be: Stripe's default, stated so a reader need not look it up. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * Verifies a webhook delivery and returns its event. The body must be the raw text as received: a
 * re-serialised JSON body no longer matches the signature. There is no fallback to an unsigned body.
 * A missing or wrong signature, a stale timestamp or a body that is not an event is a 400, which
 * changes nothing; a missing secret is our configuration error, a 500, so Stripe keeps retrying
 * until the secret is set.
 */
export function verifyStripeEvent(
  stripe: Stripe,
  payload: string,
  signature: string | null,
  secret: string | null,
): Stripe.Event {
  if (secret === null) {
    throw new AppError('internal', 'Webhook signing secret is not configured.', {
      cause: new Error(
        'STRIPE_WEBHOOK_SECRET is not set: copy the signing secret (whsec_...) of this endpoint from the Stripe Dashboard, or the one `stripe listen` prints.',
      ),
    });
  }
  if (signature === null || signature.trim() === '') {
    throw new AppError('invalid_request', 'The Stripe-Signature header is missing.');
  }
  try {
    return stripe.webhooks.constructEvent(payload, signature, secret, WEBHOOK_TOLERANCE_SECONDS);
  } catch (error) {
    const message =
      stripeErrorType(error) === 'StripeSignatureVerificationError'
        ? 'The Stripe signature does not match this payload, or its timestamp is too old.'
        : 'The signed payload is not a Stripe event.';
    throw new AppError('invalid_request', message, { cause: error });
  }
}
