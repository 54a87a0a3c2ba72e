import { expect, type Page } from '@playwright/test';

/** Fills the cart on the storefront and goes to the embedded checkout; returns the session id. */
export async function startCheckout(
  page: Page,
  products: string[],
  options: { currency?: 'usd' | 'jpy'; shoppingAs?: string; path?: string } = {},
): Promise<string> {
  await page.goto(options.path ?? '/');
  if (options.shoppingAs !== undefined) {
    await page.getByLabel('Shopping as').selectOption({ label: options.shoppingAs });
    await expect(page.getByLabel('Shopping as')).toBeEnabled();
  }
  if (options.currency !== undefined) await page.getByLabel('Currency').selectOption(options.currency);
  for (const name of products) await page.getByRole('button', { name: `Add ${name} to cart` }).click();
  await page.getByRole('region', { name: 'Cart' }).getByRole('button', { name: 'Checkout' }).click();
  await page.waitForURL(/\/checkout\/cs_/);
  await expect(page.getByRole('heading', { name: 'Checkout' })).toBeVisible();
  await expect(page.getByTestId('order-total')).toBeVisible();
  return page.url().split('/checkout/')[1]?.split(/[?#]/)[0] ?? '';
}

export const total = (page: Page) => page.getByTestId('order-total');
export const addOn = (page: Page, name: string) =>
  page.getByRole('group', { name: 'Add-ons' }).getByRole('checkbox', { name: new RegExp(`^${name}`) });

/** Clicks an add-on checkbox and waits until the change has gone through. */
export async function setAddOn(page: Page, name: string, selected: boolean): Promise<void> {
  const box = addOn(page, name);
  await (selected ? box.check() : box.uncheck());
  await expect(page.getByRole('region', { name: 'Order summary' })).toHaveAttribute('aria-busy', 'false');
  await expect(box).toBeEnabled();
}

/** The shopper's address; the page applies it by itself once it is complete (no button to press). */
export async function typeShippingAddress(page: Page, country = 'US'): Promise<void> {
  const group = page.getByRole('group', { name: 'Shipping address' });
  await group.getByLabel('Full name').fill('Ada Lovelace');
  await group.getByLabel('Address line 1').fill('1 Market Street');
  await group.getByLabel('City').fill(country === 'JP' ? 'Tokyo' : 'San Francisco');
  await group.getByLabel('Postal code').fill(country === 'JP' ? '100-0001' : '94105');
  await group.getByLabel('Country').selectOption(country);
}

/** Types the address as a shopper would, then waits until the page says the server has it. */
export async function fillShippingAddress(page: Page, country = 'US'): Promise<void> {
  await typeShippingAddress(page, country);
  await expect(page.getByTestId('shipping-address-state')).toHaveText('Shipping address saved.');
  await expect(page.getByRole('region', { name: 'Order summary' })).toHaveAttribute('aria-busy', 'false');
}

/** Types the email; the page applies it when the field is left (or typing pauses). */
export async function fillEmail(page: Page, email: string): Promise<void> {
  const field = page.getByLabel('Email', { exact: true });
  await field.fill(email);
  await field.blur();
  // The page sends it at once on blur; wait for that change to finish.
  await expect(page.getByRole('button', { name: 'Pay', exact: true })).toBeEnabled();
  await expect(page.getByRole('region', { name: 'Order summary' })).toHaveAttribute('aria-busy', 'false');
}

/**
 * Fills the payment form: the local Stripe's plain fields, or Stripe's Payment Element iframe
 * against real Stripe (PLAYWRIGHT_BASE_URL) - the one place that knows the difference.
 */
export async function fillCard(page: Page, number: string): Promise<void> {
  const local = page.getByLabel('Card number');
  const stripeFrame = page.frameLocator('iframe[title*="Secure payment input frame"]').first();
  await expect(local.or(page.locator('iframe[title*="Secure payment input frame"]')).first()).toBeVisible();
  const form = (await local.count()) > 0 ? page : stripeFrame;
  await form.getByLabel('Card number').fill(number);
  await form.getByLabel('Expiration date').fill('12 / 34');
  await form.getByLabel('Security code').fill('123');
}

/** Every console error and uncaught exception of a page, for specs that require none. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Requests the local Stripe has answered so far (test controls excluded), optionally filtered. */
export async function stripeRequestCount(page: Page, filter: Record<string, string> = {}): Promise<number> {
  const query = new URLSearchParams(filter).toString();
  const body = await localStripe(page, 'GET', `/v1/test_helpers/requests${query === '' ? '' : `?${query}`}`);
  return body.count as number;
}

/** The local Stripe's secret key for this run (playwright.config.ts sets it for the server too). */
export function localStripeKey(): string {
  const key = process.env.LOCAL_STRIPE_SECRET_KEY;
  if (key === undefined) throw new Error('LOCAL_STRIPE_SECRET_KEY is not set (playwright.config.ts sets it)');
  return key;
}

/** Calls a local Stripe test control (server key) through the app's /api/local-stripe face. */
export async function localStripe(
  page: Page,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  form: Record<string, string> = {},
) {
  const response = await page.request.fetch(`/api/local-stripe${path}`, {
    method,
    headers: {
      authorization: `Bearer ${localStripeKey()}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    ...(method === 'GET' ? {} : { data: new URLSearchParams(form).toString() }),
  });
  expect(response.ok(), await response.text()).toBe(true);
  return response.json();
}
