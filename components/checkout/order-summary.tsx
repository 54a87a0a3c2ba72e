'use client';

import type { useCheckoutElements } from '@stripe/react-stripe-js/checkout';
import type { CheckoutView } from '@/lib/checkout/checkout-view';
import { formatMoney } from '@/lib/money';

type Checkout = Extract<ReturnType<typeof useCheckoutElements>, { type: 'success' }>['checkout'];

/**
 * Totals come from Stripe's session (what the shopper will be charged); the names of the discounts
 * that make up Stripe's single combined discount come from our server's breakdown.
 */
export function OrderSummary({
  checkout,
  view,
  busy,
}: {
  checkout: Checkout;
  view: CheckoutView;
  busy: boolean;
}) {
  return (
    <section aria-labelledby="order-summary-heading" aria-busy={busy} className="card summary">
      <h2 id="order-summary-heading">Order summary</h2>
      <ul className="cart-lines">
        {checkout.lineItems.map((item) => (
          <li key={item.id}>
            <span>
              {item.name}
              {item.quantity > 1 ? ` × ${item.quantity}` : ''}
            </span>
            <span className="amount">{item.subtotal.amount}</span>
          </li>
        ))}
      </ul>
      <dl className="totals">
        <dt>Subtotal</dt>
        <dd className="amount" data-testid="order-subtotal">
          {checkout.total.subtotal.amount}
        </dd>
        {view.discounts.map((discount) => (
          <div key={discount.ruleId} className="discount-line">
            <dt>{discount.name}</dt>
            <dd className="amount">−{formatMoney(discount.amount, view.currency)}</dd>
          </div>
        ))}
        <dt>Discount</dt>
        <dd className="amount">
          {checkout.total.discount.minorUnitsAmount > 0 ? '−' : ''}
          <span data-testid="order-discount">{checkout.total.discount.amount}</span>
        </dd>
        <dt>Total</dt>
        <dd className="amount total" data-testid="order-total">
          {checkout.total.total.amount}
        </dd>
      </dl>
    </section>
  );
}
