import 'server-only';
import type { InternalStore } from './internal-store';
import { applyMigrations, defaultMigrationsDir, readMigrations } from './migrate';
import { createPgliteStore } from './pglite-store';
import { createPostgresStore } from './postgres-store';
import type { Store } from './types';

export interface OpenStoreOptions {
  /** Postgres connection string; when set, Postgres is used and `dataDir` is ignored. */
  databaseUrl?: string;
  /** PGlite data directory, created if missing; omitted keeps the database in memory. */
  dataDir?: string;
  /** Schema to create if missing and use for every query (Postgres, and PGlite for symmetry). */
  schema?: string;
  /** Where the NNNN_name.sql migrations live; defaults to lib/store/migrations under the cwd. */
  migrationsDir?: string;
  /** Postgres only: the pool's size (DATABASE_POOL_MAX). */
  poolMax?: number;
  /** Postgres only: named prepared statements (DATABASE_PREPARED_STATEMENTS); default on. */
  preparedStatements?: boolean;
}

// Lowercase only: the name is interpolated into SQL and a connection option, and an unquoted
// lowercase identifier means the same thing everywhere. pg_ names are reserved by Postgres.
const SCHEMA_NAME = /^(?!pg_)[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(
      `Invalid schema name ${JSON.stringify(schema)}: use lowercase letters, digits and underscores (at most 63, not starting with a digit or pg_)`,
    );
  }
}

/** Opens the database (Postgres when `databaseUrl` is given, else PGlite) and applies pending migrations. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const { databaseUrl, dataDir, schema, migrationsDir, poolMax, preparedStatements } = options;
  if (schema !== undefined) assertSchemaName(schema);
  if (databaseUrl !== undefined && databaseUrl.trim() === '') {
    throw new Error('databaseUrl is empty: pass a postgres:// URL, or omit it to use PGlite');
  }

  // Read (and name-check) the files before opening anything, so a packaging mistake fails fast.
  const migrations = await readMigrations(migrationsDir ?? defaultMigrationsDir());
  const store: InternalStore =
    databaseUrl === undefined
      ? await createPgliteStore({ dataDir, schema })
      : createPostgresStore({ databaseUrl, schema, poolMax, preparedStatements });
  try {
    await applyMigrations(store, migrations, { schema });
  } catch (error) {
    // Don't leak a pool or a PGlite instance (and its dataDir) when start-up fails.
    await store.close().catch(() => {});
    throw error;
  }
  return store;
}
