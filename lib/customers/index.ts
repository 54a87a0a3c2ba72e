import 'server-only';
import type { Queryable } from '@/lib/store/types';
import { DEMO_CUSTOMERS } from './demo-customers';

export interface Customer {
  id: string;
  displayName: string;
  email: string | null;
}

interface CustomerRow extends Record<string, unknown> {
  id: string;
  display_name: string;
  email: string | null;
}

const toCustomer = (row: CustomerRow): Customer => ({
  id: row.id,
  displayName: row.display_name,
  email: row.email,
});

export async function listCustomers(db: Queryable): Promise<Customer[]> {
  const { rows } = await db.query<CustomerRow>(
    'SELECT id, display_name, email FROM customers ORDER BY created_at, id',
  );
  return rows.map(toCustomer);
}

export async function findCustomer(db: Queryable, id: string): Promise<Customer | null> {
  const { rows } = await db.query<CustomerRow>(
    'SELECT id, display_name, email FROM customers WHERE id = $1',
    [id],
  );
  const row = rows[0];
  return row === undefined ? null : toCustomer(row);
}

/**
 * Inserts the demo customers and their seeded history once. Existing rows are left alone, so history
 * earned since (real orders) is never reset by a restart.
 */
export async function seedDemoCustomers(db: Queryable): Promise<void> {
  for (const customer of DEMO_CUSTOMERS) {
    const inserted = await db.query(
      `INSERT INTO customers (id, display_name, email, paid_order_count) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO NOTHING`,
      [customer.id, customer.displayName, customer.email, customer.paidOrderCount],
    );
    if (inserted.rowCount === 0) continue;
    for (const [currency, amount] of Object.entries(customer.spend)) {
      await db.query(
        `INSERT INTO customer_spend (customer_id, currency, amount) VALUES ($1, $2, $3)
         ON CONFLICT (customer_id, currency) DO NOTHING`,
        [customer.id, currency, amount],
      );
    }
  }
}
