import 'server-only';
import type { Queryable } from '@/lib/store/types';

/**
 * The owner of a customer's purchase history: the paid-order count that loyalty tiers and the
 * first-order rule read, and the spend per currency. Fulfilment adds each paid order here; checkout
 * and the orders page read it here; nothing else touches `paid_order_count` or `customer_spend`.
 */

export interface PurchaseHistory {
  paidOrderCount: number;
  /** Minor units per currency, e.g. { usd: 6600 }. */
  spend: Record<string, number>;
}

/**
 * Adds one paid order to a signed-in customer's history. Called exactly once per order, on its move
 * to `paid`, inside the transaction that makes that move, so a redelivered event or a `pending` ->
 * `paid` upgrade can never count an order twice. Guests have no history row (see countPaidOrders).
 */
export async function addPaidOrderToHistory(
  tx: Queryable,
  order: { customerId: string | null; currency: string; amountTotal: number },
): Promise<void> {
  if (order.customerId === null) return;
  await tx.query('UPDATE customers SET paid_order_count = paid_order_count + 1 WHERE id = $1', [
    order.customerId,
  ]);
  await tx.query(
    `INSERT INTO customer_spend (customer_id, currency, amount) VALUES ($1, $2, $3)
     ON CONFLICT (customer_id, currency) DO UPDATE SET amount = customer_spend.amount + EXCLUDED.amount`,
    [order.customerId, order.currency, order.amountTotal],
  );
}

export async function readPurchaseHistory(db: Queryable, customerId: string): Promise<PurchaseHistory> {
  // One after the other: inside a transaction both would queue on the same connection anyway.
  const paidOrderCount = await countPaidOrders(db, { customerId, email: null });
  const spend = await db.query<{ currency: string; amount: number }>(
    'SELECT currency, amount FROM customer_spend WHERE customer_id = $1 ORDER BY currency',
    [customerId],
  );
  return {
    paidOrderCount,
    spend: Object.fromEntries(spend.rows.map((row) => [row.currency, row.amount])),
  };
}

/**
 * Paid orders of the signed-in customer (their history row, seeded history included), or for a
 * guest, of the email they gave: a guest's history is nothing but their paid orders, so it is
 * counted from the orders table (read only; lib/orders owns it).
 */
export async function countPaidOrders(
  db: Queryable,
  shopper: { customerId: string | null; email: string | null },
): Promise<number> {
  if (shopper.customerId !== null) {
    const { rows } = await db.query<{ paid_order_count: number }>(
      'SELECT paid_order_count FROM customers WHERE id = $1',
      [shopper.customerId],
    );
    return rows[0]?.paid_order_count ?? 0;
  }
  if (shopper.email === null) return 0;
  const { rows } = await db.query<{ count: number }>(
    "SELECT count(*) AS count FROM orders WHERE lower(email) = lower($1) AND status = 'paid'",
    [shopper.email.trim()],
  );
  return rows[0]?.count ?? 0;
}
