import type { OrderStatus } from './order';

/**
 * What an event may do to an order's status, whatever order the events arrive in. A missing order
 * is created in the payment's status; `pending` moves on to `paid` or `failed`; `failed` is final.
 * After payment, refunds and disputes take over: a paid order becomes `partially_refunded` or
 * `refunded` by the amount refunded so far (refundStatusFor), or `disputed` when a chargeback is
 * opened, which nothing later undoes. Returns null when the event changes nothing (a late,
 * repeated or out-of-order event: a `checkout.session.completed` redelivered after a refund must
 * not make the order `paid` again).
 *
 *   current \ target     pending  paid  failed  partially_refunded  refunded  disputed
 *   (none)               pending  paid  failed  -                   -         -
 *   pending              -        paid  failed  -                   -         -
 *   paid                 -        -     -       partially_refunded  refunded  disputed
 *   partially_refunded   -        -     -       -                   refunded  disputed
 *   refunded             -        -     -       -                   -         disputed
 *   failed / disputed    -        -     -       -                   -         -
 */
export function nextOrderStatus(current: OrderStatus | null, target: OrderStatus): OrderStatus | null {
  const allowed = NEXT[current ?? 'none'];
  return allowed.includes(target) ? target : null;
}

const NEXT: Record<OrderStatus | 'none', readonly OrderStatus[]> = {
  none: ['pending', 'paid', 'failed'],
  pending: ['paid', 'failed'],
  paid: ['partially_refunded', 'refunded', 'disputed'],
  partially_refunded: ['refunded', 'disputed'],
  refunded: ['disputed'],
  failed: [],
  disputed: [],
};

/** The status an amount refunded so far gives a paid order: nothing, part, or all of its total. */
export function refundStatusFor(amountRefunded: number, amountTotal: number): OrderStatus {
  if (amountRefunded <= 0) return 'paid';
  return amountRefunded >= amountTotal ? 'refunded' : 'partially_refunded';
}

/** Orders whose payment went through: they can be refunded or disputed, and count as orders placed. */
export const PAID_STATUSES: readonly OrderStatus[] = ['paid', 'partially_refunded', 'refunded', 'disputed'];

/** What refundOrder accepts: a paid order with something left to refund and no chargeback. */
export const REFUNDABLE_STATUSES: readonly OrderStatus[] = ['paid', 'partially_refunded'];
