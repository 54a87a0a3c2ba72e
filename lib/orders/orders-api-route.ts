import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { clientReferenceIdSchema } from '@/lib/checkout/schemas';
import { AppError } from '@/lib/errors';
import { zodIssueDetails, zodIssuesToSentence } from '@/lib/http/request-body';
import { type RouteHandler, route } from '@/lib/http/route';
import type { Store } from '@/lib/store/types';
import { listOrdersByClientReference, type Order } from './order';

export interface OrdersApiDeps {
  store: Store;
  /** ORDERS_API_TOKEN; null (unset) closes the API for everyone. */
  token: string | null;
}

/** Newest orders first, at most this many: a chat bot shows a shopper's recent orders, not an export. */
export const ORDERS_API_LIMIT = 100;

const querySchema = z.strictObject({ client_reference_id: clientReferenceIdSchema });

/**
 * GET /api/orders?client_reference_id=... for back-office systems (a LINE bot that sent its user a
 * `?client_reference_id=line_U123` link finds the orders placed through it). Authorised by
 * `Authorization: Bearer $ORDERS_API_TOKEN` before anything else is looked at.
 */
export function createOrdersApiRoute(resolveDeps: () => Promise<OrdersApiDeps>): RouteHandler {
  return route({}, async ({ request }) => {
    const deps = await resolveDeps();
    authorizeBackOffice(request.headers.get('authorization'), deps.token);
    const query = parseQuery(new URL(request.url).searchParams);
    const orders = await listOrdersByClientReference(
      deps.store,
      query.client_reference_id,
      ORDERS_API_LIMIT + 1,
    );
    return {
      object: 'list',
      data: orders.slice(0, ORDERS_API_LIMIT).map(toApiOrder),
      has_more: orders.length > ORDERS_API_LIMIT,
    };
  });
}

export function authorizeBackOffice(authorization: string | null, token: string | null): void {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (token === null || presented === undefined || !sameSecret(presented, token)) {
    throw new AppError(
      'unauthorized',
      token === null
        ? 'The orders API is disabled: set ORDERS_API_TOKEN on the server to enable it.'
        : 'Send the orders API token as "Authorization: Bearer <token>".',
    );
  }
}

/** Compares digests, so neither the length nor the content of the token leaks through timing. */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

function parseQuery(params: URLSearchParams): z.output<typeof querySchema> {
  const result = querySchema.safeParse(Object.fromEntries(params), {
    // "Required" reads better than zod's "expected string, received undefined" for a missing parameter.
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : undefined),
  });
  if (!result.success) {
    throw new AppError('invalid_request', zodIssuesToSentence(result.error.issues), {
      details: zodIssueDetails(result.error.issues),
    });
  }
  return result.data;
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
  };
}
