import 'server-only';
import type { Queryable } from '@/lib/store/types';
import { ORDER_COLUMNS, type Order, type OrderRow, type OrderStatus, toOrder } from './order';

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
] as const satisfies readonly OrderStatus[];
export type AdminOrderStatus = (typeof ADMIN_ORDER_STATUSES)[number];

export const ADMIN_ORDERS_PAGE_SIZE = 25;

export type AdminOrder = Order;

export interface AdminOrderFilter {
  status: AdminOrderStatus | null;
  clientReferenceId: string | null;
  /** 1-based. */
  page: number;
}

const SELECT = `SELECT ${ORDER_COLUMNS} FROM orders`;

/** One page of orders, and whether another follows. */
export async function listAdminOrders(
  db: Queryable,
  filter: AdminOrderFilter,
): Promise<{ orders: AdminOrder[]; hasMore: boolean }> {
  const { rows } = await db.query<OrderRow>(
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
    orders: rows.slice(0, ADMIN_ORDERS_PAGE_SIZE).map(toOrder),
    hasMore: rows.length > ADMIN_ORDERS_PAGE_SIZE,
  };
}
