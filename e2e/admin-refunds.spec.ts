import { expect, type Page, test } from '@playwright/test';
import { adminPassword } from './admin-support';
import { startServerMjs } from './spawn-server';
import { fillCard, fillShippingAddress, startCheckout, total } from './support';

/**
 * A refund from the back office: the merchant refunds a paid order in full from its page, the
 * order becomes "refunded" once Stripe's webhook arrives, the refunded order stops counting toward
 * the Returning customer's loyalty tier, and pressing Refund again refunds nothing more.
 *
 * Runs on a server of its own (fresh database): it counts Returning's paid orders, which
 * e2e/orders.spec.ts counts on the suite's server too.
 */

const summary = (page: Page) => page.getByRole('region', { name: 'Order summary' });

async function payAsReturning(page: Page, base: string): Promise<string> {
  await startCheckout(page, ['Burr grinder'], { shoppingAs: 'Returning', path: `${base}/` });
  await fillShippingAddress(page);
  const charged = (await total(page).textContent()) ?? '';
  await fillCard(page, '4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Thank you for your order' })).toBeVisible();
  await expect(page.getByTestId('order-number')).toHaveText(/^\d{4,}$/, { timeout: 30_000 });
  return charged;
}

test('@local-stripe a full refund from the order page: refunded after the webhook, the loyalty tier drops, a second click refunds nothing more', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const server = await startServerMjs({});
  const base = `http://127.0.0.1:${server.port}`;
  try {
    const returning = await (await browser.newContext()).newPage();
    // Returning is seeded with one paid order (5 %); two more make three (10 %).
    await payAsReturning(returning, base);
    const charged = await payAsReturning(returning, base);
    expect(charged).toBe('$104.00');
    await returning.goto(`${base}/orders`);
    await expect(returning.getByTestId('paid-order-count')).toHaveText('3');
    await expect(returning.getByTestId('loyalty-tier')).toContainText('Loyalty 10% off');

    const merchant = await (await browser.newContext()).newPage();
    await merchant.goto(`${base}/admin`);
    await merchant.getByLabel('Password').fill(adminPassword());
    await merchant.getByRole('button', { name: 'Sign in' }).click();
    await merchant.getByRole('link', { name: 'Orders' }).click();
    await merchant.getByLabel('Status').selectOption('paid');
    await merchant.getByRole('button', { name: 'Filter' }).click();
    // Newest first: the second order Returning paid.
    const newest = merchant.getByRole('row').nth(1);
    await expect(newest).toContainText('Customer returning');
    await expect(newest).toContainText('$104.00');
    await newest.getByRole('link').click();

    await expect(merchant.getByLabel('Refund amount')).toHaveValue('104.00');
    await merchant.getByRole('button', { name: 'Refund' }).click();
    const outcome = merchant.getByRole('status').filter({ hasText: /^Refund re_/ });
    await expect(outcome).toContainText('104.00 USD');
    const first = await outcome.textContent();
    // The same page, pressed again: the same idempotency key, so no second refund (whatever it
    // answers, the order ends with 104.00 refunded, not 208.00).
    await merchant.getByRole('button', { name: 'Refund' }).click();
    await expect(merchant.getByRole('button', { name: 'Refund' })).toBeEnabled();
    await expect(
      merchant
        .getByRole('main')
        .getByRole('alert')
        .or(merchant.getByRole('status').filter({ hasText: /^Refund re_/ })),
    ).toBeVisible();
    expect(first).toMatch(/: (succeeded|pending)\.$/);

    await expect(async () => {
      await merchant.reload();
      await expect(merchant.getByRole('main')).toContainText('refunded', { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await expect(merchant.getByRole('main')).toContainText('Refunded so far$104.00');
    await expect(merchant.getByLabel('Refund amount')).toHaveCount(0);

    await returning.goto(`${base}/orders`);
    await expect(returning.getByTestId('paid-order-count')).toHaveText('2');
    await expect(returning.getByTestId('loyalty-tier')).toContainText('Loyalty 5% off');
    await startCheckout(returning, ['Burr grinder'], { shoppingAs: 'Returning', path: `${base}/` });
    await expect(summary(returning)).toContainText('Loyalty 5% off');
    await expect(total(returning)).toHaveText('$104.00');
  } finally {
    await server.stop();
  }
});
