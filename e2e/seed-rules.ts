import path from 'node:path';
import { seedDiscountRules } from '@/lib/checkout/discount-rules';
import type { Rule } from '@/lib/discounts';
import { openStore } from '@/lib/store/open-store';

/**
 * Prepares a data folder for a spawned server with the rules a spec needs besides the demo's:
 * `npx tsx --conditions=react-server e2e/seed-rules.ts <DATA_DIR> '<rules as JSON>'`. It writes
 * through the store and seedDiscountRules, as the app's own start-up seeds the demo rules, so the
 * app needs no test-only way in.
 */
async function main(): Promise<void> {
  const [dataDir, json] = process.argv.slice(2);
  if (dataDir === undefined || json === undefined) {
    throw new Error('usage: seed-rules.ts <DATA_DIR> <rules JSON>');
  }
  const rules = JSON.parse(json) as Rule[];
  const store = await openStore({ dataDir: path.join(dataDir, 'pglite') });
  try {
    await store.transaction((tx) => seedDiscountRules(tx, rules));
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
