import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { ClearCart } from '@/components/checkout/clear-cart';
import { OrderNumberStatus } from '@/components/orders/order-number-status';
import { ClientMessages } from '@/components/ui/client-messages';
import { SiteHeader } from '@/components/ui/site-header';
import { CHECKOUT_SESSION_ID_PATTERN } from '@/lib/checkout/schemas';
import { getShopper } from '@/lib/http/identity';
import { localePath } from '@/lib/i18n/locales';
import { pageLocale, titledPage } from '@/lib/i18n/page-locale';
import { readPaymentOutcome } from '@/lib/orders/payment-outcome';
import { getStore } from '@/lib/store/app-store';
import { getStripe } from '@/lib/stripe/server';

export const dynamic = 'force-dynamic';

export const generateMetadata = titledPage('order');

const strong = (chunks: ReactNode) => <strong data-testid="order-reference">{chunks}</strong>;

/** Where Stripe sends the shopper after paying (the session's return_url, in the page's language). */
export default async function ReturnPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const locale = await pageLocale(params);
  const t = await getTranslations('returnPage');
  const home = localePath(locale, '/');
  const { session_id: raw } = await searchParams;
  const sessionId = typeof raw === 'string' && CHECKOUT_SESSION_ID_PATTERN.test(raw) ? raw : null;
  const outcome =
    sessionId === null
      ? null
      : await readPaymentOutcome(
          { store: await getStore(), stripe: getStripe() },
          await getShopper(),
          sessionId,
        );

  if (sessionId === null || outcome === null || outcome.kind !== 'found') {
    return (
      <Page>
        <h1>{t('notFoundHeading')}</h1>
        <p>{t('notFoundBody')}</p>
        <Link href={home}>{t('backToShop')}</Link>
      </Page>
    );
  }

  const { checkout, orderNumber, reference } = outcome;
  if (checkout.status === 'complete') {
    // A free order (a 100 % discount) is complete with nothing to pay: thank the shopper for it too.
    const paid = checkout.paid;
    const email = checkout.email ?? t('yourEmail');
    return (
      <Page>
        <ClearCart />
        <h1>{paid ? t('thanks') : t('waitingHeading')}</h1>
        <p>
          {paid
            ? t.rich('reference', { reference, email, strong })
            : t.rich('waitingBody', { reference, strong })}
        </p>
        <OrderNumberStatus orderNumber={orderNumber} />
        <Link href={home}>{t('continueShopping')}</Link>
      </Page>
    );
  }
  return (
    <Page>
      <h1>{t('notCompletedHeading')}</h1>
      <p>{t('nothingCharged')}</p>
      {checkout.status === 'open' ? (
        <Link href={localePath(locale, `/checkout/${encodeURIComponent(sessionId)}`)}>
          {t('returnToCheckout')}
        </Link>
      ) : (
        <Link href={home}>{t('backToCart')}</Link>
      )}
    </Page>
  );
}

function Page({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader />
      <ClientMessages namespaces={['returnPage']}>
        <main>{children}</main>
      </ClientMessages>
    </>
  );
}
