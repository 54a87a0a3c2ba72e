'use client';

import { catalogNameOfLineKey } from '@/lib/catalog';
import type { CheckoutView } from '@/lib/checkout/contract';
import { useLocale, useTranslations } from '@/lib/i18n/client';
import { formatMoney } from '@/lib/money';
import { discountName } from './discount-name';
import type { Checkout } from './use-checkout-change';

export const ORDER_SUMMARY_ID = 'order-summary';

/**
 * Totals come from Stripe's session (what the shopper will be charged); the names of the discounts
 * that make up Stripe's single combined discount come from our server's breakdown. Below 768 px it
 * is collapsed behind the OrderSummaryBar unless the shopper opens it.
 */
export function OrderSummary({
  checkout,
  view,
  busy,
  expanded,
}: {
  checkout: Checkout;
  view: CheckoutView;
  busy: boolean;
  expanded: boolean;
}) {
  const t = useTranslations('checkout');
  const tDiscounts = useTranslations('discounts');
  const locale = useLocale();
  // Lines are named from our catalog by their line key; Stripe's name only for a line we don't know.
  const nameOf = (item: { id: string; name: string }) => {
    const key = view.lineKeys?.[item.id];
    return (key === undefined ? null : catalogNameOfLineKey(key, locale)) ?? item.name;
  };
  return (
    <section
      id={ORDER_SUMMARY_ID}
      aria-labelledby="order-summary-heading"
      aria-busy={busy}
      className={`card summary${expanded ? ' expanded' : ''}`}
    >
      <h2 id="order-summary-heading">{t('orderSummary')}</h2>
      <ul className="cart-lines">
        {checkout.lineItems.map((item) => (
          <li key={item.id}>
            <span>
              {nameOf(item)}
              {item.quantity > 1 ? ` × ${item.quantity}` : ''}
            </span>
            <span className="amount">{item.subtotal.amount}</span>
          </li>
        ))}
      </ul>
      <dl className="totals">
        <dt>{t('subtotal')}</dt>
        <dd className="amount" data-testid="order-subtotal">
          {checkout.total.subtotal.amount}
        </dd>
        {view.discounts.map((discount) => (
          <div key={discount.ruleId} className="discount-line">
            <dt>{discountName(tDiscounts, discount, view.currency)}</dt>
            <dd className="amount">−{formatMoney(discount.amount, view.currency)}</dd>
          </div>
        ))}
        <dt>{t('discount')}</dt>
        <dd className="amount">
          {checkout.total.discount.minorUnitsAmount > 0 ? '−' : ''}
          <span data-testid="order-discount">{checkout.total.discount.amount}</span>
        </dd>
        <dt>{t('total')}</dt>
        <dd className="amount total" data-testid="order-total">
          {checkout.total.total.amount}
        </dd>
      </dl>
    </section>
  );
}

/** The phone layout's bar, pinned to the top of the viewport: the total, and a toggle for the summary. */
export function OrderSummaryBar({
  total,
  expanded,
  onToggle,
}: {
  total: string;
  expanded: boolean;
  onToggle: () => void;
}) {
  const t = useTranslations('checkout');
  return (
    <button
      type="button"
      className="summary-bar"
      aria-expanded={expanded}
      aria-controls={ORDER_SUMMARY_ID}
      onClick={onToggle}
    >
      <span>{t('orderSummary')}</span>
      <span className="amount total" data-testid="summary-bar-total">
        {total}
      </span>
    </button>
  );
}
