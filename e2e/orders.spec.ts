import { expect, type Page, request as playwrightRequest, test } from '@playwright/test';
import { fillCard, fillEmail, fillShippingAddress, localStripe, startCheckout, total } from './support';

/**
 * Webhooks -> orders -> history, through the UI: the local Stripe delivers its signed events to the
 * app's /api/webhooks/stripe as Stripe would, and the return page shows the order number once the
 * webhook has written the order.
 *
 * The loyalty test pays twice as the demo customer "Returning" (seeded with 1 paid order), so it
 * expects a fresh data folder, as playwright.config.ts gives every local run: it stays @local-stripe.
 * The others run against a preview too (DEMO_SIGN_IN=1, ORDERS_API_TOKEN shared with the workflow);
 * they await webhooks only through what the shopper sees (the return page, /orders).
 */

const summary = (page: Page) => page.getByRole('region', { name: 'Order summary' });
const alert = (page: Page) => page.getByRole('main').getByRole('alert');
const orderCard = (page: Page, number: string) =>
  page.getByRole('article', { name: `Order ${number}`, exact: true });

/** An address nobody else's test uses, so first-order checks see only this test's orders. */
const uniqueEmail = (label: string) =>
  `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;

async function applyCode(page: Page, code: string): Promise<void> {
  await page.getByLabel('Promotion code').fill(code);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(summary(page)).toHaveAttribute('aria-busy', 'false');
}

async function payByCard(page: Page): Promise<void> {
  await fillCard(page, '4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Thank you for your order' })).toBeVisible();
}

/** The number the return page shows once the webhook has written the order (it refreshes until then). */
async function orderNumberOnReturnPage(page: Page): Promise<string> {
  const number = page.getByTestId('order-number');
  await expect(number).toHaveText(/^\d{4,}$/, { timeout: 30_000 });
  return (await number.textContent()) ?? '';
}

test.describe('orders from webhooks', () => {
  test('a guest pays: the order is under /orders in this browser only, and WELCOME10 is then refused', async ({
    page,
    browser,
  }) => {
    const email = uniqueEmail('guest');
    await startCheckout(page, ['Ceramic mug']);
    // Before the server has an email, a first-order code is refused, not granted.
    await applyCode(page, 'WELCOME10');
    await expect(alert(page)).toHaveText(
      'WELCOME10 is for first orders only: enter your email first, so we can check',
    );
    await expect(total(page)).toHaveText('$24.00');
    await fillEmail(page, email);
    await applyCode(page, 'WELCOME10');
    await expect(total(page)).toHaveText('$21.60');
    await fillShippingAddress(page);
    await expect(total(page)).toHaveText('$21.60');
    await payByCard(page);
    const number = await orderNumberOnReturnPage(page);

    await page.getByRole('link', { name: 'Your orders' }).click();
    await expect(page.getByRole('heading', { name: 'Your orders', level: 1 })).toBeVisible();
    const order = orderCard(page, number);
    await expect(order.getByTestId('order-status')).toHaveText('Paid');
    await expect(order.getByTestId('order-amount-total')).toHaveText('$21.60');
    await expect(order).toContainText('Ceramic mug');
    await expect(order).toContainText('WELCOME10');

    // Another browser is another guest; a signed-in customer is someone else too.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto('/orders');
    await expect(otherPage.getByRole('heading', { name: 'Your orders', level: 1 })).toBeVisible();
    await expect(orderCard(otherPage, number)).toHaveCount(0);
    await otherPage.goto('/');
    await otherPage.getByLabel('Shopping as').selectOption({ label: 'Vip' });
    await expect(otherPage.getByLabel('Shopping as')).toBeEnabled();
    await otherPage.goto('/orders');
    await expect(otherPage.getByRole('heading', { name: "Vip's purchase history" })).toBeVisible();
    await expect(orderCard(otherPage, number)).toHaveCount(0);
    await other.close();

    // The same shopper's second checkout: the email has an order now, so WELCOME10 no longer applies.
    await startCheckout(page, ['Ceramic mug']);
    await fillEmail(page, email);
    await expect(total(page)).toHaveText('$24.00');
    await applyCode(page, 'WELCOME10');
    await expect(alert(page)).toHaveText('WELCOME10 is for first orders only');
    await expect(total(page)).toHaveText('$24.00');
  });

  // Counts orders from a fresh database (Returning is seeded with exactly one).
  test('@local-stripe loyalty follows real history: Returning gets 10 % after two more paid orders; a typed email earns nothing', async ({
    page,
    browser,
  }) => {
    test.setTimeout(180_000);

    // A guest who types Returning's email is still a guest: no loyalty, and no history for Returning.
    await startCheckout(page, ['Burr grinder']);
    await fillEmail(page, 'returning@example.com');
    await fillShippingAddress(page);
    await expect(summary(page)).toContainText('Spend $100, save $10');
    await expect(summary(page)).not.toContainText('Loyalty');
    await expect(total(page)).toHaveText('$110.00');
    await payByCard(page);
    const guestOrder = await orderNumberOnReturnPage(page);
    await page.goto('/orders');
    await expect(orderCard(page, guestOrder).getByTestId('order-amount-total')).toHaveText('$110.00');
    await expect(orderCard(page, guestOrder)).not.toContainText('Loyalty');

    const context = await browser.newContext();
    const returning = await context.newPage();
    await returning.goto('/');
    await returning.getByLabel('Shopping as').selectOption({ label: 'Returning' });
    await expect(returning.getByLabel('Shopping as')).toBeEnabled();
    await returning.goto('/orders');
    await expect(returning.getByTestId('paid-order-count')).toHaveText('1');
    await expect(returning.getByTestId('loyalty-tier')).toContainText('Loyalty 5% off');

    const numbers: string[] = [];
    for (let round = 0; round < 2; round += 1) {
      // Grinder 120.00 - "Spend $100, save $10" 10.00 - loyalty 5 % 6.00 = 104.00.
      await startCheckout(returning, ['Burr grinder'], { shoppingAs: 'Returning' });
      await expect(summary(returning)).toContainText('Loyalty 5% off');
      await expect(total(returning)).toHaveText('$104.00');
      await fillShippingAddress(returning);
      await payByCard(returning);
      numbers.push(await orderNumberOnReturnPage(returning));
    }

    await returning.goto('/orders');
    await expect(returning.getByTestId('paid-order-count')).toHaveText('3');
    await expect(returning.getByTestId('loyalty-tier')).toContainText('Loyalty 10% off');
    for (const number of numbers) {
      await expect(orderCard(returning, number).getByTestId('order-amount-total')).toHaveText('$104.00');
    }
    // The guest's order with Returning's email is not Returning's.
    await expect(orderCard(returning, guestOrder)).toHaveCount(0);

    // Grinder 120.00 - 10.00 - loyalty 10 % 12.00 = 98.00; the tiers never stack.
    await startCheckout(returning, ['Burr grinder'], { shoppingAs: 'Returning' });
    await expect(summary(returning)).toContainText('Loyalty 10% off');
    await expect(summary(returning)).not.toContainText('Loyalty 5% off');
    await expect(total(returning)).toHaveText('$98.00');
    await context.close();
  });

  test('a ?client_reference_id=line_U123 purchase is returned by the orders API with the token only', async ({
    page,
    baseURL,
  }) => {
    const token = process.env.ORDERS_API_TOKEN ?? '';
    expect(token, 'playwright.config.ts must start the server with ORDERS_API_TOKEN').not.toBe('');
    const email = uniqueEmail('line');
    await startCheckout(page, ['Ceramic mug'], { path: '/?client_reference_id=line_U123' });
    await fillEmail(page, email);
    await fillShippingAddress(page);
    await payByCard(page);
    const number = await orderNumberOnReturnPage(page);

    const api = await playwrightRequest.newContext({ baseURL });
    const url = '/api/orders?client_reference_id=line_U123';
    const refusedHeaders: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${token}-wrong` },
      { authorization: token },
    ];
    for (const headers of refusedHeaders) {
      const refused = await api.get(url, { headers });
      expect(refused.status()).toBe(401);
      expect((await refused.json()).error.code).toBe('unauthorized');
    }

    const answer = await api.get(url, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status()).toBe(200);
    const body = (await answer.json()) as { data: { number: string; client_reference_id: string }[] };
    expect(body.data.every((order) => order.client_reference_id === 'line_U123')).toBe(true);
    expect(body.data.find((order) => order.number === number)).toMatchObject({
      object: 'order',
      number,
      status: 'paid',
      client_reference_id: 'line_U123',
      email,
      currency: 'usd',
      amount_subtotal: 2400,
      amount_discount: 0,
      amount_total: 2400,
      lines: [{ description: 'Ceramic mug', quantity: 1, amount_total: 2400 }],
    });
    await api.dispose();
  });

  // Settling the delayed payment needs the local Stripe's test control.
  test('@local-stripe a delayed payment method (konbini): the order is pending after checkout and paid after the async event', async ({
    page,
  }) => {
    const sessionId = await startCheckout(page, ['Pour-over coffee kit'], { currency: 'jpy' });
    await expect(total(page)).toHaveText(/^[￥¥]7,200$/);
    await fillEmail(page, uniqueEmail('konbini'));
    await fillShippingAddress(page, 'JP');
    await page.getByRole('radio', { name: 'Konbini (pay later)' }).check();
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Your order is waiting for payment' })).toBeVisible();
    const number = await orderNumberOnReturnPage(page);

    await page.goto('/orders');
    const order = orderCard(page, number);
    await expect(order.getByTestId('order-status')).toHaveText('Awaiting payment');
    await expect(order.getByTestId('order-amount-total')).toHaveText(/^[￥¥]7,200$/);

    // The shopper pays at the store: Stripe sends checkout.session.async_payment_succeeded.
    await localStripe(page, 'POST', `/v1/test_helpers/checkout/sessions/${sessionId}/async_payment`, {
      outcome: 'succeeded',
    });
    await expect(async () => {
      await page.reload();
      await expect(order.getByTestId('order-status')).toHaveText('Paid', { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await expect(order.getByTestId('order-amount-total')).toHaveText(/^[￥¥]7,200$/);
  });
});
