import { createFetchHandler } from '@/lib/local-stripe';
import { getLocalStripeInstance } from '@/lib/stripe/server';

/**
 * The local Stripe's HTTP face for the browser stand-in and for tests' controls. It exists only
 * without Stripe keys: with real keys every path here is a 404, so the fault and clock controls
 * cannot be reached. Without keys, everything but the browser endpoints needs the instance's secret
 * key (lib/local-stripe checks it before routing), and nothing in a request changes where the local
 * Stripe delivers its events.
 */
async function handle(request: Request): Promise<Response> {
  const local = getLocalStripeInstance();
  if (local === null) {
    return Response.json(
      { error: { code: 'not_found', message: 'The local Stripe is off: this app uses real Stripe.' } },
      { status: 404 },
    );
  }
  return createFetchHandler(local, { basePath: '/api/local-stripe' })(request);
}

export const GET = handle;
export const POST = handle;
export const DELETE = handle;
export const dynamic = 'force-dynamic';
