import {
  CheckoutElementsProvider,
  PaymentElement,
  ShippingAddressElement,
} from '@stripe/react-stripe-js/checkout';
import type { Stripe } from '@stripe/stripe-js';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { expect, test } from 'vitest';
import { createLocalStripeJs, LOCAL_STRIPE_PUBLISHABLE_KEY } from './index';
import { CLIENT_SECRET } from './test-support';

const render = (stripe: Stripe | null) =>
  renderToString(
    createElement(
      CheckoutElementsProvider,
      { stripe, options: { clientSecret: CLIENT_SECRET } },
      createElement(PaymentElement),
      createElement(ShippingAddressElement),
    ),
  );

test("the stand-in passes react-stripe-js's isStripe guard in the real CheckoutElementsProvider", () => {
  expect(() => render(createLocalStripeJs({ publishableKey: LOCAL_STRIPE_PUBLISHABLE_KEY }))).not.toThrow();
});

test('the guard does reject an object that is not Stripe.js (so the test above can fail)', () => {
  const notStripe = { initCheckoutElementsSdk: () => null } as unknown as Stripe;
  expect(() => render(notStripe)).toThrow(/Invalid prop `stripe`/);
});

test('methods the app never uses exist but say clearly that they are unsupported', () => {
  const stripe = createLocalStripeJs({ publishableKey: LOCAL_STRIPE_PUBLISHABLE_KEY });
  expect(() => stripe.elements()).toThrow('stripe.elements() is not supported by the local Stripe');
  expect(() => stripe.confirmCardPayment('pi_secret')).toThrow(/not supported by the local Stripe/);
  expect(() => stripe.registerAppInfo({ name: 'react-stripe-js' })).not.toThrow();
});
