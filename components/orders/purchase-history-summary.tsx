import { getTranslations } from 'next-intl/server';
import { formatMoney, isCurrency } from '@/lib/money';
import type { OrderHistory } from '@/lib/orders/order-history';

const DEMO_NAMES = ['returning', 'gold', 'vip'] as const;

/** Whose orders these are, and for a signed-in customer the history that loyalty tiers read. */
export async function PurchaseHistorySummary({ customer }: { customer: OrderHistory['customer'] }) {
  const [t, tStore, tDiscounts] = await Promise.all([
    getTranslations('orders'),
    getTranslations('storefront'),
    getTranslations('discounts'),
  ]);
  if (customer === null) return <p className="muted">{t('guestNote')}</p>;
  const spend = Object.entries(customer.spend)
    .filter(([, amount]) => amount > 0)
    .map(([currency, amount]) =>
      isCurrency(currency) ? formatMoney(amount, currency) : `${amount} ${currency}`,
    );
  const demo = DEMO_NAMES.find((id) => id === customer.displayName.toLowerCase());
  const name = demo === undefined ? customer.displayName : tStore(`customerNames.${demo}`);
  const tier = customer.loyaltyTier?.name;
  const tierName =
    tier === 'Loyalty 5% off'
      ? tDiscounts('loyalty5')
      : tier === 'Loyalty 10% off'
        ? tDiscounts('loyalty10')
        : tier;
  return (
    <section aria-labelledby="purchase-history-heading" className="card">
      <h2 id="purchase-history-heading">{t('history', { name })}</h2>
      <p>
        {t('paidOrders')} <strong data-testid="paid-order-count">{customer.paidOrderCount}</strong>
        {spend.length > 0 && <> · {t('spent', { amounts: spend.join(', ') })}</>}
      </p>
      <p data-testid="loyalty-tier">{tierName === undefined ? t('noTier') : t('tier', { tier: tierName })}</p>
    </section>
  );
}
