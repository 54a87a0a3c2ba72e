'use client';

import { CheckoutElementsProvider } from '@stripe/react-stripe-js/checkout';
import type { Stripe } from '@stripe/stripe-js';
import type { CheckoutView } from '@/lib/checkout/contract';
import { CheckoutForm } from './checkout-form';
import type { RestartCart } from './closed-checkout';

/**
 * The embedded checkout proper: react-stripe-js's provider around our form. CheckoutShell loads
 * this module on demand, in parallel with Stripe.js, which it cannot work without anyway.
 */
export function CheckoutElements({
  stripe,
  clientSecret,
  initialView,
  allowedCountries,
  restart,
}: {
  stripe: Promise<Stripe | null>;
  clientSecret: string;
  initialView: CheckoutView;
  allowedCountries: readonly string[];
  restart: RestartCart;
}) {
  return (
    <CheckoutElementsProvider stripe={stripe} options={{ clientSecret }}>
      <CheckoutForm initialView={initialView} allowedCountries={allowedCountries} restart={restart} />
    </CheckoutElementsProvider>
  );
}
