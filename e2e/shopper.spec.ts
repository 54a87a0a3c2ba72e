import { expect, type Page, test } from '@playwright/test';
import {
  addOn,
  collectConsoleErrors,
  fillCard,
  localStripe,
  setAddOn,
  startCheckout,
  stripeRequestCount,
  total,
  typeShippingAddress,
} from './support';

/**
 * A shopper who knows none of the page's rules: they type what is asked and press Pay. No spec
 * here presses an address or email button.
 */

const pay = (page: Page) => page.getByRole('button', { name: 'Pay', exact: true });
const alert = (page: Page) => page.getByRole('main').getByRole('alert');

test('fill email, address and card, press Pay and nothing else: the order is paid', async ({ page }) => {
  await startCheckout(page, ['Ceramic mug']);
  await page.getByLabel('Email', { exact: true }).fill(`shopper-${Date.now()}@example.com`);
  await typeShippingAddress(page);
  await fillCard(page, '4242 4242 4242 4242');
  await pay(page).click();
  await expect(page.getByRole('heading', { name: 'Thank you for your order' })).toBeVisible({
    timeout: 20_000,
  });
});

test('a Japanese address makes Express shipping free without pressing any address button', async ({
  page,
}) => {
  await startCheckout(page, ['Ceramic mug']);
  await setAddOn(page, 'Express shipping', true);
  await expect(total(page)).toHaveText('$39.00');
  await typeShippingAddress(page, 'JP');
  await expect(total(page)).toHaveText('$24.00');
  await expect(page.getByTestId('order-discount')).toHaveText('$15.00');
  // The new total is announced politely, not as an error.
  await expect(page.getByRole('status').filter({ hasText: 'Your total is now $24.00.' })).toHaveCount(1);
  await expect(page.getByTestId('shipping-address-state')).toHaveText('Shipping address saved.');
});

test('typing is never interrupted: text fields stay enabled and focused while a change is in flight', async ({
  page,
}) => {
  await startCheckout(page, ['Ceramic mug']);
  const name = page.getByLabel('Full name');
  await addOn(page, 'Gift wrap').click();
  await name.focus();
  await page.keyboard.type('Ada Lovelace');
  await expect(name).toBeFocused();
  await expect(name).toHaveValue('Ada Lovelace');
  await expect(total(page)).toHaveText('$29.00');
});

test('@local-stripe Pay with an empty address marks each field, focuses Full name and calls no Stripe API', async ({
  page,
}) => {
  const sessionId = await startCheckout(page, ['Ceramic mug']);
  // Other specs run beside this one against the same local Stripe: count this session's requests.
  const thisSession = { path: `/v1/checkout/sessions/${sessionId}` };
  const email = page.getByLabel('Email', { exact: true });
  await email.fill(`empty-address-${Date.now()}@example.com`);
  await email.blur();
  await fillCard(page, '4242 4242 4242 4242');
  await expect(page.getByRole('region', { name: 'Order summary' })).toHaveAttribute('aria-busy', 'false');
  await expect(pay(page)).toBeEnabled();
  // Let the email's own change settle before counting: this session's count (other specs run beside
  // this one) reads the same twice in a row, half a second apart.
  let last = -1;
  await expect
    .poll(
      async () => {
        const now = await stripeRequestCount(page, thisSession);
        const settled = now === last;
        last = now;
        return settled;
      },
      { intervals: [500] },
    )
    .toBe(true);
  const before = await stripeRequestCount(page, thisSession);
  expect(before).toBeGreaterThan(0);

  await pay(page).click();

  const group = page.getByRole('group', { name: 'Shipping address' });
  const expected: [string, string][] = [
    ['Full name', 'Enter the full name.'],
    ['Address line 1', 'Enter the address.'],
    ['City', 'Enter the city.'],
    ['Postal code', 'Enter the postal code.'],
  ];
  for (const [label, message] of expected) {
    const field = group.getByLabel(label);
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(message);
  }
  await expect(group.getByLabel('Full name')).toBeFocused();
  // One summary sentence in the page's single alert; field messages are not alerts.
  await expect(alert(page)).toHaveCount(1);
  await expect(alert(page)).toHaveText(
    'Check these 4 fields before paying: Full name, Address line 1, City, Postal code.',
  );
  await page.waitForTimeout(1_000);
  expect(await stripeRequestCount(page, thisSession)).toBe(before);
  await expect(page).toHaveURL(/\/checkout\/cs_/);
});

test('@local-stripe an expired session says so when the page is focused again and offers a new checkout', async ({
  page,
}) => {
  const sessionId = await startCheckout(page, ['Ceramic mug']);
  await setAddOn(page, 'Gift wrap', true);
  await localStripe(page, 'POST', `/v1/checkout/sessions/${sessionId}/expire`);
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(page.getByText('This checkout has expired.')).toBeVisible();
  // No control stays live on a dead session.
  await expect(pay(page)).toHaveCount(0);
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  await page.getByRole('button', { name: 'Start a new checkout' }).click();
  await page.waitForURL(
    (url) => url.pathname.startsWith('/checkout/cs_') && !url.pathname.endsWith(sessionId),
  );
  await expect(total(page)).toHaveText('$24.00');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the total is visible without scrolling and follows an add-on', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Add Ceramic mug to cart' }).click();
    await page.getByRole('region', { name: 'Cart' }).getByRole('button', { name: 'Checkout' }).click();
    await page.waitForURL(/\/checkout\/cs_/);
    const barTotal = page.getByTestId('summary-bar-total');
    await expect(barTotal).toHaveText('$24.00');
    await expect(barTotal).toBeInViewport();
    await expect(page.getByRole('button', { name: /^Order summary/ })).toHaveAttribute(
      'aria-expanded',
      'false',
    );

    await addOn(page, 'Gift wrap').check();
    await expect(barTotal).toHaveText('$29.00');
    // Pinned: still in view after the page scrolled to the add-on, and beside Pay too.
    await expect(barTotal).toBeInViewport();
    await pay(page).scrollIntoViewIfNeeded();
    await expect(barTotal).toBeInViewport();
    await expect(page.getByTestId('pay-total')).toHaveText('$29.00');

    // The full summary opens from the bar; each amount is in the page once.
    await page.getByRole('button', { name: /^Order summary/ }).click();
    await expect(page.getByTestId('order-total')).toHaveText('$29.00');
    for (const id of ['order-subtotal', 'order-discount', 'order-total']) {
      await expect(page.getByTestId(id)).toHaveCount(1);
    }
    await expect(page.getByRole('button', { name: 'Pay', exact: true })).toHaveCount(1);
  });
});

test('no console errors on the storefront, the checkout page and /orders', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await startCheckout(page, ['Ceramic mug']);
  await expect(page.getByRole('button', { name: 'Pay', exact: true })).toBeVisible();
  await page.goto('/orders');
  await expect(page.getByRole('heading', { name: 'Your orders', level: 1 })).toBeVisible();
  await page.goto('/');
  await expect(page.getByRole('region', { name: 'Cart' })).toBeVisible();
  expect(errors).toEqual([]);
});
