/**
 * npm run stripe:check - makes each Checkout Session call the app makes, with the app's own
 * parameter builders, and reports each step (scripts/stripe-check-steps.ts). With
 * STRIPE_SECRET_KEY it checks that Stripe account (test mode!) and its preview enrolment; without,
 * an in-process local Stripe with a generated key. Exits 1 when a step fails.
 */
import { resolvePriceIds } from '@/lib/catalog/stripe-sync';
import { createStripeClient, STRIPE_API_VERSION } from '@/lib/stripe/server';
import { localStripeForCheck, runStripeCheck } from './stripe-check-steps';

async function main(): Promise<number> {
  const secretKey = process.env.STRIPE_SECRET_KEY;
  if (secretKey?.startsWith('sk_live_') || secretKey?.startsWith('rk_live_')) {
    console.error('stripe:check creates and expires Checkout Sessions: use a test-mode key, not a live one.');
    return 1;
  }
  let stripe: ReturnType<typeof createStripeClient>;
  if (secretKey) {
    console.log(`stripe:check against Stripe (Stripe-Version: ${STRIPE_API_VERSION})`);
    stripe = createStripeClient(secretKey);
  } else {
    console.log('stripe:check against an in-process local Stripe (STRIPE_SECRET_KEY is not set)');
    stripe = await localStripeForCheck();
  }
  let priceIds: Record<string, string>;
  try {
    priceIds = await resolvePriceIds(stripe, 'usd');
  } catch (error) {
    console.error(`FAIL  prices: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const result = await runStripeCheck(stripe, priceIds, { log: (line) => console.log(line) });
  console.log(result.ok ? 'stripe:check passed' : `stripe:check failed at "${result.failedStep}"`);
  return result.ok ? 0 : 1;
}

process.exitCode = await main();
