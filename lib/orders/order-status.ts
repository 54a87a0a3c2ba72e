import type { OrderStatus } from './order';

/**
 * What an event may do to an order's status, whatever order the events arrive in: a missing order
 * is created in the event's status; `pending` moves on to `paid` or `failed`; `paid` and `failed` are
 * final. Returns null when the event changes nothing (a late or repeated event).
 *
 *   current \ target   pending   paid   failed
 *   (none)             pending   paid   failed
 *   pending            -         paid   failed
 *   paid / failed      -         -      -
 */
export function nextOrderStatus(current: OrderStatus | null, target: OrderStatus): OrderStatus | null {
  if (current === null) return target;
  if (current === 'pending' && target !== 'pending') return target;
  return null;
}
