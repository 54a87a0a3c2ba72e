import 'server-only';
import { getConfig } from '@/lib/config';
import { seedDemoCustomers } from '@/lib/customers';
import { getStore } from '@/lib/store/app-store';

export async function startServer(): Promise<void> {
  const config = getConfig();
  // Next.js inlines NEXT_PUBLIC_ variables into the browser bundle at build time; a server started
  // with a different publishable key than it was built with would mix real and local Stripe.
  const builtWith = process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY ?? '';
  const runningWith = config.stripe.mode === 'real' ? config.stripe.publishableKey : '';
  if (process.env.NODE_ENV === 'production' && builtWith !== runningWith) {
    throw new Error(
      'NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY differs from the value the app was built with: run `npm run build` again with the same environment as `npm start`.',
    );
  }
  const store = await getStore();
  await store.transaction((tx) => seedDemoCustomers(tx));
}
