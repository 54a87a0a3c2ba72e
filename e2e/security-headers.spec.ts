import { expect, test } from '@playwright/test';
import { fillCard, fillEmail, fillShippingAddress, startCheckout } from './support';

// Issue 15 finding 7: no CSP, no frame protection, empty 405 bodies.
test('@local-stripe the checkout pays with the CSP on and no violation reported', async ({ page }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const storefront = await page.request.get('/');
  const headers = storefront.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['permissions-policy']).toContain('payment=(self');

  await startCheckout(page, ['Pour-over coffee kit']);
  await fillEmail(page, 'csp@example.com');
  await fillShippingAddress(page);
  await fillCard(page, '4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Thank you for your order' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual(
    [],
  );
});

test('@local-stripe the Pay page cannot be framed', async ({ page }) => {
  await page.goto('/');
  const shop = page.url();
  await page.setContent(`<iframe id="shop" src="${shop}"></iframe>`);
  // Chromium replaces a frame refused by frame-ancestors / X-Frame-Options with its error page.
  await expect
    .poll(() => page.frames().map((frame) => frame.url()), { timeout: 10_000 })
    .toContain('chrome-error://chromewebdata/');
});

test('@local-stripe unsupported methods answer 405 in the error contract', async ({ request }) => {
  for (const [method, path] of [
    ['GET', '/api/checkout/sessions'],
    ['PUT', '/api/webhooks/stripe'],
    ['GET', '/api/checkout/sessions/cs_test_x/add-ons'],
  ] as const) {
    const response = await request.fetch(path, { method });
    expect(response.status(), `${method} ${path}`).toBe(405);
    expect(response.headers().allow).toBeTruthy();
    expect(await response.json()).toMatchObject({
      error: { code: 'method_not_allowed', message: expect.any(String) },
    });
  }
});
