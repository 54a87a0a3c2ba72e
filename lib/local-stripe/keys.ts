/**
 * The publishable key the Stripe.js stand-in sends. Public by design, as Stripe's are: it opens only
 * what Stripe.js may do with a session's client secret. The secret key is each instance's own
 * (`secretKey` in LocalStripeOptions), so there is no well-known one. Browser-safe: no imports.
 */
export const LOCAL_STRIPE_PUBLISHABLE_KEY = 'pk_test_local';
