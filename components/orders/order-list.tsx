import { getTranslations } from 'next-intl/server';
import { discountName } from '@/components/checkout/discount-name';
import { ADD_ONS, catalogNameOfLineKey } from '@/lib/catalog';
import { INTL_LOCALE, type Locale } from '@/lib/i18n/locales';
import { formatMoney } from '@/lib/money';
import type { Order, OrderLine } from '@/lib/orders/order';

// Rendered on the server: a fixed zone keeps the text the same for every reader of the page.
const DATE_FORMATS: Readonly<Record<Locale, Intl.DateTimeFormat>> = {
  en: new Intl.DateTimeFormat(INTL_LOCALE.en, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }),
  // Japanese shoppers read Japan time ("2025年3月1日 9:30（日本時間）").
  ja: new Intl.DateTimeFormat(INTL_LOCALE.ja, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Asia/Tokyo',
  }),
};
const ZONE_NAMES: Readonly<Record<Locale, string>> = { en: ' UTC', ja: '（日本時間）' };

/**
 * A line's name from our catalog (by the price's lookup key, or the add-on Stripe was sent), in
 * the page's language; the name Stripe recorded only for a line our catalog does not know.
 */
function lineName(line: OrderLine, locale: Locale): string {
  const product = /^embedded-checkout:([a-z0-9-]+):[a-z]+$/.exec(line.lookupKey ?? '')?.[1];
  const addOn = ADD_ONS.find((candidate) => candidate.name === line.description);
  const key = product !== undefined ? `product:${product}` : addOn !== undefined ? `add_on:${addOn.id}` : '';
  return catalogNameOfLineKey(key, locale) ?? line.description;
}

/** Each order is an article named "Order {number}", so people and tests can find one by its number. */
export async function OrderList({ orders, locale }: { orders: readonly Order[]; locale: Locale }) {
  const t = await getTranslations('orders');
  if (orders.length === 0) return <p>{t('none')}</p>;
  return (
    <ol
      aria-label={t('list')}
      style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: '1rem' }}
    >
      {orders.map((order) => (
        <li key={order.id}>
          <OrderCard order={order} locale={locale} />
        </li>
      ))}
    </ol>
  );
}

async function OrderCard({ order, locale }: { order: Order; locale: Locale }) {
  const [t, tDiscounts] = await Promise.all([getTranslations('orders'), getTranslations('discounts')]);
  const headingId = `order-${order.number}`;
  const money = (amount: number) => formatMoney(amount, order.currency);
  return (
    <article aria-labelledby={headingId} className="card">
      <h2 id={headingId}>{t('order', { number: order.number })}</h2>
      <p>
        <strong data-testid="order-status">{t(`status.${order.status}`)}</strong>
        <span className="muted">
          {' '}
          ·{' '}
          <time dateTime={order.createdAt.toISOString()}>
            {DATE_FORMATS[locale].format(order.createdAt)}
            {ZONE_NAMES[locale]}
          </time>
        </span>
      </p>
      {order.status === 'pending' && <p className="muted">{t('pendingNote')}</p>}
      {order.amountRefunded > 0 && order.status !== 'disputed' && <p className="muted">{t('refundNote')}</p>}
      {order.status === 'disputed' && <p className="muted">{t('disputedNote')}</p>}
      <ul className="cart-lines">
        {order.lines.map((line) => (
          <li key={`${line.priceId ?? ''}:${line.description}`}>
            <span>
              {lineName(line, locale)}
              {line.quantity > 1 ? ` × ${line.quantity}` : ''}
            </span>
            <span className="amount">{money(line.amountSubtotal)}</span>
          </li>
        ))}
      </ul>
      <dl className="totals">
        <dt>{t('subtotal')}</dt>
        <dd className="amount">{money(order.amountSubtotal)}</dd>
        {order.discounts.map((discount) => (
          <div key={discount.ruleId} className="discount-line">
            <dt>{discountName(tDiscounts, discount, order.currency)}</dt>
            <dd className="amount">−{money(discount.amount)}</dd>
          </div>
        ))}
        <dt>{t('total')}</dt>
        <dd className="amount total" data-testid="order-amount-total">
          {money(order.amountTotal)}
        </dd>
        {order.amountRefunded > 0 && (
          <>
            <dt>{t('refunded')}</dt>
            <dd className="amount" data-testid="order-amount-refunded">
              −{money(order.amountRefunded)}
            </dd>
          </>
        )}
      </dl>
    </article>
  );
}
