import 'server-only';
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { InternalStore } from './internal-store';
import { createTransactionHandle, type ScriptQueryable, TransactionScope } from './transaction-scope';
import { DATE_OID, INT8_OID, parseDate, parseInt8, toDriverParams } from './values';

// A serverless function serves few requests at once, and no connection is held across a Stripe call.
export const DEFAULT_POOL_MAX = 5;

export interface PostgresStoreOptions {
  databaseUrl: string;
  /** Already validated identifier; becomes the only schema on every connection's search_path. */
  schema?: string;
  /** Most connections open at once (DATABASE_POOL_MAX); default DEFAULT_POOL_MAX. */
  poolMax?: number | undefined;
  /**
   * Parameterized statements as named prepared statements (default on). Off for a connection pooler
   * in transaction mode that cannot keep them across transactions (DATABASE_PREPARED_STATEMENTS=0).
   */
  preparedStatements?: boolean | undefined;
}

function createPool(options: PostgresStoreOptions): pg.Pool {
  // Per pool rather than pg.types.setTypeParser, which would change every other pg user in the process.
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8_OID, parseInt8);
  types.setTypeParser(DATE_OID, parseDate);

  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolMax ?? DEFAULT_POOL_MAX,
    types,
    // Set at connection start-up, so every pooled connection (and every query) sees the schema
    // without a per-checkout SET that a failed query could skip.
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 10_000,
    // Scripts and tests end when their work is done instead of waiting for idle connections.
    allowExitOnIdle: true,
  });
  // An idle connection dropped by the server emits 'error' on the pool; unhandled, it kills the process.
  pool.on('error', (error) => {
    console.error('[store] idle Postgres connection failed', error);
  });
  return pool;
}

/**
 * A parameterized statement runs as a named prepared statement: each connection parses and plans it
 * once and then only binds and executes it, which spares the database server most of its work per
 * statement (the app's statements are a few dozen fixed texts). The name is derived from the text,
 * so one name never stands for two texts. Without parameters it is sent as it is (scripts,
 * BEGIN/COMMIT).
 */
function statement(sql: string, params: readonly unknown[] | undefined, prepared: boolean): pg.QueryConfig {
  const values = toDriverParams(params);
  if (!prepared || values.length === 0) return { text: sql, values };
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `ec_${createHash('sha256').update(sql).digest('base64url').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return { name, text: sql, values };
}

const statementNames = new Map<string, string>();

export function createPostgresStore(options: PostgresStoreOptions): InternalStore {
  const pool = createPool(options);
  const prepared = options.preparedStatements ?? true;
  const scope = new TransactionScope();
  let closed = false;

  return {
    driver: 'postgres',

    async query<T extends Record<string, unknown> = Record<string, unknown>>(
      sql: string,
      params?: readonly unknown[],
    ) {
      scope.assertOutside('query');
      const result = await pool.query<T>(statement(sql, params, prepared));
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },

    async transaction<T>(fn: (tx: ScriptQueryable) => Promise<T>): Promise<T> {
      scope.assertOutside('transaction');
      const client = await pool.connect();
      const handle = createTransactionHandle({
        async query<R extends Record<string, unknown> = Record<string, unknown>>(
          sql: string,
          params?: readonly unknown[],
        ) {
          const result = await client.query<R>(statement(sql, params, prepared));
          return { rows: result.rows, rowCount: result.rowCount ?? 0 };
        },
        async execScript(sql: string) {
          // Without parameters pg uses the simple protocol, which accepts several statements.
          await client.query(sql);
        },
      });
      let brokenConnection: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await scope.run(() => fn(handle.tx));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          // A connection that cannot roll back is in an unknown state: destroy it, don't reuse it.
          brokenConnection =
            rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw error;
      } finally {
        handle.end();
        client.release(brokenConnection);
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
