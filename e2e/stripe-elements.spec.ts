import { expect, test } from '@playwright/test';
import { fillCard, startCheckout } from './support';

// react-stripe-js's real provider and elements on the local Stripe's Stripe.js stand-in.
test('@local-stripe CheckoutElementsProvider, PaymentElement and ShippingAddressElement run on the stand-in', async ({
  page,
}) => {
  const sessionId = await startCheckout(page, ['Ceramic mug']);
  await page.goto(`/dev/stripe-elements?session_id=${sessionId}`);
  await expect(page.getByTestId('playground-total')).toHaveText('$24.00');
  await expect(page.getByTestId('playground-status')).toHaveText('open');

  // ShippingAddressElement renders its fields and reports the address through `change`.
  const shipping = page.getByRole('group', { name: 'Shipping address' });
  await shipping.getByLabel('Full name').fill('Grace Hopper');
  await shipping.getByLabel('Address line 1').fill('1 Navy Way');
  await shipping.getByLabel('City').fill('Arlington');
  await shipping.getByLabel('Postal code').fill('22202');
  await shipping.getByLabel('Country').selectOption('US');
  await expect(page.getByTestId('playground-address')).toHaveText('Grace Hopper, US');

  // A runServerUpdate round trip: our route changes the session, Stripe.js refetches it.
  await page.getByRole('button', { name: 'Add gift wrap on the server' }).click();
  await expect(page.getByTestId('playground-message')).toHaveText('Updated');
  await expect(page.getByTestId('playground-total')).toHaveText('$29.00');

  // Shipping details are server-only: the app's route sets them.
  const saved = await page.request.post(`/api/checkout/sessions/${sessionId}/shipping-address`, {
    data: {
      name: 'Grace Hopper',
      address: { line1: '1 Navy Way', city: 'Arlington', postal_code: '22202', country: 'US' },
    },
  });
  expect(saved.status()).toBe(200);

  // PaymentElement: client-side validation, a decline, then a success.
  await fillCard(page, '4242 4242 4242 4241');
  await page.getByRole('button', { name: 'Confirm payment' }).click();
  await expect(page.getByTestId('playground-message')).toHaveText('Your card number is invalid.');
  await fillCard(page, '4000 0000 0000 0002');
  await page.getByRole('button', { name: 'Confirm payment' }).click();
  await expect(page.getByTestId('playground-message')).toHaveText('Your card was declined.');
  await fillCard(page, '4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Confirm payment' }).click();
  await expect(page.getByTestId('playground-message')).toHaveText('Paid: complete');
  await expect(page.getByTestId('playground-status')).toHaveText('complete');
});
