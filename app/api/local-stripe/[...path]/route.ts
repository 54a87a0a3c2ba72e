import { createFetchHandler } from '@/lib/local-stripe';
import { getLocalStripeInstance } from '@/lib/stripe/server';

/** The local Stripe's HTTP face: a 404 with real keys; its API and controls check the instance's key. */
async function handle(request: Request): Promise<Response> {
  const local = getLocalStripeInstance();
  if (local !== null) return createFetchHandler(local, { basePath: '/api/local-stripe' })(request);
  const error = { code: 'not_found', message: 'The local Stripe is off: this app uses real Stripe.' };
  return Response.json({ error }, { status: 404 });
}

export { handle as DELETE, handle as GET, handle as POST };
export const dynamic = 'force-dynamic';
