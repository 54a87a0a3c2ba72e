import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoCustomers } from '@/lib/customers';
import { DEMO_RULES } from '@/lib/discounts';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import { seedDiscountRules } from './discount-rules';
import {
  type CheckoutHarness,
  createCheckoutHarness,
  guest,
  KIT,
  ORIGIN,
  readStripeSession,
  signedIn,
  TTL_MINUTES,
  usd,
} from './test-support';
import { applyPromotionCode, createCheckoutSession, setEmail } from './use-cases';

const options = { origin: ORIGIN, ttlMinutes: TTL_MINUTES };

// Issue 15 finding 2: a scripted client used WELCOME10 on two sessions of one customer or one email.
describe.each(TEST_DRIVERS)('first-order codes held once per customer and email on %s', (driver) => {
  const db = useTestStore(driver);
  let h: CheckoutHarness;
  beforeAll(async () => {
    await seedDiscountRules(db.store, DEMO_RULES);
    await seedDemoCustomers(db.store);
  });
  beforeEach(async () => {
    h = await createCheckoutHarness(db.store);
    await db.store.query("DELETE FROM redemptions WHERE rule_id = 'code-welcome10'");
  });
  afterEach(async () => {
    await h.close();
  });

  it('two sessions of one signed-in customer: the second is refused WELCOME10', async () => {
    const first = await signedIn(db.store, 'vip');
    const second = { ...first, browserId: `${first.browserId}-other` };
    const a = (await createCheckoutSession(h.deps, first, usd(KIT), options)).sessionId;
    const b = (await createCheckoutSession(h.deps, second, usd(KIT), options)).sessionId;
    await applyPromotionCode(h.deps, first, a, 'WELCOME10');
    await expect(applyPromotionCode(h.deps, second, b, 'WELCOME10')).rejects.toMatchObject({
      code: 'first_order_only',
    });
    expect((await readStripeSession(h.stripe, b)).amountTotal).toBe(4800);
  });

  it('a guest who switches to an email that already holds WELCOME10 loses it', async () => {
    const one = guest();
    const two = guest();
    const a = (await createCheckoutSession(h.deps, one, usd(KIT), options)).sessionId;
    const b = (await createCheckoutSession(h.deps, two, usd(KIT), options)).sessionId;
    // First-order codes fail closed for guests: each gives an email before applying.
    await setEmail(h.deps, one, a, 'ada@example.com');
    await applyPromotionCode(h.deps, one, a, 'WELCOME10');
    await setEmail(h.deps, two, b, 'grace@example.com');
    await applyPromotionCode(h.deps, two, b, 'WELCOME10');
    expect((await readStripeSession(h.stripe, b)).amountTotal).toBe(4320);
    const view = await setEmail(h.deps, two, b, 'Ada@Example.com');
    expect(view.promotionCode).toBeNull();
    expect(view.notices).toEqual(['WELCOME10 is for first orders only, so it was removed.']);
    expect((await readStripeSession(h.stripe, b)).amountTotal).toBe(4800);
    expect((await readStripeSession(h.stripe, a)).amountTotal).toBe(4320);
  });
});
