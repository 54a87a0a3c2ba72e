import { cookies } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import { selectCustomerAction } from '@/app/actions';
import { Cart } from '@/components/storefront/cart';
import { CURRENCY_COOKIE } from '@/components/storefront/currency-cookie';
import { CurrencySelect } from '@/components/storefront/currency-select';
import { ProductCard } from '@/components/storefront/product-card';
import { ShoppingAsSelect } from '@/components/storefront/shopping-as-select';
import { StorefrontProvider } from '@/components/storefront/storefront-provider';
import { ClientMessages } from '@/components/ui/client-messages';
import { SiteHeader } from '@/components/ui/site-header';
import { catalogText, PRODUCTS } from '@/lib/catalog';
import { listCompletedSessionIds } from '@/lib/checkout/cart';
import { explainClientReferenceId } from '@/lib/checkout/schemas';
import { getConfig } from '@/lib/config';
import { listCustomers } from '@/lib/customers';
import { getCurrentCustomer, readBrowserId } from '@/lib/http/identity';
import { pageLocale, titledPage } from '@/lib/i18n/page-locale';
import { type Currency, isCurrency } from '@/lib/money';
import { getStore } from '@/lib/store/app-store';

export const dynamic = 'force-dynamic';

export const generateMetadata = titledPage('storefront');

export default async function StorefrontPage({
  params: localeParams,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const locale = await pageLocale(localeParams);
  const t = await getTranslations('storefront');
  const params = await searchParams;
  const reference = firstValue(params.client_reference_id);
  const referenceProblem = reference === null ? null : explainClientReferenceId(reference);
  const currencyCookie = (await cookies()).get(CURRENCY_COOKIE)?.value ?? '';
  // A first visit in Japanese shops in yen; a chosen currency (the cookie) always wins.
  const defaultCurrency: Currency = locale === 'ja' ? 'jpy' : 'usd';
  const store = await getStore();
  const browserId = await readBrowserId();
  // The demo "Shopping as" sign-in exists only where the configuration says so.
  const { demoSignIn } = getConfig();
  const [customers, currentCustomer, completedSessionIds] = await Promise.all([
    demoSignIn ? listCustomers(store) : [],
    getCurrentCustomer(browserId),
    browserId === null ? [] : listCompletedSessionIds(store, browserId),
  ]);

  return (
    <ClientMessages namespaces={['storefront']}>
      <StorefrontProvider
        initialCurrency={isCurrency(currencyCookie) ? currencyCookie : defaultCurrency}
        completedSessionIds={completedSessionIds}
        products={PRODUCTS.map((product) => ({
          id: product.id,
          name: catalogText(product, locale).name,
          prices: product.prices,
        }))}
        incomingClientReferenceId={reference !== null && referenceProblem === null ? reference : null}
      >
        <SiteHeader>
          <CurrencySelect />
          {demoSignIn && (
            <ShoppingAsSelect
              customers={customers.map(({ id, displayName }) => ({ id, displayName }))}
              currentCustomerId={currentCustomer?.id ?? null}
              selectCustomer={selectCustomerAction}
            />
          )}
        </SiteHeader>
        <main>
          <h1>{t('heading')}</h1>
          {referenceProblem !== null && (
            <p role="status" className="notice">
              {t('referenceIgnored', { reason: t(`referenceReasons.${referenceProblem}`) })}
            </p>
          )}
          <div className="layout">
            <ul className="products" aria-label={t('products')}>
              {PRODUCTS.map((product) => (
                <ProductCard key={product.id} product={product} locale={locale} />
              ))}
            </ul>
            <Cart />
          </div>
        </main>
      </StorefrontProvider>
    </ClientMessages>
  );
}

function firstValue(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}
