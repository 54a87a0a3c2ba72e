import 'server-only';
import path from 'node:path';
import { getConfig, getDataDir } from '@/lib/config';
import { openStore } from './open-store';
import type { Store } from './types';

const holder = globalThis as typeof globalThis & { __embeddedCheckoutStore?: Promise<Store> };

/**
 * The app's one database handle per process. Kept on globalThis because Next.js may load this module
 * more than once (per route bundle, and again on dev reloads); two PGlite instances on one folder
 * would corrupt it.
 */
export function getStore(): Promise<Store> {
  if (holder.__embeddedCheckoutStore === undefined) {
    const config = getConfig();
    const opening = openStore(
      config.databaseUrl !== null
        ? {
            databaseUrl: config.databaseUrl,
            poolMax: config.databasePoolMax,
            preparedStatements: config.databasePreparedStatements,
          }
        : { dataDir: path.join(getDataDir(config), 'pglite') },
    );
    // A failed open must not be cached forever: the next caller tries again.
    opening.catch(() => {
      if (holder.__embeddedCheckoutStore === opening) holder.__embeddedCheckoutStore = undefined;
    });
    holder.__embeddedCheckoutStore = opening;
  }
  return holder.__embeddedCheckoutStore;
}
