import { expect, test } from '@playwright/test';
import {
  addOn,
  fillCard,
  fillEmail,
  fillShippingAddress,
  localStripe,
  setAddOn,
  startCheckout,
  total,
} from './support';

test.describe('embedded checkout', () => {
  test('add-ons change the total live, and 4242 pays', async ({ page }) => {
    await startCheckout(page, ['Pour-over coffee kit', 'Single-origin beans 250 g']);
    await expect(total(page)).toHaveText('$66.00');
    await setAddOn(page, 'Gift wrap', true);
    await expect(total(page)).toHaveText('$71.00');
    await setAddOn(page, 'Extended warranty', true);
    await expect(total(page)).toHaveText('$91.00');
    await setAddOn(page, 'Gift wrap', false);
    await expect(total(page)).toHaveText('$86.00');
    await expect(page.getByTestId('order-subtotal')).toHaveText('$86.00');
    await expect(page.getByTestId('order-discount')).toHaveText('$0.00');
    const summary = page.getByRole('region', { name: 'Order summary' });
    await expect(summary).toContainText('Extended warranty');
    await expect(summary).not.toContainText('Gift wrap');

    await fillEmail(page, 'ada@example.com');
    await fillShippingAddress(page);
    await fillCard(page, '4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Thank you for your order' })).toBeVisible();
    await expect(page.getByTestId('order-reference')).toHaveText(/\S+/);

    // Emptied by the return page's script, or by the server once the webhook has marked it bought.
    await expect(async () => {
      await page.goto('/');
      await expect(page.getByRole('region', { name: 'Cart' })).toContainText('Your cart is empty.', {
        timeout: 1_000,
      });
    }).toPass({ timeout: 15_000 });
  });

  test('the cart is empty after a paid checkout even if the return page never ran its script', async ({
    page,
  }) => {
    await startCheckout(page, ['Ceramic mug']);
    // What the storefront stored when the checkout started: the items and the session they went to.
    const stored = await page.evaluate(() => window.localStorage.getItem('embedded-checkout:cart'));
    expect(stored).toContain('cs_');
    await fillEmail(page, 'no-script@example.com');
    await fillShippingAddress(page);
    await fillCard(page, '4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Thank you for your order' })).toBeVisible();
    // Undo the return page's clearing, as if the shopper had left before its script ran.
    await page.evaluate(
      (value) => window.localStorage.setItem('embedded-checkout:cart', value ?? ''),
      stored,
    );
    // The server learns of the payment from the webhook; the storefront then starts with an empty cart.
    await expect(async () => {
      await page.goto('/');
      await expect(page.getByRole('region', { name: 'Cart' })).toContainText('Your cart is empty.', {
        timeout: 1_000,
      });
    }).toPass({ timeout: 15_000 });
  });

  test('the same in JPY with whole-yen amounts', async ({ page }) => {
    await startCheckout(page, ['Pour-over coffee kit', 'Single-origin beans 250 g'], { currency: 'jpy' });
    await expect(total(page)).toHaveText(/^[￥¥]9,900$/);
    await setAddOn(page, 'Gift wrap', true);
    await expect(total(page)).toHaveText(/^[￥¥]10,650$/);
    await setAddOn(page, 'Extended warranty', true);
    await expect(total(page)).toHaveText(/^[￥¥]13,650$/);
    await setAddOn(page, 'Gift wrap', false);
    await expect(total(page)).toHaveText(/^[￥¥]12,900$/);
  });

  test('a declined card shows Stripe’s message and the checkout stays open', async ({ page }) => {
    const sessionId = await startCheckout(page, ['Ceramic mug']);
    await fillEmail(page, 'decline@example.com');
    await fillShippingAddress(page);
    await fillCard(page, '4000 0000 0000 0002');
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await expect(page.getByRole('main').getByRole('alert')).toHaveText('Your card was declined.');
    await expect(page).toHaveURL(new RegExp(`/checkout/${sessionId}$`));
    // Still open, as the shopper sees it: the same checkout after a reload, ready to pay again.
    await page.reload();
    await expect(total(page)).toHaveText('$24.00');
    await expect(page.getByText('This checkout has expired.')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Pay', exact: true })).toBeVisible();
  });

  test('@local-stripe a Stripe failure (500, then a timeout) leaves the order as it was, and the next try succeeds', async ({
    page,
  }) => {
    const sessionId = await startCheckout(page, ['Ceramic mug']);
    await expect(total(page)).toHaveText('$24.00');
    const path = `^/v1/checkout/sessions/${sessionId}$`;

    const faults: Record<string, string>[] = [
      { kind: 'server_error', count: '1' },
      // A timeout is an unknown outcome: the server reads the session back and pushes again, so
      // both attempts must time out for the shopper to see an error.
      { kind: 'timeout', count: '2', delay_ms: '4000' },
    ];
    for (const fault of faults) {
      await localStripe(page, 'POST', '/v1/test_helpers/faults', { path, method: 'POST', ...fault });
      // click(), not check(): the failure may restore the box before check() verifies it.
      await addOn(page, 'Gift wrap').click();
      await expect(page.getByRole('main').getByRole('alert')).toBeVisible({ timeout: 20_000 });
      await expect(addOn(page, 'Gift wrap')).not.toBeChecked();
      await expect(addOn(page, 'Gift wrap')).toBeEnabled();
      await expect(total(page)).toHaveText('$24.00');
      await localStripe(page, 'DELETE', '/v1/test_helpers/faults');
    }

    await setAddOn(page, 'Gift wrap', true);
    await expect(total(page)).toHaveText('$29.00');
    await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
  });
});
