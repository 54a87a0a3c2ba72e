import 'server-only';
import type { Queryable } from '@/lib/store/types';

/**
 * Adds one paid order to a signed-in customer's history: the paid-order count that loyalty tiers
 * and the first-order rule read, and the spend per currency. Called exactly once per order, on its
 * move to `paid`, inside the transaction that makes that move, so a redelivered event or a
 * `pending` -> `paid` upgrade can never count an order twice. Guests have no history row: the
 * first-order rule counts their paid orders by email (lib/checkout/discount-rules.ts).
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

export interface PurchaseHistory {
  paidOrderCount: number;
  /** Minor units per currency, e.g. { usd: 6600 }. */
  spend: Record<string, number>;
}

export async function readPurchaseHistory(db: Queryable, customerId: string): Promise<PurchaseHistory> {
  // One after the other: inside a transaction both would queue on the same connection anyway.
  const count = await db.query<{ paid_order_count: number }>(
    'SELECT paid_order_count FROM customers WHERE id = $1',
    [customerId],
  );
  const spend = await db.query<{ currency: string; amount: number }>(
    'SELECT currency, amount FROM customer_spend WHERE customer_id = $1 ORDER BY currency',
    [customerId],
  );
  return {
    paidOrderCount: count.rows[0]?.paid_order_count ?? 0,
    spend: Object.fromEntries(spend.rows.map((row) => [row.currency, row.amount])),
  };
}
