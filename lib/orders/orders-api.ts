import 'server-only';
import { z } from 'zod';
import { clientReferenceIdSchema } from '@/lib/checkout/schemas';
import type { Store } from '@/lib/store/types';
import { listOrdersByClientReference, type Order } from './order';

/**
 * GET /api/orders?client_reference_id=... for back-office systems (a LINE bot that sent its user a
 * `?client_reference_id=line_U123` link finds the orders placed through it), behind
 * ORDERS_API_TOKEN (route()'s `caller: 'apiToken'`).
 */

/** Newest orders first, at most this many: a chat bot shows a shopper's recent orders, not an export. */
export const ORDERS_API_LIMIT = 100;

export const ordersQuerySchema = z.strictObject({ client_reference_id: clientReferenceIdSchema });

/** The orders placed with one client_reference_id, as the API's list object. */
export async function listOrdersForApi(store: Store, query: z.output<typeof ordersQuerySchema>) {
  const orders = await listOrdersByClientReference(store, query.client_reference_id, ORDERS_API_LIMIT + 1);
  return {
    object: 'list' as const,
    data: orders.slice(0, ORDERS_API_LIMIT).map(toApiOrder),
    has_more: orders.length > ORDERS_API_LIMIT,
  };
}

/** The API's order: snake_case like Stripe's objects, amounts in minor units, times in ISO 8601. */
export function toApiOrder(order: Order) {
  return {
    object: 'order' as const,
    id: order.id,
    number: order.number,
    status: order.status,
    client_reference_id: order.clientReferenceId,
    checkout_session_id: order.sessionId,
    payment_intent_id: order.paymentIntentId,
    customer_id: order.customerId,
    email: order.email,
    currency: order.currency,
    amount_subtotal: order.amountSubtotal,
    amount_discount: order.amountDiscount,
    amount_total: order.amountTotal,
    amount_refunded: order.amountRefunded,
    lines: order.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unit_amount: line.unitAmount,
      amount_subtotal: line.amountSubtotal,
      amount_discount: line.amountDiscount,
      amount_total: line.amountTotal,
      price_id: line.priceId,
      lookup_key: line.lookupKey,
    })),
    discounts: order.discounts.map((discount) => ({
      rule_id: discount.ruleId,
      name: discount.name,
      amount: discount.amount,
    })),
    amount_mismatch: order.amountMismatch,
    created_at: order.createdAt.toISOString(),
    paid_at: order.paidAt?.toISOString() ?? null,
    failed_at: order.failedAt?.toISOString() ?? null,
    disputed_at: order.disputedAt?.toISOString() ?? null,
  };
}
