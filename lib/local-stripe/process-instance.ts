import { createLocalStripe, GLOBAL_KEY, type LocalStripe } from './local-stripe';
import { createThreadedLocalStripe, type ThreadedLocalStripeOptions } from './threaded';

/**
 * The process-wide instance. Next.js may evaluate this module several times (dev reloads,
 * separate bundles), so the instance lives on `globalThis` under a registered symbol. `threaded`
 * runs it on a worker thread of its own (threaded.ts), as the app does.
 */
export function getLocalStripe(
  options: ThreadedLocalStripeOptions,
  { threaded }: { threaded: boolean } = { threaded: false },
): LocalStripe {
  const registry = globalThis as unknown as Record<symbol, LocalStripe | undefined>;
  const existing = registry[GLOBAL_KEY];
  if (existing) return existing;
  const created = threaded ? createThreadedLocalStripe(options) : createLocalStripe(options);
  registry[GLOBAL_KEY] = created;
  return created;
}
