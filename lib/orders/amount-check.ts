import type { DiscountDecision } from '@/lib/discounts';
import type { AmountMismatch, OrderAmounts } from './order';

/**
 * Compares what Stripe charged with the server's last decision for the cart. Any difference -
 * currency, subtotal, discount or total - means Stripe's session and our cart drifted apart (a push
 * that did not land, a change made outside the app), which a person must look at: the result is
 * recorded on the order, never silently accepted. Null when they agree.
 */
export function checkChargedAmount(
  decision: DiscountDecision | null,
  charged: OrderAmounts,
): AmountMismatch | null {
  const expected: OrderAmounts | null =
    decision === null
      ? null
      : {
          currency: decision.currency,
          subtotal: decision.subtotal,
          discount: decision.totalDiscount,
          total: decision.total,
        };
  if (
    expected !== null &&
    expected.currency === charged.currency.toLowerCase() &&
    expected.subtotal === charged.subtotal &&
    expected.discount === charged.discount &&
    expected.total === charged.total
  ) {
    return null;
  }
  return { expected, charged };
}
