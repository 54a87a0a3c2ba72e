import 'server-only';
import { AppError } from '@/lib/errors';
import type { OrderDeps } from './fulfilment';

/**
 * Refunds of paid orders, asked for from the back office (issue 17). This file is the contract the
 * back office codes against; the issue-17 refunds branch replaces the body with Stripe's
 * `refunds.create` (idempotency key, amount bounded by what is left to refund).
 */

export interface RefundRequest {
  orderId: string;
  /** Minor units of the order's currency; more than 0 and at most what is left to refund. */
  amount: number;
  /** One per press of "Refund" (the form carries it), so a double submit refunds once. */
  idempotencyKey: string;
  /** Who asked, kept with the refund (e.g. `admin:<admin session id>`). */
  requestedBy: string;
}

export interface RefundResult {
  /** Stripe's refund id (`re_...`). */
  refundId: string;
  amount: number;
  status: 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
  /** What the order has had refunded so far, this refund included when it succeeded. */
  amountRefunded: number;
}

export async function refundOrder(_deps: OrderDeps, _request: RefundRequest): Promise<RefundResult> {
  throw new AppError('internal', 'Refunds are not available yet.');
}
