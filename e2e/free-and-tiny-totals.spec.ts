import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import type { Rule } from '@/lib/discounts';
import { type SpawnedServer, startServerMjs } from './spawn-server';
import {
  fillEmail,
  fillShippingAddress,
  localStripe,
  startCheckout,
  stripeRequestCount,
  total,
} from './support';

/**
 * A 100 % code makes a free order: no card fields, Pay completes it, the return page thanks the
 * shopper and /orders lists it at 0. A code that would leave a total between zero and Stripe's
 * minimum charge ($0.50) is refused by our server, which says the minimum and changes nothing.
 *
 * The rules these need are not the demo's: the spec starts its own server on a data folder seeded
 * with them beforehand (e2e/seed-rules.ts, through the store as start-up seeds), so it stays
 * @local-stripe (a preview's database has only what the merchant put there).
 */
const RULES: Rule[] = [
  {
    id: 'code-free100',
    kind: 'promotion_code',
    name: 'FREE100',
    code: 'FREE100',
    value: { type: 'percent', percent: 100 },
    exclusive: true,
  },
  {
    // Ceramic mug 24.00 -> 0.20.
    id: 'code-nearly-free',
    kind: 'promotion_code',
    name: 'NEARLYFREE',
    code: 'NEARLYFREE',
    value: { type: 'amount_off', amountOff: { usd: 2380, jpy: 3560 } },
    exclusive: true,
  },
];

const summary = (page: Page) => page.getByRole('region', { name: 'Order summary' });
const alert = (page: Page) => page.getByRole('main').getByRole('alert');

async function applyCode(page: Page, code: string): Promise<void> {
  await page.getByLabel('Promotion code').fill(code);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(summary(page)).toHaveAttribute('aria-busy', 'false');
}

let server: SpawnedServer;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'embedded-checkout-free-'));
  execFileSync(
    process.execPath,
    [
      path.join('node_modules', 'tsx', 'dist', 'cli.mjs'),
      '--conditions=react-server',
      'e2e/seed-rules.ts',
      dataDir,
      JSON.stringify(RULES),
    ],
    { stdio: 'inherit', timeout: 120_000 },
  );
  server = await startServerMjs({ DATA_DIR: dataDir });
});

test.afterAll(async () => {
  await server?.stop();
});

async function shopperPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${server.port}` });
  return context.newPage();
}

test('@local-stripe a 100 %-off order needs no card, thanks the shopper and is under /orders at 0', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const page = await shopperPage(browser);
  await startCheckout(page, ['Ceramic mug']);
  await fillEmail(page, `free-${Date.now()}@example.com`);
  await applyCode(page, 'FREE100');
  await expect(total(page)).toHaveText('$0.00');
  await expect(page.getByTestId('pay-total')).toHaveText('$0.00');
  // As Stripe Checkout for a no-cost order: no payment method is collected.
  await expect(page.getByText('No payment is needed for this order.')).toBeVisible();
  await expect(page.getByLabel('Card number')).toHaveCount(0);
  await fillShippingAddress(page);
  await page.getByRole('button', { name: 'Pay', exact: true }).click();

  await expect(page.getByRole('heading', { name: 'Thank you for your order' })).toBeVisible();
  const number = page.getByTestId('order-number');
  await expect(number).toHaveText(/^\d{4,}$/, { timeout: 30_000 });
  const orderNumber = (await number.textContent()) ?? '';
  await page.getByRole('link', { name: 'Your orders' }).click();
  const order = page.getByRole('article', { name: `Order ${orderNumber}`, exact: true });
  await expect(order.getByTestId('order-status')).toHaveText('Paid');
  await expect(order.getByTestId('order-amount-total')).toHaveText('$0.00');
  await expect(order).toContainText('FREE100');
  await page.context().close();
});

test('@local-stripe a code that would leave $0.20 is refused with the minimum charge, and nothing changes', async ({
  browser,
}) => {
  const page = await shopperPage(browser);
  const sessionId = await startCheckout(page, ['Ceramic mug']);
  await expect(total(page)).toHaveText('$24.00');
  const thisSession = { path: `/v1/checkout/sessions/${sessionId}` };
  const requestsBefore = await stripeRequestCount(page, thisSession);

  await applyCode(page, 'NEARLYFREE');
  await expect(alert(page)).toHaveText(
    'This would make your total $0.20, but the smallest amount we can charge is $0.50, so nothing was changed.',
  );
  await expect(total(page)).toHaveText('$24.00');
  await expect(page.getByRole('button', { name: 'Remove promotion code' })).toHaveCount(0);
  // Refused before any Stripe call: the session is as it was.
  expect(await stripeRequestCount(page, thisSession)).toBe(requestsBefore);
  const session = await localStripe(page, 'GET', `/v1/checkout/sessions/${sessionId}`);
  expect(session).toMatchObject({ amount_total: 2400, discounts: [] });

  // The checkout stays usable.
  await expect(page.getByRole('button', { name: 'Pay', exact: true })).toBeEnabled();
  await page.context().close();
});
