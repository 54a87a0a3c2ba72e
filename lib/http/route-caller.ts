import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import type Stripe from 'stripe';
import type { Shopper } from '@/lib/checkout/shopper';
import { getConfig } from '@/lib/config';
import { AppError } from '@/lib/errors';
import { verifyStripeEvent } from '@/lib/orders/stripe-event';
import { isSecureRequest } from './app-origin';
import { ensureBrowserId } from './identity';
import { readRawBody } from './request-body';
import type { RouteDeps } from './route-deps';

/**
 * Who may call a route, as route()'s `caller` option names them:
 * - 'shopper': a browser, known by its signed cookies (lib/http/identity.ts), handed over as a Shopper;
 * - 'apiToken': a back-office system with `Authorization: Bearer $ORDERS_API_TOKEN` (401 otherwise,
 *   checked before anything else of the request is looked at);
 * - 'stripeSignature': Stripe, whose raw body is verified with the webhook secret and handed over as
 *   the event. Its signature is its authentication: no origin check, no rate limit.
 */
export type CallerKind = 'shopper' | 'apiToken' | 'stripeSignature';

/** Stripe's event payloads are a few KiB; the cap only keeps a flood of bytes out of memory. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export function authorizeApiToken(request: Request, token: string | null): void {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (token === null || presented === undefined || !sameSecret(presented, token)) {
    throw new AppError(
      'unauthorized',
      token === null
        ? 'The orders API is disabled: set ORDERS_API_TOKEN on the server to enable it.'
        : 'Send the orders API token as "Authorization: Bearer <token>".',
    );
  }
}

/** Compares digests, so neither the length nor the content of the token leaks through timing. */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The verified event; the body must be the raw text as received (a re-serialised one no longer matches). */
export async function verifyStripeSignature(request: Request, deps: RouteDeps): Promise<Stripe.Event> {
  const payload = await readRawBody(request, MAX_WEBHOOK_BODY_BYTES);
  return verifyStripeEvent(deps.stripe, payload, request.headers.get('stripe-signature'), deps.webhookSecret);
}

/**
 * Gives a browser without an id its cookie (session creation: the new cart must belong to someone).
 * Called after the rate limits, so a refused request issues nothing. A fresh id has no sign-in.
 */
export async function issueBrowserId(request: Request, shopper: Shopper): Promise<Shopper> {
  if (shopper.browserId !== '') return shopper;
  const browserId = await ensureBrowserId(isSecureRequest(request, getConfig()));
  return { browserId, customer: null };
}
