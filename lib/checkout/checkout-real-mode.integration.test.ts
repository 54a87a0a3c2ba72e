import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_RULES } from '@/lib/discounts';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import { seedDiscountRules } from './discount-rules';
import {
  BEANS,
  type CheckoutHarness,
  createCheckoutHarness,
  GRINDER,
  guest,
  KIT,
  ORIGIN,
  readStripeSession,
  rejectionOf,
  STRIPE_CALL_TIMEOUT_MS,
  usd,
} from './test-support';
import { applyPromotionCode, createCheckoutSession, setEmail, toggleAddOn } from './use-cases';

/** What Stripe's real behaviour punishes and the local Stripe now shows: idempotency, coupons, locks. */
describe.each(TEST_DRIVERS)('real-mode defects on %s', (driver) => {
  const db = useTestStore(driver);
  let h: CheckoutHarness;
  beforeAll(async () => {
    await seedDiscountRules(db.store, DEMO_RULES);
  });
  beforeEach(async () => {
    h = await createCheckoutHarness(db.store);
  });
  afterEach(async () => {
    await h.close();
  });

  it('a retry of a session creation across a minute boundary returns the first session', async () => {
    // 12:00:59.5, then 61 s later: the minute (and "now") differ between the two attempts.
    let now = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 59_500);
    const deps = { ...h.deps, now: () => now };
    const shopper = guest();
    const request = usd(KIT, BEANS);
    const options = { origin: ORIGIN, ttlMinutes: 31, idempotencyKey: `retry-${randomUUID()}` };
    // The first attempt reaches Stripe, which creates the session, but its answer never arrives.
    await h.fault({
      path: '^/v1/checkout/sessions$',
      count: 1,
      kind: 'timeout',
      delayMs: STRIPE_CALL_TIMEOUT_MS + 1_000,
    });
    const first = await rejectionOf(createCheckoutSession(deps, shopper, request, options));
    expect(first).toMatchObject({ code: 'stripe_timeout' });
    const created = await h.stripe.checkout.sessions.list({ limit: 100 });
    expect(created.data).toHaveLength(1);

    now = new Date(now.getTime() + 61_000);
    const retried = await createCheckoutSession(deps, shopper, request, options);
    expect(retried.sessionId).toBe(created.data[0]?.id);
    expect((await h.stripe.checkout.sessions.list({ limit: 100 })).data).toHaveLength(1);
    // expires_at came from the first attempt: now + 31 minutes, to the second.
    const session = await h.stripe.checkout.sessions.retrieve(retried.sessionId);
    expect(session.expires_at).toBe(Math.floor((now.getTime() - 61_000) / 1000) + 31 * 60);
  });

  it('expires_at is taken at send time with at least a minute over Stripe’s 30-minute minimum', async () => {
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 59_900);
    const view = await createCheckoutSession({ ...h.deps, now: () => now }, guest(), usd(KIT), {
      origin: ORIGIN,
      ttlMinutes: 31,
    });
    const session = await h.stripe.checkout.sessions.retrieve(view.sessionId);
    expect(session.expires_at - Math.floor(now.getTime() / 1000)).toBe(31 * 60);
  });

  it('10 toggles with an unchanged discount create one coupon', async () => {
    const shopper = guest();
    const { sessionId } = await createCheckoutSession(h.deps, shopper, usd(KIT, GRINDER), {
      origin: ORIGIN,
      ttlMinutes: 60,
    });
    await applyPromotionCode(h.deps, shopper, sessionId, 'SAVE20');
    const couponsBefore = (await h.stripe.coupons.list({ limit: 100 })).data.length;
    for (let toggle = 0; toggle < 10; toggle += 1) {
      const view = await toggleAddOn(h.deps, shopper, sessionId, 'extended_warranty', toggle % 2 === 0);
      expect(view.totalDiscount).toBe(3000);
    }
    expect((await h.stripe.coupons.list({ limit: 100 })).data.length).toBe(couponsBefore);
    expect((await readStripeSession(h.stripe, sessionId)).amountDiscount).toBe(3000);
  });

  it('a lock_timeout from Stripe is retried once; a second one is the answer', async () => {
    const shopper = guest();
    const { sessionId } = await createCheckoutSession(h.deps, shopper, usd(KIT), {
      origin: ORIGIN,
      ttlMinutes: 60,
    });
    const updates = `^/v1/checkout/sessions/${sessionId}$`;
    await h.fault({ path: updates, count: 1, kind: 'lock_timeout' });
    const view = await toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true);
    expect(view.addOns).toEqual(['gift_wrap']);
    expect((await readStripeSession(h.stripe, sessionId)).amountTotal).toBe(view.total);

    await h.fault({ path: updates, count: 2, kind: 'lock_timeout' });
    const refused = await rejectionOf(toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', false));
    expect(refused).toMatchObject({ code: 'stripe_error', status: 502 });
    expect((await readStripeSession(h.stripe, sessionId)).amountTotal).toBe(view.total);
  });

  it('the email that first-order offers read is the one the server was sent', async () => {
    const shopper = guest();
    const { sessionId } = await createCheckoutSession(h.deps, shopper, usd(KIT, GRINDER), {
      origin: ORIGIN,
      ttlMinutes: 60,
    });
    expect(await rejectionOf(applyPromotionCode(h.deps, shopper, sessionId, 'WELCOME10'))).toMatchObject({
      code: 'first_order_only',
    });
    await setEmail(h.deps, shopper, sessionId, `new-${randomUUID()}@example.com`);
    expect(await applyPromotionCode(h.deps, shopper, sessionId, 'WELCOME10')).toMatchObject({
      promotionCode: 'WELCOME10',
      total: 14120,
    });
  });
});
