import { getTranslations } from 'next-intl/server';
import { OrderList } from '@/components/orders/order-list';
import { PurchaseHistorySummary } from '@/components/orders/purchase-history-summary';
import { SiteHeader } from '@/components/ui/site-header';
import { getShopper } from '@/lib/http/identity';
import { pageLocale, titledPage } from '@/lib/i18n/page-locale';
import { getOrderHistory } from '@/lib/orders/order-history';
import { getStore } from '@/lib/store/app-store';

export const dynamic = 'force-dynamic';

export const generateMetadata = titledPage('orders');

/** The current shopper's own orders: the identity comes only from the signed cookies. */
export default async function OrdersPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const t = await getTranslations('orders');
  const shopper = await getShopper();
  const history = await getOrderHistory(await getStore(), {
    customerId: shopper.customer?.id ?? null,
    browserId: shopper.browserId,
  });
  return (
    <>
      <SiteHeader />
      <main>
        <h1>{t('heading')}</h1>
        <PurchaseHistorySummary customer={history.customer} />
        <OrderList orders={history.orders} locale={locale} />
      </main>
    </>
  );
}
