/**
 * npm run stripe:sync - creates or updates the catalog's products and prices in the Stripe account
 * of STRIPE_SECRET_KEY, idempotently (by lookup_key). Safe to run any number of times.
 */
import Stripe from 'stripe';
import { syncCatalogToStripe } from '../lib/catalog/stripe-sync';

const secretKey = process.env.STRIPE_SECRET_KEY;
if (!secretKey) {
  console.error(
    'STRIPE_SECRET_KEY is not set. Set it to sync the catalog to Stripe (without keys the app syncs its local Stripe at start-up).',
  );
  process.exit(1);
}
const stripe = new Stripe(secretKey, { appInfo: { name: 'embedded-checkout stripe:sync' } });
const result = await syncCatalogToStripe(stripe);
console.log(`Created ${result.created.length} price(s): ${result.created.join(', ') || 'none'}`);
console.log(`Unchanged: ${result.unchanged.length}`);
