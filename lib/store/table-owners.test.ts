import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Each table has one owner that alone writes it; everyone else calls the owner's functions. An owner
 * is a file, or a folder (`lib/customers/`) when one module keeps a table's rows in several files.
 * A table created by a migration without an owner here fails too, so a new table gets one.
 */
const OWNERS: Record<string, string> = {
  admin_audit_log: 'lib/admin/audit-log.ts',
  admin_sessions: 'lib/admin/sessions.ts',
  carts: 'lib/checkout/cart.ts',
  checkout_attempts: 'lib/checkout/create-attempts.ts',
  customer_spend: 'lib/customers/',
  customers: 'lib/customers/',
  discount_rules: 'lib/checkout/discount-rules.ts',
  discount_rules_version: 'lib/checkout/discount-rules.ts',
  orders: 'lib/orders/order.ts',
  rate_limits: 'lib/http/rate-limit.ts',
  redemptions: 'lib/checkout/redemptions.ts',
  refunds: 'lib/orders/refund-records.ts',
  schema_migrations: 'lib/store/migrate.ts',
  webhook_events: 'lib/orders/webhook-events.ts',
};

/**
 * Tables only a trigger of their owner's migration writes (no production code does): the rules'
 * version moves with every write of discount_rules, in the same transaction.
 */
const WRITTEN_BY_TRIGGERS = new Set(['discount_rules_version']);

const ROOT = process.cwd();
const SOURCE_FOLDERS = ['app', 'components', 'lib', 'scripts'];
/** Tests and their helpers set up rows directly; only production code must go through the owner. */
const NOT_PRODUCTION = /(\.test\.tsx?|\.bench\.ts|[/\\]test-support\.ts)$/;

/** SQL keywords are written in capitals here, so prose in comments ("update the cart") is not a write. */
const WRITE = /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?([a-z_][a-z0-9_]*)/g;

function tablesWrittenBy(source: string): string[] {
  return [...source.matchAll(WRITE)].map((match) => match[1] ?? '');
}

function productionFiles(folder: string): string[] {
  const absolute = path.join(ROOT, folder);
  return readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.tsx?$/.test(name) && !NOT_PRODUCTION.test(name) && !name.includes('node_modules'))
    .map((name) => path.posix.join(folder, name.split(path.sep).join('/')));
}

function migrationTables(): string[] {
  const folder = path.join(ROOT, 'lib/store/migrations');
  const sql = readdirSync(folder)
    .filter((name) => name.endsWith('.sql'))
    .map((name) => readFileSync(path.join(folder, name), 'utf8'))
    .join('\n');
  return [...sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)/g)].map(
    (match) => match[1] ?? '',
  );
}

const ownedBy = (file: string, owner: string) =>
  owner.endsWith('/') ? file.startsWith(owner) : file === owner;

describe('table owners', () => {
  it('every table the migrations create has an owner', () => {
    const tables = migrationTables();
    expect(tables.length).toBeGreaterThan(0);
    expect(tables.filter((table) => OWNERS[table] === undefined)).toEqual([]);
  });

  it('only the owner of a table writes it', () => {
    const violations: string[] = [];
    const writers = new Set<string>();
    for (const file of SOURCE_FOLDERS.flatMap(productionFiles)) {
      for (const table of tablesWrittenBy(readFileSync(path.join(ROOT, file), 'utf8'))) {
        const owner = OWNERS[table];
        if (owner === undefined) continue;
        writers.add(table);
        if (!ownedBy(file, owner)) violations.push(`${file} writes ${table}, which ${owner} owns`);
      }
    }
    expect(violations).toEqual([]);
    // The scan must see the owners themselves, or it proves nothing.
    expect([...writers].sort()).toEqual(
      Object.keys(OWNERS)
        .filter((table) => !WRITTEN_BY_TRIGGERS.has(table))
        .sort(),
    );
  });

  it('recognises the writes it is looking for, and not the reads or prose', () => {
    const source = `
      await tx.query("UPDATE redemptions SET status = 'redeemed' WHERE cart_id = $1", [id]);
      await db.query('INSERT INTO customers (id) VALUES ($1)', [id]);
      await db.query(\`DELETE FROM  "carts" WHERE id = $1\`, [id]);
      await db.query('SELECT id FROM discount_rules WHERE id = $1 FOR UPDATE', [id]);
      await db.query('INSERT INTO customer_spend VALUES ($1) ON CONFLICT (id) DO UPDATE SET amount = 1');
      // Update orders only through lib/orders.
    `;
    expect(tablesWrittenBy(source)).toEqual(['redemptions', 'customers', 'carts', 'customer_spend']);
    const misplaced = 'lib/orders/fulfilment.ts';
    expect(ownedBy(misplaced, OWNERS.redemptions ?? '')).toBe(false);
    expect(ownedBy('lib/customers/history.ts', OWNERS.customers ?? '')).toBe(true);
  });
});
