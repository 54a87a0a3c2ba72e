import { expect, test } from '@playwright/test';
import { fillCard, fillShippingAddress, startCheckout } from './support';

/**
 * A signed-in customer's session has a `customer`: Stripe takes the email from it. The page never
 * sends one - no POST .../email to our server, no `updateEmail` (a `client_update` with an email)
 * and no `email` in Stripe.js's confirm. It reads the stand-in's requests, so it is @local-stripe.
 */
test('@local-stripe a signed-in customer pays without the page sending any email', async ({ page }) => {
  const sent: { url: string; body: string }[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') sent.push({ url: request.url(), body: request.postData() ?? '' });
  });
  await startCheckout(page, ['Ceramic mug'], { shoppingAs: 'Gold' });
  const email = page.getByLabel('Email', { exact: true });
  await expect(email).toHaveAttribute('readonly', '');
  await fillShippingAddress(page);
  await fillCard(page, '4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Thank you for your order' })).toBeVisible();

  const confirms = sent.filter((request) => /\/v1\/checkout\/sessions\/[^/]+\/confirm$/.test(request.url));
  expect(confirms).toHaveLength(1);
  expect(new URLSearchParams(confirms[0]?.body).has('email')).toBe(false);
  const clientUpdates = sent.filter((request) => request.url.endsWith('/client_update'));
  expect(clientUpdates.filter((request) => new URLSearchParams(request.body).has('email'))).toEqual([]);
  expect(sent.filter((request) => /\/api\/checkout\/sessions\/[^/]+\/email$/.test(request.url))).toEqual([]);
  // The recompute before Pay carries no email either.
  const refreshes = sent.filter((request) => request.url.endsWith('/discounts'));
  expect(refreshes.length).toBeGreaterThan(0);
  for (const refresh of refreshes) expect(JSON.parse(refresh.body)).not.toHaveProperty('email');
});
