import { randomBytes } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { adminPassword, expectRuleRow, ruleRow, signInAdmin } from './admin-support';
import { startServerMjs } from './spawn-server';
import { fillCard, fillEmail, fillShippingAddress, startCheckout, total } from './support';

/**
 * The merchant's back office (/admin): rules created there apply to the next recompute of a
 * shopper's checkout, usage follows reservations and payments, pausing takes a code away, and
 * nothing of /admin opens to a wrong password, a shopper's cookie, a forged cookie or another site.
 * Tagged @local-stripe: they create codes and count usage on a fresh database.
 */

const summary = (page: Page) => page.getByRole('region', { name: 'Order summary' });
const alert = (page: Page) => page.getByRole('main').getByRole('alert');

async function applyCode(page: Page, code: string): Promise<void> {
  await page.getByLabel('Promotion code').fill(code);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(summary(page)).toHaveAttribute('aria-busy', 'false');
}

const uniqueEmail = (label: string) => `${label}-${Date.now()}-${randomBytes(3).toString('hex')}@example.com`;

test('@local-stripe TEST15: created in the back office, 1 reserved when applied, 1 redeemed when paid, refused once paused', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const merchant = await (await browser.newContext()).newPage();
  await signInAdmin(merchant);
  await merchant.getByRole('link', { name: 'New rule' }).click();
  await merchant.getByLabel('Code').fill('TEST15');
  await merchant.getByLabel('Percent off').fill('15');
  await merchant.getByLabel('Minimum subtotal (USD)').fill('50.00');
  await merchant.getByLabel('Redemption limit').fill('2');
  await merchant.getByRole('button', { name: 'Save' }).click();
  await expect(merchant.getByRole('heading', { name: 'Discount rules' })).toBeVisible();
  await expect(ruleRow(merchant, 'TEST15')).toContainText('15 % off');
  await expect(ruleRow(merchant, 'TEST15')).toContainText('Minimum subtotal $50.00');
  await expect(ruleRow(merchant, 'TEST15')).toContainText('0 reserved');

  // Kit 48.00 + mug 24.00 = 72.00, above the minimum: 15 % is 10.80.
  await startCheckout(page, ['Pour-over coffee kit', 'Ceramic mug']);
  await fillEmail(page, uniqueEmail('test15'));
  await applyCode(page, 'test15');
  await expect(summary(page)).toContainText('TEST15');
  await expect(total(page)).toHaveText('$61.20');
  await expectRuleRow(merchant, 'TEST15', '1 reserved');
  await expect(ruleRow(merchant, 'TEST15')).toContainText('0 redeemed');

  await fillShippingAddress(page);
  await fillCard(page, '4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Thank you for your order' })).toBeVisible();
  await expectRuleRow(merchant, 'TEST15', '1 redeemed');
  await expect(ruleRow(merchant, 'TEST15')).toContainText('0 reserved');

  await ruleRow(merchant, 'TEST15').getByRole('link', { name: 'TEST15' }).click();
  await merchant.getByRole('button', { name: 'Pause' }).click();
  await expect(merchant.getByRole('status').filter({ hasText: 'The rule is paused.' })).toBeVisible();
  await expect(merchant.getByRole('button', { name: 'Resume' })).toBeVisible();

  // The next application is refused, with the reason the shopper reads.
  const shopper = await (await browser.newContext()).newPage();
  await startCheckout(shopper, ['Pour-over coffee kit', 'Ceramic mug']);
  await applyCode(shopper, 'TEST15');
  await expect(alert(shopper)).toHaveText('TEST15 is not available at the moment');
  await expect(total(shopper)).toHaveText('$72.00');

  // The audit log lists the creation and the pause.
  await merchant.getByRole('link', { name: 'Audit log' }).click();
  await expect(merchant.getByRole('row').filter({ hasText: 'rule.create' })).toContainText('TEST15');
  await expect(merchant.getByRole('row').filter({ hasText: 'rule.pause' })).toContainText('"paused"');
});

test('@local-stripe a rule form refusal is shown next to its field, and nothing is saved', async ({
  page,
}) => {
  await signInAdmin(page);
  await page.getByRole('link', { name: 'New rule' }).click();
  await page.getByLabel('Code').fill('HALFOFF');
  await page.getByLabel('Percent off').fill('150');
  await page.getByLabel('Starts').fill('2030-01-02T00:00');
  await page.getByLabel('Ends').fill('2030-01-01T00:00');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(alert(page)).toHaveText('The rule was not saved: see the fields marked below.');
  await expect(page.getByLabel('Percent off')).toHaveAccessibleDescription(
    /Enter a percentage from 0 to 100/,
  );
  await expect(page.getByLabel('Ends')).toHaveAccessibleDescription(/Ends must be after Starts/);
  await page.goto('/admin');
  await expect(ruleRow(page, 'HALFOFF')).toHaveCount(0);
});

test('@local-stripe shopper cookies and forged or copied admin cookies open nothing; another site cannot change a rule', async ({
  page,
  browser,
  baseURL,
}) => {
  // A shopper signed in as a demo customer is still signed out of the back office.
  await page.goto('/');
  await page.getByLabel('Shopping as').selectOption({ label: 'Gold' });
  await expect(page.getByLabel('Shopping as')).toBeEnabled();
  await page.goto('/admin');
  await expect(page.getByLabel('Password')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Discount rules' })).toHaveCount(0);

  // The shopper's own signed cookies, copied into the admin cookie, and a made-up one: nothing.
  const url = baseURL ?? '';
  const shopperCookies = await page.context().cookies();
  const browserCookie = shopperCookies.find((cookie) => cookie.name === 'ec_browser');
  expect(browserCookie).toBeDefined();
  for (const value of [browserCookie?.value ?? '', `${randomBytes(32).toString('base64url')}.forged`]) {
    await page.context().addCookies([{ name: 'ec_admin', value, url: `${url}/admin` }]);
    await page.goto('/admin');
    await expect(page.getByLabel('Password')).toBeVisible();
    const rulesPage = await page.request.get('/admin/rules/new', { maxRedirects: 0 });
    expect(rulesPage.status()).toBe(307);
  }

  // A change replayed with another site's Origin changes nothing; the same replay from this site
  // does (so the Origin is all that differs). The request is the merchant's own "Pause" press.
  const merchant = await (await browser.newContext()).newPage();
  await signInAdmin(merchant);
  await ruleRow(merchant, 'SAVE20').getByRole('link', { name: 'SAVE20' }).click();
  const pressed = merchant.waitForRequest(
    (sent) => sent.method() === 'POST' && sent.url().includes('/admin/rules/'),
  );
  await merchant.getByRole('button', { name: 'Pause' }).click();
  const pause = await pressed;
  await expect(merchant.getByRole('button', { name: 'Resume' })).toBeVisible();
  await merchant.getByRole('button', { name: 'Resume' }).click();
  await expect(merchant.getByRole('button', { name: 'Pause' })).toBeVisible();
  const replay = (origin: string, fetchSite: string) =>
    merchant.request.post(pause.url(), {
      headers: {
        'next-action': pause.headers()['next-action'] ?? '',
        'content-type': pause.headers()['content-type'] ?? '',
        accept: 'text/x-component',
        origin,
        'sec-fetch-site': fetchSite,
      },
      data: pause.postDataBuffer() ?? Buffer.alloc(0),
    });
  await replay('https://attacker.example', 'cross-site');
  await merchant.goto('/admin');
  await expect(ruleRow(merchant, 'SAVE20')).toContainText('Active');
  await replay(new URL(pause.url()).origin, 'same-origin');
  await merchant.goto('/admin');
  await expect(ruleRow(merchant, 'SAVE20')).toContainText('Paused');
  await ruleRow(merchant, 'SAVE20').getByRole('link', { name: 'SAVE20' }).click();
  await merchant.getByRole('button', { name: 'Resume' }).click();
  await expect(merchant.getByRole('button', { name: 'Pause' })).toBeVisible();

  // The admin cookie changes nothing of a checkout: the merchant shops as a guest like anyone.
  await startCheckout(merchant, ['Ceramic mug']);
  await expect(total(merchant)).toHaveText('$24.00');
});

test('@local-stripe wrong passwords are rate limited per client address; a server without ADMIN_PASSWORD has no /admin', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const limited = await startServerMjs({ RATE_LIMIT_ADMIN_SIGN_IN_FAILURES_PER_15_MINUTES: '3' });
  const closed = await startServerMjs({ ADMIN_PASSWORD: '' });
  try {
    const page = await (await browser.newContext()).newPage();
    const base = `http://127.0.0.1:${limited.port}`;
    await page.goto(`${base}/admin`);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await page.getByLabel('Password').fill(`wrong-password-${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(alert(page)).toHaveText('That password is not right.');
      await page.reload();
    }
    // The limit is spent: even the right password is refused until the window ends.
    await page.getByLabel('Password').fill(adminPassword());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(alert(page)).toHaveText(/^Too many sign-in attempts\. Try again in 1[45] minutes\.$/);
    await expect(page.getByRole('heading', { name: 'Discount rules' })).toHaveCount(0);

    const closedBase = `http://127.0.0.1:${closed.port}`;
    for (const path of ['/admin', '/admin/orders', '/admin/rules/new', '/admin/audit']) {
      const answer = await page.request.get(`${closedBase}${path}`, { maxRedirects: 0 });
      expect(answer.status(), path).toBe(404);
    }
    // The storefront of that server is unchanged.
    expect((await page.request.get(`${closedBase}/`)).status()).toBe(200);
  } finally {
    await Promise.all([limited.stop(), closed.stop()]);
  }
});
