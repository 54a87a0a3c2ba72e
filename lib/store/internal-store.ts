import type { ScriptQueryable } from './transaction-scope';
import type { Store } from './types';

/** A driver's store as `openStore` and the migrator see it: transactions can also run SQL scripts. */
export interface InternalStore extends Store {
  transaction<T>(fn: (tx: ScriptQueryable) => Promise<T>): Promise<T>;
}
