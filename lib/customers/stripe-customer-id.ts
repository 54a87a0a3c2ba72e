import 'server-only';
import type { Queryable } from '@/lib/store/types';

/**
 * A customer's Stripe Customer id, kept on their row so every checkout of theirs names the same
 * Stripe Customer. Checkout creates the Stripe Customer; this module alone reads and stores the id.
 */

export async function findStripeCustomerId(db: Queryable, customerId: string): Promise<string | null> {
  const { rows } = await db.query<{ stripe_customer_id: string | null }>(
    'SELECT stripe_customer_id FROM customers WHERE id = $1',
    [customerId],
  );
  return rows[0]?.stripe_customer_id ?? null;
}

/** Stores the id unless one is stored already (two first checkouts at once keep the first). */
export async function saveStripeCustomerId(
  db: Queryable,
  customerId: string,
  stripeCustomerId: string,
): Promise<void> {
  await db.query(
    'UPDATE customers SET stripe_customer_id = $2 WHERE id = $1 AND stripe_customer_id IS NULL',
    [customerId, stripeCustomerId],
  );
}
