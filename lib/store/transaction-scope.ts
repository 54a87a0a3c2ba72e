import { AsyncLocalStorage } from 'node:async_hooks';
import type { Queryable } from './types';

/** What a driver's transaction offers internally: migrations also need multi-statement scripts. */
export interface ScriptQueryable extends Queryable {
  execScript(sql: string): Promise<void>;
}

/**
 * Tracks which async call chains run inside one of this store's transactions. Using the store
 * itself from inside a transaction deadlocks PGlite (its one connection is held by the transaction)
 * and on Postgres quietly runs outside the transaction; both are bugs, so fail fast on both drivers.
 */
export class TransactionScope {
  readonly #inside = new AsyncLocalStorage<true>();

  assertOutside(operation: string): void {
    if (this.#inside.getStore()) {
      throw new Error(
        `store.${operation}() was called inside store.transaction(); use the tx argument instead`,
      );
    }
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.#inside.run(true, fn);
  }
}

/**
 * Wraps a driver transaction so it refuses work once the transaction has ended: on Postgres the
 * connection goes back to the pool and would otherwise run a late query in someone else's session.
 */
export function createTransactionHandle(target: ScriptQueryable): { tx: ScriptQueryable; end(): void } {
  let ended = false;
  const assertOpen = () => {
    if (ended) throw new Error('This transaction has already ended; queries must finish before it returns');
  };
  return {
    tx: {
      query<T extends Record<string, unknown> = Record<string, unknown>>(
        sql: string,
        params?: readonly unknown[],
      ) {
        assertOpen();
        return target.query<T>(sql, params);
      },
      execScript(sql: string) {
        assertOpen();
        return target.execScript(sql);
      },
    },
    end: () => {
      ended = true;
    },
  };
}
