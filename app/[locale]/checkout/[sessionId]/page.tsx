import { forbidden, notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { CheckoutShell } from '@/components/checkout/checkout-shell';
import { ClosedCheckout } from '@/components/checkout/closed-checkout';
import { ClientMessages } from '@/components/ui/client-messages';
import { SiteHeader } from '@/components/ui/site-header';
import { toCheckoutView } from '@/lib/checkout/checkout-view';
import { ALLOWED_SHIPPING_COUNTRIES } from '@/lib/checkout/order-lines';
import { CHECKOUT_SESSION_ID_PATTERN } from '@/lib/checkout/schemas';
import { getOwnedCart } from '@/lib/checkout/use-cases';
import { getShopper } from '@/lib/http/identity';
import { pageLocale, titledPage } from '@/lib/i18n/page-locale';
import { getStore } from '@/lib/store/app-store';
import { getStripe } from '@/lib/stripe/server';

export const dynamic = 'force-dynamic';

export const generateMetadata = titledPage('checkout');

export default async function CheckoutPage({
  params,
}: {
  params: Promise<{ locale: string; sessionId: string }>;
}) {
  const locale = await pageLocale(params);
  const { sessionId } = await params;
  if (!CHECKOUT_SESSION_ID_PATTERN.test(sessionId)) notFound();
  const shopper = await getShopper();
  const owned = await getOwnedCart(await getStore(), shopper, sessionId);
  if (owned.kind === 'not_found') notFound();
  if (owned.kind === 'forbidden') forbidden();
  const { cart } = owned;
  const t = await getTranslations('checkout');

  const session = await getStripe().checkout.sessions.retrieve(sessionId);
  const closed = session.status !== 'open';
  // Only what "Start a new checkout" needs reaches the browser, never the whole stored cart.
  const restart = { items: cart.items, currency: cart.currency, clientReferenceId: cart.clientReferenceId };

  return (
    <>
      <SiteHeader />
      <main>
        <h1>{t('heading')}</h1>
        <ClientMessages namespaces={['checkout', 'address', 'validation', 'discounts']}>
          {closed ? (
            <ClosedCheckout
              closed={session.status === 'complete' ? t('completePage') : 'expired'}
              restart={restart}
            />
          ) : session.client_secret === null ? (
            <p role="alert" className="alert">
              {t('noClientSecret')}
            </p>
          ) : (
            <CheckoutShell
              clientSecret={session.client_secret}
              locale={locale}
              initialView={toCheckoutView(cart)}
              restart={restart}
              allowedCountries={
                session.shipping_address_collection?.allowed_countries ?? ALLOWED_SHIPPING_COUNTRIES
              }
            />
          )}
        </ClientMessages>
      </main>
    </>
  );
}
