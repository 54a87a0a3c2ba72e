import 'server-only';
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { InternalStore } from './internal-store';
import { createTransactionHandle, type ScriptQueryable, TransactionScope } from './transaction-scope';
import { DATE_OID, INT8_OID, parseDate, parseInt8, toDriverParams } from './values';

export interface PgliteStoreOptions {
  /** Directory for the database files; omitted keeps everything in memory. */
  dataDir?: string;
  /** Start from a `snapshot()` of another store instead of running initdb (tests: much faster). */
  snapshot?: Blob;
  /** Already validated identifier; created by the migrator. */
  schema?: string;
}

export interface PgliteStore extends InternalStore {
  /** The whole data directory as a tarball, for `PgliteStoreOptions.snapshot`. */
  snapshot(): Promise<Blob>;
}

/**
 * PGlite is one Postgres backend with one connection: queries and transactions queue on it, so
 * transactions never overlap and `SELECT ... FOR UPDATE` never has to wait. One process only may
 * open a given dataDir at a time.
 */
export async function createPgliteStore(options: PgliteStoreOptions): Promise<PgliteStore> {
  if (options.dataDir !== undefined) {
    await mkdir(options.dataDir, { recursive: true });
  }
  const db = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.snapshot,
    // Per instance, like the Postgres pool's overrides; jsonb and timestamptz defaults already match.
    parsers: { [INT8_OID]: parseInt8, [DATE_OID]: parseDate },
  });
  if (options.schema !== undefined) {
    // A session setting on the only connection, so it holds for every later query.
    await db.exec(`SET search_path TO "${options.schema}"`);
  }

  const scope = new TransactionScope();
  let closed = false;

  return {
    driver: 'pglite',

    async query<T extends Record<string, unknown> = Record<string, unknown>>(
      sql: string,
      params?: readonly unknown[],
    ) {
      scope.assertOutside('query');
      const result = await db.query<T>(sql, toDriverParams(params));
      return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? 0 };
    },

    transaction<T>(fn: (tx: ScriptQueryable) => Promise<T>): Promise<T> {
      scope.assertOutside('transaction');
      // PGlite holds its connection for the whole callback and rolls back when it throws.
      return db.transaction(async (pgliteTx) => {
        const handle = createTransactionHandle({
          async query<R extends Record<string, unknown> = Record<string, unknown>>(
            sql: string,
            params?: readonly unknown[],
          ) {
            const result = await pgliteTx.query<R>(sql, toDriverParams(params));
            return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? 0 };
          },
          async execScript(sql: string) {
            await pgliteTx.exec(sql);
          },
        });
        try {
          return await scope.run(() => fn(handle.tx));
        } finally {
          handle.end();
        }
      });
    },

    snapshot() {
      scope.assertOutside('snapshot');
      return db.dumpDataDir('none');
    },

    async close() {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
}
