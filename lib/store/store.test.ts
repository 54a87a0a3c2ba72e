import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore } from './open-store';
import { openTestStore, randomSchemaName, TEST_DRIVERS, testDatabaseUrl, useTestStore } from './test-support';
import type { Store, StoreDriver } from './types';

// Every migration file the app ships, in order; later issues add files, the tests follow.
const REAL_MIGRATIONS = readdirSync(path.join(process.cwd(), 'lib/store/migrations'))
  .filter((name) => name.endsWith('.sql'))
  .sort()
  .map((name) => name.replace(/\.sql$/, ''));

const TABLES = [
  'admin_audit_log',
  'admin_sessions',
  'carts',
  'checkout_attempts',
  'customer_spend',
  'customers',
  'discount_rules',
  'discount_rules_version',
  'orders',
  'rate_limits',
  'redemptions',
  'refunds',
  'schema_migrations',
  'webhook_events',
];

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'store-test-'));
}

async function writeMigrations(files: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  await Promise.all(Object.entries(files).map(([name, sql]) => writeFile(path.join(dir, name), sql)));
  return dir;
}

async function withPgClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A database that can be closed and opened again: a PGlite directory or a Postgres schema. */
async function createReopenableDatabase(driver: StoreDriver) {
  if (driver === 'pglite') {
    const dataDir = path.join(await tempDir(), 'nested', 'pglite');
    return {
      open: (migrationsDir?: string) => openStore({ dataDir, migrationsDir }),
      dispose: () => rm(path.dirname(path.dirname(dataDir)), { recursive: true, force: true }),
    };
  }
  const schema = randomSchemaName();
  return {
    open: (migrationsDir?: string) => openStore({ databaseUrl: testDatabaseUrl(), schema, migrationsDir }),
    dispose: () => withPgClient((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)),
  };
}

async function appliedMigrations(store: Store): Promise<{ name: string; applied_at: Date }[]> {
  const { rows } = await store.query<{ name: string; applied_at: Date }>(
    'SELECT name, applied_at FROM schema_migrations ORDER BY name',
  );
  return rows;
}

describe.each(TEST_DRIVERS)('store on %s', (driver) => {
  const db = useTestStore(driver);

  it('reports its driver and applies the initial migration with every table', async () => {
    expect(db.store.driver).toBe(driver);
    expect((await appliedMigrations(db.store)).map((row) => row.name)).toEqual(REAL_MIGRATIONS);
    const { rows } = await db.store.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
    );
    expect(rows.map((row) => row.table_name)).toEqual(TABLES);
  });

  it('round-trips jsonb, bigint, timestamptz and null with $n parameters', async () => {
    const customerId = `cus_${randomUUID()}`;
    const cartId = randomUUID();
    const createdAt = new Date('2025-03-01T12:34:56.789Z');
    const items = [{ productId: 'mug', quantity: 2, meta: { gift: true, note: null } }];
    await db.store.query(
      'INSERT INTO customers (id, display_name, email, created_at) VALUES ($1, $2, $3, $4)',
      [customerId, 'Returning', null, createdAt],
    );
    await db.store.query(
      'INSERT INTO customer_spend (customer_id, currency, amount) VALUES ($1, $2, $3), ($1, $4, $5)',
      [customerId, 'usd', Number.MAX_SAFE_INTEGER, 'jpy', 7200n],
    );
    await db.store.query(
      `INSERT INTO carts (id, reference, customer_id, currency, items, add_ons, line_item_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [cartId, `R-${cartId.slice(0, 8)}`, customerId, 'usd', items, ['gift_wrap'], {}],
    );

    const customer = await db.store.query(
      'SELECT email, created_at, paid_order_count FROM customers WHERE id = $1',
      [customerId],
    );
    expect(customer.rowCount).toBe(1);
    expect(customer.rows[0]).toEqual({ email: null, created_at: createdAt, paid_order_count: 0 });
    expect(customer.rows[0]?.created_at).toBeInstanceOf(Date);

    const spend = await db.store.query<{ currency: string; amount: number }>(
      'SELECT currency, amount FROM customer_spend WHERE customer_id = $1 ORDER BY currency',
      [customerId],
    );
    expect(spend.rows).toEqual([
      { currency: 'jpy', amount: 7200 },
      { currency: 'usd', amount: Number.MAX_SAFE_INTEGER },
    ]);

    const cart = await db.store.query(
      `SELECT items, add_ons, line_item_ids, shipping, decision, status, version, created_at,
              (SELECT count(*) FROM carts WHERE customer_id = $2) AS cart_count
       FROM carts WHERE id = $1`,
      [cartId, customerId],
    );
    expect(cart.rows[0]).toMatchObject({
      items,
      add_ons: ['gift_wrap'],
      line_item_ids: {},
      shipping: null,
      decision: null,
      status: 'open',
      version: 1,
      cart_count: 1,
    });
    expect(cart.rows[0]?.created_at).toBeInstanceOf(Date);

    const update = await db.store.query('UPDATE carts SET version = version + 1 WHERE customer_id = $1', [
      customerId,
    ]);
    expect(update.rowCount).toBe(1);
  });

  it('returns dates as text and refuses int8 values beyond the safe integer range', async () => {
    const { rows } = await db.store.query(`SELECT '2025-01-31'::date AS day, 12.50::numeric AS exact`);
    expect(rows[0]).toEqual({ day: '2025-01-31', exact: '12.50' });
    await expect(db.store.query('SELECT 9007199254740993::int8 AS too_big')).rejects.toThrow(/safe integer/);
    // The connection stays usable after a refused row.
    expect((await db.store.query('SELECT 1::int8 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('commits a transaction and returns its result', async () => {
    const id = randomUUID();
    const result = await db.store.transaction(async (tx) => {
      await tx.query('INSERT INTO webhook_events (id, type) VALUES ($1, $2)', [
        id,
        'checkout.session.completed',
      ]);
      return 'done';
    });
    expect(result).toBe('done');
    const { rows } = await db.store.query('SELECT type FROM webhook_events WHERE id = $1', [id]);
    expect(rows).toEqual([{ type: 'checkout.session.completed' }]);
  });

  it('rolls back everything when the callback throws and rethrows the same error', async () => {
    const id = randomUUID();
    const failure = new Error('Stripe refused');
    await expect(
      db.store.transaction(async (tx) => {
        await tx.query('INSERT INTO webhook_events (id, type) VALUES ($1, $2)', [id, 'first']);
        await tx.query('INSERT INTO customers (id, display_name) VALUES ($1, $2)', [id, 'Ghost']);
        throw failure;
      }),
    ).rejects.toBe(failure);
    const events = await db.store.query('SELECT 1 FROM webhook_events WHERE id = $1', [id]);
    const customers = await db.store.query('SELECT 1 FROM customers WHERE id = $1', [id]);
    expect(events.rowCount + customers.rowCount).toBe(0);
  });

  it('rolls back after a failing statement and keeps the store usable', async () => {
    const id = randomUUID();
    await db.store.query('INSERT INTO webhook_events (id, type) VALUES ($1, $2)', [id, 'original']);
    await expect(
      db.store.transaction(async (tx) => {
        await tx.query('UPDATE webhook_events SET type = $2 WHERE id = $1', [id, 'changed']);
        await tx.query('INSERT INTO webhook_events (id, type) VALUES ($1, $2)', [id, 'duplicate']);
      }),
    ).rejects.toThrow(/duplicate key/);
    const { rows } = await db.store.query('SELECT type FROM webhook_events WHERE id = $1', [id]);
    expect(rows).toEqual([{ type: 'original' }]);
  });

  it('refuses to use the store itself inside a transaction, and a transaction after it ended', async () => {
    await expect(db.store.transaction(() => db.store.query('SELECT 1'))).rejects.toThrow(
      /use the tx argument/,
    );
    await expect(db.store.transaction(() => db.store.transaction(async () => 1))).rejects.toThrow(
      /use the tx argument/,
    );
    let leaked: { query(sql: string): Promise<unknown> } | undefined;
    await db.store.transaction(async (tx) => {
      leaked = tx;
    });
    expect(() => leaked?.query('SELECT 1')).toThrow(/already ended/);
  });

  it('serialises 50 concurrent read-modify-write transactions with SELECT ... FOR UPDATE', async () => {
    await db.store.query('CREATE TABLE lock_counter (id text PRIMARY KEY, value integer NOT NULL)');
    await db.store.query(`INSERT INTO lock_counter (id, value) VALUES ('c', 0)`);
    await Promise.all(
      Array.from({ length: 50 }, () =>
        db.store.transaction(async (tx) => {
          const { rows } = await tx.query<{ value: number }>(
            `SELECT value FROM lock_counter WHERE id = 'c' FOR UPDATE`,
          );
          const value = rows[0]?.value;
          if (value === undefined) throw new Error('counter row missing');
          // Hold the lock across an await, as a use case does around its Stripe call.
          await delay(2);
          await tx.query(`UPDATE lock_counter SET value = $1 WHERE id = 'c'`, [value + 1]);
        }),
      ),
    );
    const { rows } = await db.store.query(`SELECT value FROM lock_counter WHERE id = 'c'`);
    expect(rows).toEqual([{ value: 50 }]);
  });

  it('gives every test store its own empty database and cleans it up', async () => {
    const a = await openTestStore(driver);
    const b = await openTestStore(driver);
    await a.store.query(`INSERT INTO webhook_events (id, type) VALUES ('evt_1', 'a')`);
    const other = await b.store.query('SELECT 1 FROM webhook_events');
    const schemas = await Promise.all(
      [a, b].map(
        async ({ store }) => (await store.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s,
      ),
    );
    await a.cleanup();
    await b.cleanup();
    expect(other.rowCount).toBe(0);
    expect(await appliedMigrations(b.store).catch(() => 'closed')).toBe('closed');
    if (driver === 'postgres') {
      expect(schemas.every((schema) => schema?.startsWith('test_'))).toBe(true);
      const remaining = await withPgClient((client) =>
        client.query('SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)', [schemas]),
      );
      expect(remaining.rowCount).toBe(0);
    }
  });

  it('reopens an existing database: keeps data, skips applied files, rolls back a failing file', async () => {
    const database = await createReopenableDatabase(driver);
    // 0003 fails after creating a table: its transaction must take the table and its record away.
    const failingDir = await writeMigrations({
      '9002_first.sql': 'CREATE TABLE first_table (id integer);',
      '9003_broken.sql': 'CREATE TABLE broken_table (id integer);\nSELECT 1 / 0;',
    });
    const fixedDir = await writeMigrations({ '9002_first.sql': 'CREATE TABLE first_table (id integer);' });
    try {
      const first = await database.open();
      const initial = await appliedMigrations(first);
      expect(initial.map((row) => row.name)).toEqual(REAL_MIGRATIONS);
      await first.query('INSERT INTO customers (id, display_name) VALUES ($1, $2)', ['cus_gold', 'Gold']);
      await first.close();

      await expect(database.open(failingDir)).rejects.toThrow(
        /Migration 9003_broken failed: division by zero/,
      );

      const reopened = await database.open(fixedDir);
      try {
        const applied = await appliedMigrations(reopened);
        expect(applied.map((row) => row.name)).toEqual([...REAL_MIGRATIONS, '9002_first']);
        expect(applied[0]).toEqual(initial[0]);
        const { rows } = await reopened.query(
          `SELECT display_name, to_regclass('broken_table')::text AS broken_table FROM customers WHERE id = $1`,
          ['cus_gold'],
        );
        expect(rows).toEqual([{ display_name: 'Gold', broken_table: null }]);
      } finally {
        await reopened.close();
      }
    } finally {
      await database.dispose();
      await Promise.all([failingDir, fixedDir].map((dir) => rm(dir, { recursive: true, force: true })));
    }
    // Three opens of a fresh database, each migrating from scratch: over 30 s on a busy 2-core machine.
  }, 120_000);
});

describe('openStore options', () => {
  it('rejects migration files that do not follow NNNN_name.sql', async () => {
    const dir = await writeMigrations({ 'initial.sql': 'SELECT 1;' });
    try {
      await expect(openStore({ migrationsDir: dir })).rejects.toThrow(/NNNN_snake_case\.sql: initial\.sql/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each(['Public', 'a-b', '1abc', 'pg_temp', '', 'x'.repeat(64), 'a"b', 'tenant; DROP SCHEMA public'])(
    'rejects the schema name %j',
    async (schema) => {
      await expect(openStore({ schema })).rejects.toThrow(/Invalid schema name/);
      await expect(openStore({ databaseUrl: testDatabaseUrl(), schema })).rejects.toThrow(
        /Invalid schema name/,
      );
    },
  );

  it('rejects an empty databaseUrl instead of guessing', async () => {
    await expect(openStore({ databaseUrl: ' ' })).rejects.toThrow(/databaseUrl is empty/);
  });

  it('uses the requested schema on PGlite too', async () => {
    const store = await openStore({ schema: 'shop_1' });
    try {
      const { rows } = await store.query(
        `SELECT current_schema() AS schema, (SELECT table_schema FROM information_schema.tables WHERE table_name = 'carts') AS carts`,
      );
      expect(rows).toEqual([{ schema: 'shop_1', carts: 'shop_1' }]);
    } finally {
      await store.close();
    }
  });
});

describe.runIf(TEST_DRIVERS.includes('postgres'))('Postgres start-up', () => {
  it('lets two processes open a fresh schema at the same time', async () => {
    const schema = randomSchemaName();
    // The sleep keeps the first opener inside its migration while the second one starts, and the
    // second file would fail with a duplicate row if both applied it.
    const dir = await writeMigrations({
      '0001_slow.sql': 'CREATE TABLE probe (id integer PRIMARY KEY);\nSELECT pg_sleep(0.2);',
      '0002_insert.sql': 'INSERT INTO probe (id) VALUES (1);',
    });
    const open = () => openStore({ databaseUrl: testDatabaseUrl(), schema, migrationsDir: dir });
    try {
      const stores = await Promise.all([open(), open()]);
      try {
        const probe = await stores[0]?.query('SELECT id FROM probe');
        expect(probe?.rows).toEqual([{ id: 1 }]);
        const names = (await appliedMigrations(stores[1] as Store)).map((row) => row.name);
        expect(names).toEqual(['0001_slow', '0002_insert']);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    } finally {
      await withPgClient((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('opens the real migrations concurrently on one schema', async () => {
    const schema = randomSchemaName();
    const open = () => openStore({ databaseUrl: testDatabaseUrl(), schema });
    try {
      const stores = await Promise.all([open(), open(), open()]);
      try {
        for (const store of stores) {
          expect((await appliedMigrations(store)).map((row) => row.name)).toEqual(REAL_MIGRATIONS);
        }
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    } finally {
      await withPgClient((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    }
  });
});

describe.runIf(TEST_DRIVERS.includes('postgres'))('Postgres prepared statements', () => {
  const probe = 'SELECT $1::int + 1 AS next';
  const preparedOnItsConnection = (store: Store) =>
    store.transaction(async (tx) => {
      const { rows } = await tx.query<{ next: number }>(probe, [41]);
      const again = await tx.query<{ next: number }>(probe, [1]);
      const prepared = await tx.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM pg_prepared_statements WHERE statement = $1',
        [probe],
      );
      return { answers: [rows[0]?.next, again.rows[0]?.next], prepared: prepared.rows[0]?.count };
    });

  it.each([
    [true, 1],
    [false, 0],
  ])('preparedStatements %s: parameterized statements prepared on the connection: %i', async (on, count) => {
    const schema = randomSchemaName();
    const store = await openStore({ databaseUrl: testDatabaseUrl(), schema, preparedStatements: on });
    try {
      expect(await preparedOnItsConnection(store)).toEqual({ answers: [42, 2], prepared: count });
    } finally {
      await store.close();
      await withPgClient((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    }
  });
});
