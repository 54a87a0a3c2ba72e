import { expect, type Page, test } from '@playwright/test';
import { fillEmail, fillShippingAddress, setAddOn, startCheckout, total } from './support';

const summary = (page: Page) => page.getByRole('region', { name: 'Order summary' });
const alert = (page: Page) => page.getByRole('main').getByRole('alert');

async function applyCode(page: Page, code: string) {
  await page.getByLabel('Promotion code').fill(code);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(summary(page)).toHaveAttribute('aria-busy', 'false');
}

test.describe('server-side discounts', () => {
  test('welcome10 on a first order takes 10 % on top of the automatic threshold: 141.20', async ({
    page,
  }) => {
    await startCheckout(page, ['Pour-over coffee kit', 'Burr grinder']);
    await expect(summary(page)).toContainText('Spend $100, save $10');
    await expect(total(page)).toHaveText('$158.00');
    // A first-order code needs the email the server holds: the shopper types it first.
    await fillEmail(page, `welcome-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`);
    await applyCode(page, 'welcome10');
    await expect(page.getByRole('button', { name: 'Remove promotion code' })).toBeVisible();
    await expect(summary(page)).toContainText('WELCOME10');
    await expect(summary(page)).toContainText('−$16.80');
    await expect(page.getByTestId('order-discount')).toHaveText('$26.80');
    await expect(total(page)).toHaveText('$141.20');

    await page.getByRole('button', { name: 'Remove promotion code' }).click();
    await expect(total(page)).toHaveText('$158.00');
    await expect(page.getByLabel('Promotion code')).toBeVisible();
  });

  test('kit + grinder gets "Spend $100, save $10" automatically and SAVE20 on top: 138.00', async ({
    page,
  }) => {
    await startCheckout(page, ['Pour-over coffee kit', 'Burr grinder']);
    await expect(page.getByTestId('order-subtotal')).toHaveText('$168.00');
    await expect(total(page)).toHaveText('$158.00');
    await applyCode(page, 'SAVE20');
    await expect(total(page)).toHaveText('$138.00');
    await expect(summary(page)).toContainText('SAVE20');
    await expect(summary(page)).toContainText('Spend $100, save $10');
  });

  test('deselecting Express shipping drops SAVE20 below its minimum and says why; the automatic 10.00 stays', async ({
    page,
  }) => {
    await startCheckout(page, ['Ceramic mug', 'Burr grinder']);
    await setAddOn(page, 'Express shipping', true);
    await expect(page.getByTestId('order-subtotal')).toHaveText('$159.00');
    await applyCode(page, 'SAVE20');
    await expect(total(page)).toHaveText('$129.00');
    await setAddOn(page, 'Express shipping', false);
    await expect(page.getByRole('status').filter({ hasText: 'SAVE20' })).toContainText(
      'SAVE20 needs a subtotal of $150.00; add $6.00 more',
    );
    await expect(total(page)).toHaveText('$134.00');
    await expect(summary(page)).toContainText('Spend $100, save $10');
    await expect(summary(page)).not.toContainText('SAVE20');
  });

  test('refusals name the code and the reason, and change nothing', async ({ page }) => {
    await startCheckout(page, ['Ceramic mug']);
    await applyCode(page, 'SPRING');
    await expect(alert(page)).toHaveText('SPRING has expired');
    await applyCode(page, 'vip25');
    await expect(alert(page)).toHaveText('VIP25 is not available for your account');
    await applyCode(page, 'NOPE');
    await expect(alert(page)).toHaveText("We don't recognise that code");
    await expect(total(page)).toHaveText('$24.00');
  });

  test('the Gold customer gets the 10 % loyalty tier, not stacked with the 5 % tier', async ({ page }) => {
    await startCheckout(page, ['Ceramic mug'], { shoppingAs: 'Gold' });
    await expect(summary(page)).toContainText('Loyalty 10% off');
    await expect(summary(page)).not.toContainText('Loyalty 5% off');
    await expect(page.getByTestId('order-discount')).toHaveText('$2.40');
    await expect(total(page)).toHaveText('$21.60');
  });

  test('shipping to Japan makes Express shipping free; moving the address to the US removes that', async ({
    page,
  }) => {
    await startCheckout(page, ['Ceramic mug']);
    await setAddOn(page, 'Express shipping', true);
    await expect(total(page)).toHaveText('$39.00');
    await fillShippingAddress(page, 'JP');
    await expect(total(page)).toHaveText('$24.00');
    await expect(page.getByTestId('order-discount')).toHaveText('$15.00');
    await fillShippingAddress(page, 'US');
    await expect(total(page)).toHaveText('$39.00');
  });

  test('more than 10 wrong codes in 10 minutes are refused with 429', async ({ page }) => {
    const sessionId = await startCheckout(page, ['Ceramic mug']);
    const url = `/api/checkout/sessions/${sessionId}/promotion-code`;
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const answer = await page.request.post(url, { data: { code: `WRONG${attempt}` } });
      expect(answer.status()).toBe(422);
    }
    const blocked = await page.request.post(url, { data: { code: 'WELCOME10' } });
    expect(blocked.status()).toBe(429);
    expect(Number(blocked.headers()['retry-after'])).toBeGreaterThan(0);
  });
});
