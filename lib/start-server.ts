import 'server-only';
import { getPasswordCheck } from '@/lib/admin/password';
import { syncCatalogToStripe } from '@/lib/catalog/stripe-sync';
import { seedDiscountRules } from '@/lib/checkout/discount-rules';
import { getConfig } from '@/lib/config';
import { seedDemoCustomers } from '@/lib/customers';
import { DEMO_RULES } from '@/lib/discounts';
import { reachableBeyondLoopback } from '@/lib/listen-check';
import { getStore } from '@/lib/store/app-store';
import { getStripe } from '@/lib/stripe/server';

export async function startServer(): Promise<void> {
  const config = getConfig();
  // Next.js inlines NEXT_PUBLIC_ variables into the browser bundle at build time; a server started
  // with a different publishable key than it was built with would mix real and local Stripe.
  const builtWith = process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY ?? '';
  if (process.env.NODE_ENV === 'production' && builtWith !== config.bundlePublishableKey) {
    throw new Error(
      'NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY differs from the value the app was built with: run `npm run build` again with the same environment as `npm start`.',
    );
  }
  if (!config.allowRemote) await refuseRemoteListening(config.port);
  // The back office's password hash (scrypt, random salt) is derived once, now, in memory.
  await getPasswordCheck(config.adminPassword);
  const store = await getStore();
  await store.transaction(async (tx) => {
    await seedDemoCustomers(tx);
    await seedDiscountRules(tx, DEMO_RULES);
  });
  // The same sync as `npm run stripe:sync`, through the app's own client.
  if (config.syncCatalogOnStart) await syncCatalogToStripe(getStripe());
}

/**
 * In local mode the app serves the local Stripe, whose test controls can settle payments and whose
 * events carry shoppers' emails: it must not be reachable from other machines unless
 * LOCAL_STRIPE_ALLOW_REMOTE=1. `npm start` listens on loopback; this catches every other way of
 * starting it (`next start` without -H listens on every interface).
 */
async function refuseRemoteListening(port: number): Promise<void> {
  const reachable = await reachableBeyondLoopback(port);
  if (reachable.length > 0) {
    throw new Error(
      `This server answers on ${reachable.join(', ')} (port ${port}), not only on loopback. Without Stripe keys it serves the local Stripe, which stays private to this machine: start it with \`npm start\` (loopback), or \`next start -H 127.0.0.1\`, or set LOCAL_STRIPE_ALLOW_REMOTE=1 to accept other machines.`,
    );
  }
  console.log(
    `embedded-checkout: local Stripe mode, reachable on loopback only (port ${port}); set LOCAL_STRIPE_ALLOW_REMOTE=1 to accept other machines.`,
  );
}

/** A server that cannot work must not start: Next.js would log the error and keep serving broken pages. */
export async function startServerOrExit(): Promise<void> {
  try {
    await startServer();
  } catch (error) {
    console.error(
      `\nembedded-checkout cannot start.\n${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}
