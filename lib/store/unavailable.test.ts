import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { realDatabaseFailure, TEST_DRIVERS, testDatabaseUrl } from './test-support';
import { isDatabaseUnavailable } from './unavailable';

/** What the driver threw for `work`; fails the test when it did not throw. */
async function thrownBy(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the database call to fail');
}

describe('isDatabaseUnavailable: real driver failures (503, retry)', () => {
  it.each(TEST_DRIVERS)('%s without its database', async (driver) => {
    expect(isDatabaseUnavailable(await realDatabaseFailure(driver))).toBe(true);
  });

  it.runIf(TEST_DRIVERS.includes('postgres'))('a Postgres pool with every connection taken', async () => {
    const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 1, connectionTimeoutMillis: 100 });
    const held = await pool.connect();
    try {
      expect(isDatabaseUnavailable(await thrownBy(() => pool.query('SELECT 1')))).toBe(true);
    } finally {
      held.release();
      await pool.end();
    }
  });

  it.runIf(TEST_DRIVERS.includes('postgres'))('a Postgres connection terminated by the server', async () => {
    const victim = new pg.Client({ connectionString: testDatabaseUrl() });
    const admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await victim.connect();
    victim.on('error', () => undefined);
    await admin.connect();
    try {
      const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
      expect(isDatabaseUnavailable(await thrownBy(() => victim.query('SELECT 1')))).toBe(true);
    } finally {
      await admin.end();
      await victim.end().catch(() => undefined);
    }
  });

  it('a failure carried as the cause of another error', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(new Error('could not save', { cause: refused }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([refused], 'connect failed'))).toBe(true);
  });
});

describe('isDatabaseUnavailable: bugs stay bugs (500)', () => {
  it('a syntax error and a unique violation from PGlite; once closed, its transactions are a 503', async () => {
    const db = await PGlite.create();
    try {
      expect(isDatabaseUnavailable(await thrownBy(() => db.query('SELEC 1')))).toBe(false);
      await db.exec('CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)');
      const duplicate = await thrownBy(() => db.query('INSERT INTO t VALUES (1)'));
      expect(duplicate).toMatchObject({ code: '23505' });
      expect(isDatabaseUnavailable(duplicate)).toBe(false);
    } finally {
      await db.close();
    }
    expect(isDatabaseUnavailable(await thrownBy(() => db.transaction(async () => 1)))).toBe(true);
  });

  it('errors that are not the database', () => {
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(
      false,
    );
    expect(isDatabaseUnavailable(new Error('timeout exceeded'))).toBe(false);
    expect(isDatabaseUnavailable({ code: 'ECONNREFUSED-ish' })).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable('PGlite is closed')).toBe(false);
  });
});
