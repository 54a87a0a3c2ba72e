import { formatMoney } from '@/lib/money';
import type { Order, OrderStatus } from '@/lib/orders/order';

const STATUS_LABELS: Record<OrderStatus, string> = {
  pending: 'Awaiting payment',
  paid: 'Paid',
  failed: 'Payment failed',
};

// Rendered on the server: a fixed zone keeps the text the same for every reader of the page.
const DATE_FORMAT = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** Each order is an article named "Order {number}", so people and tests can find one by its number. */
export function OrderList({ orders }: { orders: readonly Order[] }) {
  if (orders.length === 0) return <p>You have no orders yet.</p>;
  return (
    <ol
      aria-label="Orders"
      style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: '1rem' }}
    >
      {orders.map((order) => (
        <li key={order.id}>
          <OrderCard order={order} />
        </li>
      ))}
    </ol>
  );
}

function OrderCard({ order }: { order: Order }) {
  const headingId = `order-${order.number}`;
  const money = (amount: number) => formatMoney(amount, order.currency);
  return (
    <article aria-labelledby={headingId} className="card">
      <h2 id={headingId}>Order {order.number}</h2>
      <p>
        <strong data-testid="order-status">{STATUS_LABELS[order.status]}</strong>
        <span className="muted">
          {' '}
          · <time dateTime={order.createdAt.toISOString()}>{DATE_FORMAT.format(order.createdAt)} UTC</time>
        </span>
      </p>
      {order.status === 'pending' && (
        <p className="muted">We ship once the payment arrives. Pay with the code you received at checkout.</p>
      )}
      <ul className="cart-lines">
        {order.lines.map((line) => (
          <li key={`${line.priceId ?? ''}:${line.description}`}>
            <span>
              {line.description}
              {line.quantity > 1 ? ` × ${line.quantity}` : ''}
            </span>
            <span className="amount">{money(line.amountSubtotal)}</span>
          </li>
        ))}
      </ul>
      <dl className="totals">
        <dt>Subtotal</dt>
        <dd className="amount">{money(order.amountSubtotal)}</dd>
        {order.discounts.map((discount) => (
          <div key={discount.ruleId} className="discount-line">
            <dt>{discount.name}</dt>
            <dd className="amount">−{money(discount.amount)}</dd>
          </div>
        ))}
        <dt>Total</dt>
        <dd className="amount total" data-testid="order-amount-total">
          {money(order.amountTotal)}
        </dd>
      </dl>
    </article>
  );
}
