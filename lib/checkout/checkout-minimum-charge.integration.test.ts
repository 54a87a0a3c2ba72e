import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_RULES, type Rule } from '@/lib/discounts';
import { AppError } from '@/lib/errors';
import { localizeAppError } from '@/lib/i18n/server-sentences';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import { seedDiscountRules } from './discount-rules';
import {
  BEANS,
  type CheckoutHarness,
  createCheckoutHarness,
  guest,
  MUG,
  ORIGIN,
  readCartRow,
  readStripeSession,
  rejectionOf,
  TTL_MINUTES,
  usd,
} from './test-support';
import { applyPromotionCode, createCheckoutSession, removePromotionCode, toggleAddOn } from './use-cases';

/**
 * Stripe cannot charge a total above zero and below its minimum (USD 0.50, JPY 50): such a change
 * is refused by our server before any Stripe call (422, the minimum in the cart's currency), and
 * nothing changes. A total of exactly zero is a free order and goes through.
 */
const options = { origin: ORIGIN, ttlMinutes: TTL_MINUTES };

/** Mug 24.00 / ¥3,600: leaves $0.20 / ¥40. */
const NEARLY_FREE: Rule = {
  id: 'code-nearly-free',
  kind: 'promotion_code',
  name: 'NEARLYFREE',
  code: 'NEARLYFREE',
  value: { type: 'amount_off', amountOff: { usd: 2380, jpy: 3560 } },
  exclusive: true,
};
const FREE100: Rule = {
  id: 'code-free100',
  kind: 'promotion_code',
  name: 'FREE100',
  code: 'FREE100',
  value: { type: 'percent', percent: 100 },
  exclusive: true,
};

describe.each(TEST_DRIVERS)('the minimum charge on %s', (driver) => {
  const db = useTestStore(driver);
  let h: CheckoutHarness;
  beforeAll(async () => {
    await seedDiscountRules(db.store, [...DEMO_RULES, NEARLY_FREE, FREE100]);
  });
  beforeEach(async () => {
    h = await createCheckoutHarness(db.store);
  });
  afterEach(async () => {
    await h.close();
  });

  it('refuses a code that would leave $0.20, before any Stripe call, and changes nothing', async () => {
    const shopper = guest();
    const { sessionId } = await createCheckoutSession(h.deps, shopper, usd(MUG), options);
    await toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true);
    const cartBefore = await readCartRow(db.store, sessionId);
    const stripeBefore = await readStripeSession(h.stripe, sessionId);
    const updatesBefore = h.updateCalls();

    // Mug + gift wrap = 29.00: the code leaves 5.20, fine. Without the gift wrap, 0.20 is refused.
    const applied = await applyPromotionCode(h.deps, shopper, sessionId, 'nearlyfree');
    expect(applied).toMatchObject({ promotionCode: 'NEARLYFREE', total: 520 });
    const withCode = await readCartRow(db.store, sessionId);
    const stripeWithCode = await readStripeSession(h.stripe, sessionId);
    const updatesWithCode = h.updateCalls();
    expect(updatesWithCode).toBe(updatesBefore + 1);

    const error = await rejectionOf(toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', false));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'below_minimum_charge',
      status: 422,
      message:
        'This would make your total $0.20, but the smallest amount we can charge is $0.50, so nothing was changed.',
    });
    expect(localizeAppError(error as AppError, 'ja').message).toBe(
      'この変更でお支払い合計が$0.20になりますが、お支払いは$0.50以上が必要なため、変更しませんでした。',
    );
    expect(h.updateCalls()).toBe(updatesWithCode);
    expect(await readCartRow(db.store, sessionId)).toEqual(withCode);
    expect(await readStripeSession(h.stripe, sessionId)).toEqual(stripeWithCode);
    expect(stripeWithCode.amountTotal).toBe(520);
    // The lease was given back: the next change goes through.
    const removed = await removePromotionCode(h.deps, shopper, sessionId);
    expect(removed.total).toBe(2900);
    expect(stripeBefore.amountTotal).toBe(2900);
    expect(cartBefore.version).toBeLessThan(removed.version);
  });

  it('refuses applying the code to a mug alone in JPY (¥40), with the minimum in yen', async () => {
    const shopper = guest();
    const { sessionId } = await createCheckoutSession(
      h.deps,
      shopper,
      { currency: 'jpy', items: [MUG] },
      options,
    );
    const before = await readStripeSession(h.stripe, sessionId);
    const updates = h.updateCalls();
    const error = await rejectionOf(applyPromotionCode(h.deps, shopper, sessionId, 'NEARLYFREE'));
    expect(error).toMatchObject({ code: 'below_minimum_charge', status: 422 });
    expect((error as AppError).message).toContain('￥50');
    expect(localizeAppError(error as AppError, 'ja').message).toBe(
      'この変更でお支払い合計が￥40になりますが、お支払いは￥50以上が必要なため、変更しませんでした。',
    );
    expect(h.updateCalls()).toBe(updates);
    expect(await readStripeSession(h.stripe, sessionId)).toEqual(before);
    expect((await readCartRow(db.store, sessionId)).version).toBe(1);
  });

  it('lets a 100 % code take the total to zero: a free order is not below the minimum', async () => {
    const shopper = guest();
    const { sessionId } = await createCheckoutSession(h.deps, shopper, usd(MUG), options);
    const free = await applyPromotionCode(h.deps, shopper, sessionId, 'FREE100');
    expect(free).toMatchObject({ subtotal: 2400, totalDiscount: 2400, total: 0 });
    expect((await readStripeSession(h.stripe, sessionId)).amountTotal).toBe(0);
  });

  it('refuses a session whose total at creation would be under the minimum, creating nothing', async () => {
    const beansAlmostFree: Rule = {
      id: 'window-beans',
      kind: 'time_window',
      name: 'Beans week',
      value: { type: 'amount_off', amountOff: { usd: 1780, jpy: 2660 } },
      startsAt: h.now.getTime() - 60_000,
      endsAt: h.now.getTime() + 60 * 60_000,
      appliesTo: { productIds: ['single-origin-beans'] },
    };
    await seedDiscountRules(db.store, [beansAlmostFree]);
    try {
      const sessionsBefore = (await h.stripe.checkout.sessions.list({ limit: 100 })).data.length;
      const error = await rejectionOf(createCheckoutSession(h.deps, guest(), usd(BEANS), options));
      expect(error).toMatchObject({
        code: 'below_minimum_charge',
        status: 422,
        message: expect.stringContaining('$0.50'),
      });
      expect((await h.stripe.checkout.sessions.list({ limit: 100 })).data).toHaveLength(sessionsBefore);
      // With the mug beside them the total (24.20) can be charged.
      const created = await createCheckoutSession(h.deps, guest(), usd(BEANS, MUG), options);
      expect(created.total).toBe(2420);
    } finally {
      await db.store.query('DELETE FROM discount_rules WHERE id = $1', [beansAlmostFree.id]);
    }
  });
});
