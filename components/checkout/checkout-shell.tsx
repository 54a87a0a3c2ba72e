'use client';

import { CheckoutElementsProvider } from '@stripe/react-stripe-js/checkout';
import type { CheckoutView } from '@/lib/checkout/contract';
import type { Locale } from '@/lib/i18n/locales';
import { getStripe } from '@/lib/stripe/get-stripe';
import { CheckoutForm } from './checkout-form';
import type { RestartCart } from './closed-checkout';

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
  return (
    <CheckoutElementsProvider stripe={getStripe(locale)} options={{ clientSecret }}>
      <CheckoutForm initialView={initialView} allowedCountries={allowedCountries} restart={restart} />
    </CheckoutElementsProvider>
  );
}
