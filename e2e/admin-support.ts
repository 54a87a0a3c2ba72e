import { expect, type Page } from '@playwright/test';

/** The back office's password for this run (playwright.config.ts sets it for the server too). */
export function adminPassword(): string {
  const password = process.env.ADMIN_PASSWORD;
  if (password === undefined || password === '')
    throw new Error('ADMIN_PASSWORD is not set (playwright.config.ts sets it)');
  return password;
}

/** Signs in on /admin as the merchant would: the password, then "Sign in". */
export async function signInAdmin(page: Page, base = ''): Promise<void> {
  await page.goto(`${base}/admin`);
  await page.getByLabel('Password').fill(adminPassword());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Discount rules' })).toBeVisible();
}

/** The rules table's row for a code. */
export const ruleRow = (page: Page, code: string) =>
  page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: code }) });

/** Waits (reloading, as a merchant would) until the rule's row shows `text`. */
export async function expectRuleRow(page: Page, code: string, text: string, timeout = 30_000): Promise<void> {
  await expect(async () => {
    await page.goto('/admin');
    await expect(ruleRow(page, code)).toContainText(text, { timeout: 1_000 });
  }).toPass({ timeout });
}
