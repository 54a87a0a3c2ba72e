import { expect, request as playwrightRequest, test } from '@playwright/test';
import { localStripe, startCheckout, total } from './support';

test.describe('checkout routes guard the session', () => {
  // Expiring the session needs the local Stripe's clock.
  test('@local-stripe other shoppers get 403; unknown add-on 404; extra fields 400; expired session 409', async ({
    page,
    browser,
    baseURL,
  }) => {
    const sessionId = await startCheckout(page, ['Ceramic mug']);
    const addOnsUrl = `/api/checkout/sessions/${sessionId}/add-ons`;

    // A second shopper, with a cart and checkout of their own, cannot touch the first one's session.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await startCheckout(otherPage, ['Burr grinder']);
    const fromOther = await otherPage.request.post(addOnsUrl, {
      data: { addOn: 'gift_wrap', selected: true },
    });
    expect(fromOther.status()).toBe(403);
    expect((await fromOther.json()).error.code).toBe('forbidden');
    await other.close();

    const anonymous = await playwrightRequest.newContext({ baseURL });
    const noCookie = await anonymous.post(addOnsUrl, { data: { addOn: 'gift_wrap', selected: true } });
    expect(noCookie.status()).toBe(403);
    await anonymous.dispose();

    const unknown = await page.request.post(addOnsUrl, { data: { addOn: 'free_money', selected: true } });
    expect(unknown.status()).toBe(404);
    expect((await unknown.json()).error).toEqual({
      code: 'add_on_not_found',
      message: 'There is no add-on called "free_money".',
    });

    const extra = await page.request.post(addOnsUrl, {
      data: { addOn: 'gift_wrap', selected: true, price: 0 },
    });
    expect(extra.status()).toBe(400);
    expect((await extra.json()).error.message).toContain('price');

    const malformed = await page.request.post(addOnsUrl, {
      headers: { 'content-type': 'application/json' },
      data: '{"addOn":',
    });
    expect(malformed.status()).toBe(400);

    // Nothing above changed the order.
    await page.reload();
    await expect(total(page)).toHaveText('$24.00');

    await localStripe(page, 'POST', `/v1/test_helpers/checkout/sessions/${sessionId}/advance_clock`, {
      seconds: String(2 * 60 * 60),
    });
    const expired = await page.request.post(addOnsUrl, { data: { addOn: 'gift_wrap', selected: true } });
    expect(expired.status()).toBe(409);
    expect((await expired.json()).error.code).toBe('session_not_open');

    // The page says so and offers a fresh checkout from the same cart.
    await page.reload();
    await expect(page.getByText('This checkout has expired.')).toBeVisible();
    await page.getByRole('button', { name: 'Start a new checkout' }).click();
    await page.waitForURL(
      (url) => url.pathname.startsWith('/checkout/cs_') && !url.pathname.endsWith(sessionId),
    );
    await expect(total(page)).toHaveText('$24.00');
  });

  test('an unknown session is a 404 page and a 404 answer', async ({ page }) => {
    const response = await page.goto('/checkout/cs_test_doesnotexist');
    expect(response?.status()).toBe(404);
    await startCheckout(page, ['Ceramic mug']);
    const answer = await page.request.post('/api/checkout/sessions/cs_test_doesnotexist/add-ons', {
      data: { addOn: 'gift_wrap', selected: true },
    });
    expect(answer.status()).toBe(404);
  });

  // What `npm start` sends (a platform's edge compresses on its own terms).
  test('@local-stripe a change answers a few hundred bytes as they are; pages are gzipped', async ({
    page,
  }) => {
    const sessionId = await startCheckout(page, ['Ceramic mug']);
    const change = await page.request.post(`/api/checkout/sessions/${sessionId}/add-ons`, {
      data: { addOn: 'gift_wrap', selected: true },
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(change.status()).toBe(200);
    expect((await change.body()).length).toBeLessThan(1024);
    expect(change.headers()['content-encoding']).toBeUndefined();
    const storefront = await page.request.get('/', { headers: { 'accept-encoding': 'gzip' } });
    expect(storefront.headers()['content-encoding']).toBe('gzip');
  });

  test('another browser opening the checkout page gets 403', async ({ page, browser }) => {
    const sessionId = await startCheckout(page, ['Ceramic mug']);
    const other = await browser.newContext();
    const response = await (await other.newPage()).goto(`/checkout/${sessionId}`);
    expect(response?.status()).toBe(403);
    await other.close();
  });
});
