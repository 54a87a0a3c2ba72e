import { expect, test } from '@playwright/test';

const cart = (page: import('@playwright/test').Page) => page.getByRole('region', { name: 'Cart' });

test.describe('storefront', () => {
  test('browse, add to cart, change quantity, switch currency, reload keeps the cart', async ({ page }) => {
    await page.goto('/');
    for (const name of ['Pour-over coffee kit', 'Single-origin beans 250 g', 'Ceramic mug', 'Burr grinder']) {
      await expect(page.getByRole('heading', { name })).toBeVisible();
    }
    await expect(cart(page)).toContainText('Your cart is empty.');
    await expect(cart(page).getByRole('button', { name: 'Checkout' })).toBeDisabled();

    await page.getByRole('button', { name: 'Add Pour-over coffee kit to cart' }).click();
    await page.getByRole('button', { name: 'Add Single-origin beans 250 g to cart' }).click();
    await expect(page.getByTestId('cart-subtotal')).toHaveText('$66.00');

    const beansQuantity = cart(page).getByLabel('Quantity of Single-origin beans 250 g');
    await beansQuantity.selectOption('3');
    await expect(page.getByTestId('cart-subtotal')).toHaveText('$102.00');
    await page.getByRole('button', { name: 'Add Single-origin beans 250 g to cart' }).click();
    await expect(beansQuantity).toHaveValue('4');
    await expect(page.getByTestId('cart-subtotal')).toHaveText('$120.00');
    await beansQuantity.selectOption('1');
    await expect(page.getByTestId('cart-subtotal')).toHaveText('$66.00');

    await page.getByLabel('Currency').selectOption('jpy');
    // Yen has no minor unit: 7,200 + 2,700, no decimals.
    await expect(page.getByTestId('cart-subtotal')).toHaveText(/^[￥¥]9,900$/);
    await expect(page.getByText(/[￥¥]18,000$/)).toBeVisible();

    await page.reload();
    await expect(page.getByLabel('Currency')).toHaveValue('jpy');
    await expect(cart(page).getByLabel('Quantity of Pour-over coffee kit')).toHaveValue('1');
    await expect(page.getByTestId('cart-subtotal')).toHaveText(/^[￥¥]9,900$/);
    await expect(cart(page).getByRole('button', { name: 'Checkout' })).toBeEnabled();

    await cart(page).getByRole('button', { name: 'Remove Pour-over coffee kit' }).click();
    await expect(page.getByTestId('cart-subtotal')).toHaveText(/^[￥¥]2,700$/);
  });

  test('a valid client_reference_id is kept in the cart; an invalid one is dropped with a notice', async ({
    page,
  }) => {
    await page.goto('/?client_reference_id=line_U123');
    await expect(page.getByRole('status')).toHaveCount(0);
    await expect(cart(page)).toContainText('Reference: line_U123');
    await page.goto('/');
    await expect(cart(page)).toContainText('Reference: line_U123');

    await page.goto('/?client_reference_id=bad%20value!');
    await expect(page.getByRole('status')).toContainText('The reference in your link was ignored');
    await expect(page.getByRole('status')).toContainText('letters, digits');
    // The earlier, valid reference is not replaced by the invalid one.
    await expect(cart(page)).toContainText('Reference: line_U123');
  });

  test('shopping as a demo customer is remembered across pages', async ({ page }) => {
    await page.goto('/');
    const shoppingAs = page.getByLabel('Shopping as');
    await expect(shoppingAs.locator('option')).toHaveText(['Guest', 'Gold', 'Returning', 'Vip']);
    await shoppingAs.selectOption({ label: 'Gold' });
    await expect(shoppingAs).toBeEnabled();
    await page.reload();
    await expect(page.getByLabel('Shopping as')).toHaveValue('gold');
    const cookies = await page.context().cookies();
    const customerCookie = cookies.find((cookie) => cookie.name === 'ec_customer');
    expect(customerCookie?.httpOnly).toBe(true);
  });

  test('screenshot of the storefront for the README', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/');
    await page.getByRole('button', { name: 'Add Burr grinder to cart' }).click();
    await page.getByRole('button', { name: 'Add Ceramic mug to cart' }).click();
    await expect(page.getByTestId('cart-subtotal')).toHaveText('$144.00');
    await page.screenshot({ path: 'e2e/screenshots/storefront.png', fullPage: true });
  });
});
