import 'server-only';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ScriptQueryable } from './transaction-scope';

const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.sql$/;

export interface MigrationTarget {
  transaction<T>(fn: (tx: ScriptQueryable) => Promise<T>): Promise<T>;
}

export interface ApplyMigrationsOptions {
  /** Validated schema name to create if missing; omitted means the connection's default (public). */
  schema?: string;
}

export interface Migration {
  name: string;
  sql: string;
}

/** lib/store/migrations under the working directory: Next.js runs from the project root. */
export function defaultMigrationsDir(): string {
  return path.join(process.cwd(), 'lib/store/migrations');
}

export async function readMigrations(migrationsDir: string): Promise<Migration[]> {
  let entries: string[];
  try {
    entries = await readdir(migrationsDir);
  } catch (error) {
    throw new Error(
      `Cannot read database migrations from ${migrationsDir}; in a Next.js build, include lib/store/migrations in outputFileTracingIncludes`,
      { cause: error },
    );
  }
  const sqlFiles = entries.filter((entry) => entry.endsWith('.sql')).sort();
  const misnamed = sqlFiles.filter((file) => !MIGRATION_FILE.test(file));
  if (misnamed.length > 0) {
    // A file the runner skipped silently would leave the schema behind without anyone noticing.
    throw new Error(`Migration files must be named NNNN_snake_case.sql: ${misnamed.join(', ')}`);
  }
  return Promise.all(
    sqlFiles.map(async (file) => ({
      name: file.slice(0, -'.sql'.length),
      sql: await readFile(path.join(migrationsDir, file), 'utf8'),
    })),
  );
}

/**
 * Applies pending migrations in filename order, each file in its own transaction together with its
 * row in schema_migrations, so a failing file leaves nothing behind and is retried at the next open.
 * Every step first takes a transaction-scoped advisory lock keyed by schema: two processes starting
 * at once on the same database take turns, and the second sees the first one's work and skips it.
 * Returns the names applied by this call.
 */
export async function applyMigrations(
  target: MigrationTarget,
  migrations: readonly Migration[],
  options: ApplyMigrationsOptions = {},
): Promise<string[]> {
  const lockKey = `embedded-checkout:migrations:${options.schema ?? 'public'}`;
  const lock = (tx: ScriptQueryable) =>
    tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockKey]);

  const applied = await target.transaction(async (tx) => {
    await lock(tx);
    if (options.schema !== undefined) {
      await tx.execScript(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    }
    await tx.execScript(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await tx.query<{ name: string }>('SELECT name FROM schema_migrations');
    return new Set(rows.map((row) => row.name));
  });

  const appliedNow: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    const ran = await target.transaction(async (tx) => {
      await lock(tx);
      // Another process may have applied it while this one waited for the lock.
      const { rowCount } = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [
        migration.name,
      ]);
      if (rowCount > 0) return false;
      try {
        await tx.execScript(migration.sql);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Migration ${migration.name} failed: ${reason}`, { cause: error });
      }
      await tx.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, now())', [migration.name]);
      return true;
    });
    if (ran) appliedNow.push(migration.name);
  }
  return appliedNow;
}
