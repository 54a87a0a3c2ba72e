import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_RULES, type PromotionCodeRule } from '@/lib/discounts';
import { AppError } from '@/lib/errors';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import { seedDiscountRules } from './discount-rules';
import type { Shopper } from './shopper';
import {
  BEANS,
  type CheckoutHarness,
  createCheckoutHarness,
  GRINDER,
  guest,
  KIT,
  lineId,
  ORIGIN,
  readCartRow,
  readStripeSession,
  STRIPE_CALL_TIMEOUT_MS,
  type StripeSnapshot,
  TTL_MINUTES,
  usd,
} from './test-support';
import { applyPromotionCode, createCheckoutSession, refreshDiscounts, toggleAddOn } from './use-cases';

/**
 * Stripe's copy of a session drifting from our cart: a line we hold an id for is gone (an earlier
 * change landed after we gave up on it), a lost update leaves a line we add with no id to take, and
 * a guest's reservation that must follow the email they give later.
 */

const options = { origin: ORIGIN, ttlMinutes: TTL_MINUTES };
// Longer than the client's timeout, so the SDK gives up on the held request.
const HELD_MS = STRIPE_CALL_TIMEOUT_MS + 1_500;

const ONCE_EACH: PromotionCodeRule = {
  id: 'code-drift-once-each',
  kind: 'promotion_code',
  name: 'ONCEEACH',
  code: 'ONCEEACH',
  value: { type: 'percent', percent: 10 },
  maxRedemptionsPerCustomer: 1,
};

const KIT_NAME = 'Pour-over coffee kit';
const GRINDER_NAME = 'Burr grinder';
const BEANS_NAME = 'Single-origin beans 250 g';

const descriptions = (snapshot: StripeSnapshot) => snapshot.lines.map((line) => line.description);

describe.each(TEST_DRIVERS)("Stripe's session drifting from the cart on %s", (driver) => {
  const db = useTestStore(driver);
  let h: CheckoutHarness;
  beforeAll(async () => {
    await seedDiscountRules(db.store, [...DEMO_RULES, ONCE_EACH]);
  });
  beforeEach(async () => {
    h = await createCheckoutHarness(db.store);
  });
  afterEach(async () => {
    await h.close();
  });

  /** A kit + grinder cart with gift wrap, whose gift-wrap line then vanishes from Stripe's session. */
  const cartWithLostGiftWrap = async () => {
    const shopper = guest();
    const { sessionId } = await createCheckoutSession(h.deps, shopper, usd(KIT, GRINDER), options);
    await toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true);
    const before = await readStripeSession(h.stripe, sessionId);
    const staleGiftWrapId = lineId(before, 'Gift wrap');
    expect((await readCartRow(db.store, sessionId)).line_item_ids['add_on:gift_wrap']).toBe(staleGiftWrapId);
    // An earlier push that landed after we gave up: Stripe holds only the products now.
    await h.stripe.checkout.sessions.update(sessionId, {
      line_items: [
        { id: lineId(before, KIT_NAME), quantity: 1 },
        { id: lineId(before, GRINDER_NAME), quantity: 1 },
      ],
    });
    const drifted = await readStripeSession(h.stripe, sessionId);
    expect(drifted.lines.map((line) => line.description)).toEqual([KIT_NAME, GRINDER_NAME]);
    return { shopper, sessionId, before, staleGiftWrapId };
  };

  it('a change converges when Stripe lost a line the cart still holds an id for', async () => {
    const { shopper, sessionId, before, staleGiftWrapId } = await cartWithLostGiftWrap();

    const view = await toggleAddOn(h.deps, shopper, sessionId, 'extended_warranty', true);
    // 168.00 + 5.00 + 20.00 = 193.00, "Spend $100, save $10" -> 183.00.
    expect(view).toMatchObject({
      addOns: ['extended_warranty', 'gift_wrap'],
      subtotal: 19300,
      totalDiscount: 1000,
      total: 18300,
    });
    const after = await readStripeSession(h.stripe, sessionId);
    expect(after).toMatchObject({ amountSubtotal: 19300, amountDiscount: 1000, amountTotal: 18300 });
    expect(descriptions(after)).toEqual([KIT_NAME, GRINDER_NAME, 'Gift wrap', 'Extended warranty']);
    expect(lineId(after, KIT_NAME)).toBe(lineId(before, KIT_NAME));
    expect(lineId(after, GRINDER_NAME)).toBe(lineId(before, GRINDER_NAME));
    expect(lineId(after, 'Gift wrap')).not.toBe(staleGiftWrapId);
    const row = await readCartRow(db.store, sessionId);
    expect(row.add_ons).toEqual(['extended_warranty', 'gift_wrap']);
    expect(row.line_item_ids).toEqual({
      'product:pour-over-kit': lineId(after, KIT_NAME),
      'product:burr-grinder': lineId(after, GRINDER_NAME),
      'add_on:gift_wrap': lineId(after, 'Gift wrap'),
      'add_on:extended_warranty': lineId(after, 'Extended warranty'),
    });
  });

  it('the pre-payment refresh converges when only Stripe drifted (no cart change)', async () => {
    const { shopper, sessionId, before, staleGiftWrapId } = await cartWithLostGiftWrap();
    const rowBefore = await readCartRow(db.store, sessionId);

    const view = await refreshDiscounts(h.deps, shopper, sessionId);
    expect(view).toMatchObject({ addOns: ['gift_wrap'], subtotal: 17300, total: 16300 });
    const after = await readStripeSession(h.stripe, sessionId);
    expect(after).toMatchObject({ amountSubtotal: 17300, amountDiscount: 1000, amountTotal: 16300 });
    expect(descriptions(after)).toEqual([KIT_NAME, GRINDER_NAME, 'Gift wrap']);
    expect(lineId(after, KIT_NAME)).toBe(lineId(before, KIT_NAME));
    expect(lineId(after, 'Gift wrap')).not.toBe(staleGiftWrapId);
    const row = await readCartRow(db.store, sessionId);
    expect(row.version).toBe(rowBefore.version + 1);
    expect(row.line_item_ids['add_on:gift_wrap']).toBe(lineId(after, 'Gift wrap'));
  });

  it('a lost update is reconciled without giving the new add-on another line item id', async () => {
    const shopper = guest();
    const { sessionId } = await createCheckoutSession(h.deps, shopper, usd(KIT, BEANS), options);
    await toggleAddOn(h.deps, shopper, sessionId, 'extended_warranty', true);
    const before = await readStripeSession(h.stripe, sessionId);
    const callsBefore = h.updateCalls();
    // The update times out and never reaches the API: Stripe still holds kit, beans, warranty.
    await h.fault({
      path: `^/v1/checkout/sessions/${sessionId}$`,
      count: 1,
      kind: 'timeout',
      delayMs: HELD_MS,
      execute: false,
    });

    const view = await toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true);
    expect(h.updateCalls() - callsBefore).toBe(2);
    expect(view).toMatchObject({ addOns: ['extended_warranty', 'gift_wrap'], total: 9100 });
    const after = await readStripeSession(h.stripe, sessionId);
    expect(after.amountTotal).toBe(9100);
    expect(after.lines.map((line) => [line.description, line.amount])).toEqual([
      [KIT_NAME, 4800],
      [BEANS_NAME, 1800],
      ['Gift wrap', 500],
      ['Extended warranty', 2000],
    ]);
    const ids = after.lines.map((line) => line.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const name of [KIT_NAME, BEANS_NAME, 'Extended warranty']) {
      expect(lineId(after, name)).toBe(lineId(before, name));
    }
    const row = await readCartRow(db.store, sessionId);
    expect(row.line_item_ids['add_on:gift_wrap']).toBe(lineId(after, 'Gift wrap'));
    expect(row.line_item_ids['add_on:extended_warranty']).toBe(lineId(after, 'Extended warranty'));
  });

  it("a guest's reservation takes the email they give later, and counts against it", async () => {
    const reservationsOf = async (sessionId: string) => {
      const { rows } = await db.store.query<{ customer_key: string | null; status: string }>(
        `SELECT r.customer_key, r.status FROM redemptions r JOIN carts c ON c.id = r.cart_id
         WHERE c.stripe_session_id = $1 AND r.rule_id = $2`,
        [sessionId, ONCE_EACH.id],
      );
      return rows;
    };
    const first: Shopper = guest();
    const { sessionId: firstSession } = await createCheckoutSession(h.deps, first, usd(KIT), options);
    await applyPromotionCode(h.deps, first, firstSession, 'onceeach');
    expect(await reservationsOf(firstSession)).toEqual([{ customer_key: null, status: 'reserved' }]);

    const refreshed = await refreshDiscounts(h.deps, first, firstSession, {
      email: 'Shopper.Once@Example.com',
    });
    expect(refreshed).toMatchObject({ promotionCode: 'ONCEEACH', total: 4320 });
    expect(await reservationsOf(firstSession)).toEqual([
      { customer_key: 'email:shopper.once@example.com', status: 'reserved' },
    ]);

    // Another guest cart with the same email: the one redemption per customer is taken.
    const second: Shopper = guest();
    const { sessionId: secondSession } = await createCheckoutSession(h.deps, second, usd(KIT), options);
    await refreshDiscounts(h.deps, second, secondSession, { email: 'shopper.once@example.com' });
    const refusal = await applyPromotionCode(h.deps, second, secondSession, 'ONCEEACH').catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'limit_reached' });
    expect(await reservationsOf(secondSession)).toEqual([]);
    expect((await readStripeSession(h.stripe, secondSession)).amountTotal).toBe(4800);
  });
});
