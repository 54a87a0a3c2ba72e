'use client';

import { CheckoutElementsProvider } from '@stripe/react-stripe-js/checkout';
import type { CheckoutView } from '@/lib/checkout/contract';
import { getStripe } from '@/lib/stripe/get-stripe';
import { CheckoutForm } from './checkout-form';
import type { RestartCart } from './closed-checkout';

// Module scope: the provider must get the same promise on every render.
const stripePromise = getStripe();

export function CheckoutShell({
  clientSecret,
  initialView,
  allowedCountries,
  restart,
}: {
  clientSecret: string;
  initialView: CheckoutView;
  allowedCountries: readonly string[];
  restart: RestartCart;
}) {
  return (
    <CheckoutElementsProvider stripe={stripePromise} options={{ clientSecret }}>
      <CheckoutForm initialView={initialView} allowedCountries={allowedCountries} restart={restart} />
    </CheckoutElementsProvider>
  );
}
