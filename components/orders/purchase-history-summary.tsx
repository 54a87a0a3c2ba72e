import { formatMoney, isCurrency } from '@/lib/money';
import type { OrderHistory } from '@/lib/orders/order-history';

/** Whose orders these are, and for a signed-in customer the history that loyalty tiers read. */
export function PurchaseHistorySummary({ customer }: { customer: OrderHistory['customer'] }) {
  if (customer === null) {
    return (
      <p className="muted">
        Orders paid as a guest in this browser. Sign in (&quot;Shopping as&quot; on the shop) to see a
        customer&apos;s orders.
      </p>
    );
  }
  const spend = Object.entries(customer.spend)
    .filter(([, amount]) => amount > 0)
    .map(([currency, amount]) =>
      isCurrency(currency) ? formatMoney(amount, currency) : `${amount} ${currency}`,
    );
  return (
    <section aria-labelledby="purchase-history-heading" className="card">
      <h2 id="purchase-history-heading">{customer.displayName}&apos;s purchase history</h2>
      <p>
        Paid orders: <strong data-testid="paid-order-count">{customer.paidOrderCount}</strong>
        {spend.length > 0 && <> · Spent: {spend.join(', ')}</>}
      </p>
      <p data-testid="loyalty-tier">
        {customer.loyaltyTier === null
          ? 'No loyalty tier yet.'
          : `Loyalty tier: ${customer.loyaltyTier.name} on your next order.`}
      </p>
    </section>
  );
}
