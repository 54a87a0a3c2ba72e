import 'server-only';
import type { Queryable } from '@/lib/store/types';
import { ORDER_COLUMNS, type Order, type OrderRow, toOrder } from './order';

/**
 * The back office's view of orders: every order, filtered by status and client_reference_id,
 * newest first, a page at a time. Read-only; orders are written by lib/orders/order.ts.
 */

/** Every status an order can have, refunds and disputes included (issue 17). */
export const ADMIN_ORDER_STATUSES = [
  'pending',
  'paid',
  'failed',
  'partially_refunded',
  'refunded',
  'disputed',
] as const;
export type AdminOrderStatus = (typeof ADMIN_ORDER_STATUSES)[number];

export const ADMIN_ORDERS_PAGE_SIZE = 25;

export interface AdminOrder extends Omit<Order, 'status'> {
  status: string;
  /** Minor units refunded so far (0 before any refund). */
  amountRefunded: number;
}

export interface AdminOrderFilter {
  status: AdminOrderStatus | null;
  clientReferenceId: string | null;
  /** 1-based. */
  page: number;
}

// `amount_refunded` is read through to_jsonb so this query does not fail on a database whose
// refunds migration has not run: it reads as 0 there, as every order's does before a refund.
const SELECT = `SELECT ${ORDER_COLUMNS}, COALESCE((to_jsonb(orders) ->> 'amount_refunded')::bigint, 0) AS amount_refunded FROM orders`;

function toAdminOrder(row: OrderRow & { amount_refunded: number }): AdminOrder {
  return { ...toOrder(row), amountRefunded: row.amount_refunded };
}

/** One page of orders, and whether another follows. */
export async function listAdminOrders(
  db: Queryable,
  filter: AdminOrderFilter,
): Promise<{ orders: AdminOrder[]; hasMore: boolean }> {
  const { rows } = await db.query<OrderRow & { amount_refunded: number }>(
    `${SELECT} WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR client_reference_id = $2)
     ORDER BY created_at DESC, number::bigint DESC LIMIT $3 OFFSET $4`,
    [
      filter.status,
      filter.clientReferenceId,
      ADMIN_ORDERS_PAGE_SIZE + 1,
      (Math.max(1, filter.page) - 1) * ADMIN_ORDERS_PAGE_SIZE,
    ],
  );
  return {
    orders: rows.slice(0, ADMIN_ORDERS_PAGE_SIZE).map(toAdminOrder),
    hasMore: rows.length > ADMIN_ORDERS_PAGE_SIZE,
  };
}

export async function findAdminOrder(db: Queryable, id: string): Promise<AdminOrder | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const { rows } = await db.query<OrderRow & { amount_refunded: number }>(`${SELECT} WHERE id = $1`, [id]);
  const row = rows[0];
  return row === undefined ? null : toAdminOrder(row);
}
