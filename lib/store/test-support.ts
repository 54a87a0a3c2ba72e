import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { applyMigrations, defaultMigrationsDir, type Migration, readMigrations } from './migrate';
import { type OpenStoreOptions, openStore } from './open-store';
import { createPgliteStore } from './pglite-store';
import { createPostgresStore } from './postgres-store';
import type { Store, StoreDriver } from './types';

/**
 * Drivers every store-backed integration suite runs on. Postgres is included unless
 * SKIP_POSTGRES_TESTS=1, so a missing server fails the run instead of silently testing less.
 *
 *   describe.each(TEST_DRIVERS)('toggleAddOn on %s', (driver) => {
 *     const db = useTestStore(driver);
 *     it('...', async () => { await db.store.query('...'); });
 *   });
 */
export const TEST_DRIVERS: readonly StoreDriver[] =
  process.env.SKIP_POSTGRES_TESTS === '1' ? ['pglite'] : ['pglite', 'postgres'];

export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function randomSchemaName(): string {
  return `test_${randomBytes(6).toString('hex')}`;
}

export interface TestStore {
  store: Store;
  /** Closes the store; on Postgres also drops its schema. */
  cleanup(): Promise<void>;
}

/** A migrated, empty database: PGlite in memory, or a fresh `test_<hex>` schema on TEST_DATABASE_URL. */
export async function openTestStore(
  driver: StoreDriver,
  options: Pick<OpenStoreOptions, 'migrationsDir' | 'poolMax'> = {},
): Promise<TestStore> {
  if (driver === 'pglite') {
    const store = await openPgliteFromTemplate(options.migrationsDir ?? defaultMigrationsDir());
    return { store, cleanup: () => store.close() };
  }
  const schema = randomSchemaName();
  const store = await openStore({ ...options, databaseUrl: testDatabaseUrl(), schema }).catch(
    (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Cannot open the Postgres test database at TEST_DATABASE_URL (${redact(testDatabaseUrl())}): ${reason}. Start Postgres or set SKIP_POSTGRES_TESTS=1`,
        { cause: error },
      );
    },
  );
  return {
    store,
    cleanup: async () => {
      try {
        await dropSchema(store, schema);
      } finally {
        await store.close();
      }
    },
  };
}

export async function dropSchema(store: Store, schema: string): Promise<void> {
  await store.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/**
 * Opens a test store before the enclosing suite's tests and cleans it up after them. Read `.store`
 * inside hooks and tests (not while the suite is being collected).
 */
export function useTestStore(driver: StoreDriver): { readonly store: Store } {
  let opened: TestStore | undefined;
  beforeAll(async () => {
    opened = await openTestStore(driver);
  });
  afterAll(async () => {
    await opened?.cleanup();
    opened = undefined;
  });
  return {
    get store(): Store {
      if (opened === undefined) throw new Error('The test store is only open inside tests and hooks');
      return opened.store;
    },
  };
}

/**
 * A fresh PGlite runs initdb, which takes seconds; loading a snapshot of an already migrated
 * database takes a fraction of that. The snapshot is cached in the OS temp dir (shared by test files
 * and workers), keyed by the PGlite build and the migrations, so a change to either makes a new one.
 */
async function openPgliteFromTemplate(migrationsDir: string): Promise<Store> {
  const migrations = await readMigrations(migrationsDir);
  const templatePath = path.join(tmpdir(), `embedded-checkout-pglite-${await templateKey(migrations)}.tar`);
  const template = await readFile(templatePath).catch(() => undefined);
  const store = await createPgliteStore(template === undefined ? {} : { snapshot: new Blob([template]) });
  try {
    await applyMigrations(store, migrations);
    if (template === undefined) {
      const snapshot = Buffer.from(await (await store.snapshot()).arrayBuffer());
      // Write then rename, so a parallel worker never reads a half-written template.
      const partial = `${templatePath}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await writeFile(partial, snapshot);
      await rename(partial, templatePath);
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

async function templateKey(migrations: readonly Migration[]): Promise<string> {
  const wasm = await stat(createRequire(import.meta.url).resolve('@electric-sql/pglite/pglite.wasm'));
  const hash = createHash('sha256').update(`${wasm.size}:${wasm.mtimeMs}`);
  for (const migration of migrations) hash.update(`\0${migration.name}\0${migration.sql}`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * A store of `driver` whose database is gone, as the app would hold one during an outage: a closed
 * PGlite, or a Postgres pool pointed where nothing listens. Every call fails with the driver's own
 * error. Close it when done.
 */
export async function openUnavailableStore(driver: StoreDriver): Promise<Store> {
  if (driver === 'postgres')
    return createPostgresStore({ databaseUrl: 'postgres://postgres@127.0.0.1:1/postgres' });
  const store = await createPgliteStore({});
  await store.close();
  return store;
}

/** A real error of `driver` losing its database, for tests that inject a database failure. */
export async function realDatabaseFailure(driver: StoreDriver): Promise<Error> {
  const store = await openUnavailableStore(driver);
  try {
    await store.query('SELECT 1');
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`The ${driver} failure is not an Error: ${String(error)}`);
  } finally {
    await store.close();
  }
  throw new Error(`The ${driver} store answered although its database is gone`);
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
