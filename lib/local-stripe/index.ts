/**
 * The local Stripe: a stateful stand-in for the part of the Stripe API this app uses, reached
 * by the official SDK through `httpClient()` and by the browser stand-in over HTTP (`handle`).
 * Server-only (node:fs, node:crypto); the browser imports `lib/local-stripe/browser` instead.
 */
export { createFetchHandler } from './fetch-handler';
export type { HandledRequest, HandledResponse } from './http-client';
export { LOCAL_STRIPE_PUBLISHABLE_KEY } from './keys';
export {
  createLocalStripe,
  DEFAULT_API_VERSION,
  type LocalStripe,
  type LocalStripeOptions,
} from './local-stripe';
export { getLocalStripe } from './process-instance';
export { createThreadedLocalStripe } from './threaded';
export { signPayload } from './webhooks';
