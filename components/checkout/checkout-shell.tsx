'use client';

import { lazy, Suspense } from 'react';
import type { CheckoutView } from '@/lib/checkout/contract';
import { useTranslations } from '@/lib/i18n/client';
import type { Locale } from '@/lib/i18n/locales';
import { getStripe } from '@/lib/stripe/get-stripe';
import type { RestartCart } from './closed-checkout';

/**
 * The form, react-stripe-js and the checkout's schemas are a chunk of their own, fetched as the
 * page hydrates and alongside Stripe.js (which the form waits for in any case), so the page's
 * first-load JavaScript stays small (bundle-budget.json). Until both are there the shopper sees
 * the same "Loading…" the form shows while Stripe.js loads.
 */
const CheckoutElements = lazy(() =>
  import('./checkout-elements').then(({ CheckoutElements }) => ({ default: CheckoutElements })),
);

/**
 * The embedded checkout. Stripe.js is loaded in the page's language (getStripe caches one per
 * locale, so the provider gets the same promise on every render), so its own texts follow a
 * language switch even though the session's `locale` was fixed at creation.
 */
export function CheckoutShell({
  clientSecret,
  locale,
  initialView,
  allowedCountries,
  restart,
}: {
  clientSecret: string;
  locale: Locale;
  initialView: CheckoutView;
  allowedCountries: readonly string[];
  restart: RestartCart;
}) {
  const t = useTranslations('checkout');
  return (
    <Suspense fallback={<p aria-busy="true">{t('loading')}</p>}>
      <CheckoutElements
        stripe={getStripe(locale)}
        clientSecret={clientSecret}
        initialView={initialView}
        allowedCountries={allowedCountries}
        restart={restart}
      />
    </Suspense>
  );
}
