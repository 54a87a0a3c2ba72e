import 'server-only';
import type { Queryable, StatementPart } from '@/lib/store/types';

/**
 * The owner of a customer's purchase history: the paid-order count that loyalty tiers read, the
 * count of orders placed that the first-order rule reads, and the spend per currency. Fulfilment
 * adds each paid order here and takes refunds off; checkout and the orders page read it here;
 * nothing else touches `paid_order_count`, `refunded_order_count` or `customer_spend`.
 *
 * A fully refunded order leaves `paid_order_count` (it no longer earns a loyalty tier) for
 * `refunded_order_count`: it still happened, so the shopper's next order is not their first.
 * Spend is net of refunds, partial ones included.
 */

export interface PurchaseHistory {
  paidOrderCount: number;
  /** Minor units per currency, e.g. { usd: 6600 }. */
  spend: Record<string, number>;
}

/**
 * Adds one paid order to a signed-in customer's history. Runs exactly once per order, on its move
 * to `paid`: the writes ride on the statement that makes that move (the order's insert or its
 * settlement), and only when it wrote its row, so a redelivered event or a `pending` -> `paid`
 * upgrade can never count an order twice. Guests have no history row (see countPaidOrders): no writes.
 */
export function paidOrderInHistory(order: {
  customerId: string | null;
  currency: string;
  amountTotal: number;
}): StatementPart[] {
  if (order.customerId === null) return [];
  return [
    ({ guard, firstParam }) => {
      const customer = `$${firstParam}`;
      const currency = `$${firstParam + 1}`;
      const amount = `$${firstParam + 2}`;
      return {
        ctes: `counted AS (
          UPDATE customers SET paid_order_count = paid_order_count + 1
          WHERE id = ${customer}::text AND EXISTS (SELECT 1 FROM ${guard}) RETURNING id
        ), spent AS (
          INSERT INTO customer_spend (customer_id, currency, amount)
          SELECT ${customer}::text, ${currency}::text, ${amount}::bigint WHERE EXISTS (SELECT 1 FROM ${guard})
          ON CONFLICT (customer_id, currency) DO UPDATE SET amount = customer_spend.amount + EXCLUDED.amount
          RETURNING customer_id
        )`,
        params: [order.customerId, order.currency, order.amountTotal],
      };
    },
  ];
}

/**
 * Takes a refund off a signed-in customer's history, in the transaction that records it on the
 * order (under the order's row lock, so each refunded amount is taken off once): `amount` newly
 * refunded comes off the spend, and an order that is now fully refunded stops counting as paid.
 */
export async function removeRefundFromHistory(
  tx: Queryable,
  order: { customerId: string | null; currency: string },
  refund: { amount: number; fullyRefunded: boolean },
): Promise<void> {
  if (order.customerId === null) return;
  if (refund.amount > 0) {
    await tx.query(
      'UPDATE customer_spend SET amount = GREATEST(amount - $3, 0) WHERE customer_id = $1 AND currency = $2',
      [order.customerId, order.currency, refund.amount],
    );
  }
  if (refund.fullyRefunded) {
    await tx.query(
      `UPDATE customers SET paid_order_count = GREATEST(paid_order_count - 1, 0),
         refunded_order_count = refunded_order_count + 1 WHERE id = $1`,
      [order.customerId],
    );
  }
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

/** What the discount rules read about a shopper's past orders (DiscountContext.history). */
export interface OrderCounts {
  /** Paid orders not fully refunded: what loyalty tiers count. */
  paidOrderCount: number;
  /** Every order that was paid, refunded ones included: what first-order rules count. */
  placedOrderCount: number;
}

/** Order statuses of a payment that went through (lib/orders/order-status.ts, PAID_STATUSES). */
const PLACED = "('paid', 'partially_refunded', 'refunded', 'disputed')";

/**
 * Past orders of the signed-in customer (their history row, seeded history included), or for a
 * guest, of the email they gave: a guest's history is nothing but their orders, so it is counted
 * from the orders table (read only; lib/orders owns it).
 */
export async function countOrders(
  db: Queryable,
  shopper: { customerId: string | null; email: string | null },
): Promise<OrderCounts> {
  if (shopper.customerId !== null) {
    const { rows } = await db.query<{ paid_order_count: number; refunded_order_count: number }>(
      'SELECT paid_order_count, refunded_order_count FROM customers WHERE id = $1',
      [shopper.customerId],
    );
    const paid = rows[0]?.paid_order_count ?? 0;
    return { paidOrderCount: paid, placedOrderCount: paid + (rows[0]?.refunded_order_count ?? 0) };
  }
  if (shopper.email === null) return { paidOrderCount: 0, placedOrderCount: 0 };
  const { rows } = await db.query<{ paid: number; placed: number }>(
    `SELECT count(*) FILTER (WHERE status <> 'refunded') AS paid, count(*) AS placed
     FROM orders WHERE lower(email) = lower($1) AND status IN ${PLACED}`,
    [shopper.email.trim()],
  );
  return { paidOrderCount: Number(rows[0]?.paid ?? 0), placedOrderCount: Number(rows[0]?.placed ?? 0) };
}

/** Paid orders not fully refunded (loyalty's count): see countOrders. */
export async function countPaidOrders(
  db: Queryable,
  shopper: { customerId: string | null; email: string | null },
): Promise<number> {
  return (await countOrders(db, shopper)).paidOrderCount;
}
