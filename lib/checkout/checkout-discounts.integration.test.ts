import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoCustomers } from '@/lib/customers';
import { DEMO_RULES } from '@/lib/discounts';
import { AppError } from '@/lib/errors';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import type { Store } from '@/lib/store/types';
import type { CheckoutOutcome } from './checkout-view';
import { seedDiscountRules } from './discount-rules';
import type { Shopper } from './shopper';
import {
  type CheckoutHarness,
  createCheckoutHarness,
  GRINDER,
  guest,
  KIT,
  MUG,
  ORIGIN,
  readCartRow,
  readStripeSession,
  rejectionOf,
  signedIn,
  TTL_MINUTES,
  usd,
} from './test-support';
import {
  applyPromotionCode,
  createCheckoutSession,
  refreshDiscounts,
  removePromotionCode,
  setEmail,
  setShippingAddress,
  toggleAddOn,
} from './use-cases';

const options = { origin: ORIGIN, ttlMinutes: TTL_MINUTES };
const SPEND_100 = { ruleId: 'threshold-spend-100', name: 'Spend $100, save $10', amount: 1000 };

const address = (country: string) => ({
  name: 'Ada Lovelace',
  address: { line1: '1 Main St', city: 'Springfield', postal_code: '12345', country },
});

/** Stripe's session must carry exactly the decision's amounts. */
async function expectStripeToMatch(h: CheckoutHarness, view: CheckoutOutcome): Promise<void> {
  const session = await readStripeSession(h.stripe, view.sessionId);
  expect({
    subtotal: session.amountSubtotal,
    discount: session.amountDiscount,
    total: session.amountTotal,
  }).toEqual({ subtotal: view.subtotal, discount: view.totalDiscount, total: view.total });
}

async function combinedCoupon(h: CheckoutHarness, sessionId: string) {
  const session = await h.stripe.checkout.sessions.retrieve(sessionId, {
    expand: ['total_details.breakdown'],
  });
  const discounts = session.total_details?.breakdown?.discounts ?? [];
  expect(discounts).toHaveLength(1);
  const coupon = discounts[0]?.discount.source.coupon;
  if (coupon === null || coupon === undefined || typeof coupon === 'string') return coupon;
  return { name: coupon.name, amountOff: coupon.amount_off, currency: coupon.currency };
}

async function reservationsOf(store: Store, sessionId: string) {
  const { rows } = await store.query<{ rule_id: string; status: string }>(
    `SELECT r.rule_id, r.status FROM redemptions r JOIN carts c ON c.id = r.cart_id
     WHERE c.stripe_session_id = $1 ORDER BY r.created_at`,
    [sessionId],
  );
  return rows.map((row) => ({ ruleId: row.rule_id, status: row.status }));
}

describe.each(TEST_DRIVERS)('discounts through the checkout use cases on %s', (driver) => {
  const db = useTestStore(driver);
  let h: CheckoutHarness;
  beforeAll(async () => {
    await seedDiscountRules(db.store, DEMO_RULES);
    await seedDemoCustomers(db.store);
  });
  beforeEach(async () => {
    h = await createCheckoutHarness(db.store);
  });
  afterEach(async () => {
    await h.close();
  });

  const create = (shopper: Shopper, items: Parameters<typeof usd>) =>
    createCheckoutSession(h.deps, shopper, usd(...items), options);

  it('applies "Spend $100, save $10" at creation and SAVE20 on top', async () => {
    const shopper = guest();
    const created = await create(shopper, [KIT, GRINDER]);
    expect(created).toMatchObject({ subtotal: 16800, totalDiscount: 1000, total: 15800 });
    expect(created.discounts).toEqual([SPEND_100]);
    await expectStripeToMatch(h, created);
    expect((await readStripeSession(h.stripe, created.sessionId)).amountTotal).toBe(15800);

    const saved = await applyPromotionCode(h.deps, shopper, created.sessionId, 'save20');
    expect(saved).toMatchObject({
      promotionCode: 'SAVE20',
      subtotal: 16800,
      totalDiscount: 3000,
      total: 13800,
      version: 2,
    });
    expect(saved.discounts).toEqual([{ ruleId: 'code-save20', name: 'SAVE20', amount: 2000 }, SPEND_100]);
    await expectStripeToMatch(h, saved);
    expect((await readStripeSession(h.stripe, saved.sessionId)).amountTotal).toBe(13800);
    expect(await reservationsOf(db.store, saved.sessionId)).toEqual([
      { ruleId: 'code-save20', status: 'reserved' },
    ]);
    // Stripe holds one amount-off coupon whose name lists what was combined.
    expect(await combinedCoupon(h, saved.sessionId)).toEqual({
      name: 'SAVE20 + Spend $100, save $10',
      amountOff: 3000,
      currency: 'usd',
    });

    const removed = await removePromotionCode(h.deps, shopper, created.sessionId);
    expect(removed).toMatchObject({ promotionCode: null, totalDiscount: 1000, total: 15800 });
    await expectStripeToMatch(h, removed);
    expect(await reservationsOf(db.store, saved.sessionId)).toEqual([
      { ruleId: 'code-save20', status: 'released' },
    ]);
  });

  it('repeating a change that keeps the same discount makes no Stripe call', async () => {
    const shopper = guest();
    const { sessionId } = await create(shopper, [KIT, GRINDER]);
    const applied = await applyPromotionCode(h.deps, shopper, sessionId, 'SAVE20');
    const calls = h.updateCalls();

    const again = await applyPromotionCode(h.deps, shopper, sessionId, 'SAVE20');
    const noToggle = await toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', false);
    expect(h.updateCalls()).toBe(calls);
    expect(again.version).toBe(applied.version);
    expect(noToggle.version).toBe(applied.version);
    expect(again).toMatchObject({ total: 13800, totalDiscount: 3000 });
  });

  it('a guest whose email the server never received cannot get WELCOME10, whatever Stripe.js collected', async () => {
    const shopper = guest();
    const { sessionId } = await create(shopper, [KIT, GRINDER]);
    const refused = await rejectionOf(applyPromotionCode(h.deps, shopper, sessionId, 'WELCOME10'));
    expect(refused).toMatchObject({ code: 'first_order_only', status: 422 });
    expect((refused as AppError).message).toBe(
      'WELCOME10 is for first orders only: enter your email first, so we can check',
    );
    // An email only Stripe.js knows (never POSTed to the server) earns nothing either.
    await h.updateEmailInBrowser(sessionId, `browser-only-${randomUUID()}@example.com`);
    const refreshed = await refreshDiscounts(h.deps, shopper, sessionId);
    expect(refreshed).toMatchObject({ promotionCode: null, total: 15800 });
    expect(await rejectionOf(applyPromotionCode(h.deps, shopper, sessionId, 'WELCOME10'))).toMatchObject({
      code: 'first_order_only',
    });
    expect((await readStripeSession(h.stripe, sessionId)).amountTotal).toBe(15800);
  });

  it('WELCOME10 instead of SAVE20: 10 % of the subtotal plus the automatic discount', async () => {
    const shopper = guest();
    const { sessionId } = await create(shopper, [KIT, GRINDER]);
    await setEmail(h.deps, shopper, sessionId, `first-${randomUUID()}@example.com`);
    const view = await applyPromotionCode(h.deps, shopper, sessionId, ' welcome10 ');
    expect(view).toMatchObject({ promotionCode: 'WELCOME10', totalDiscount: 2680, total: 14120 });
    expect(view.discounts).toEqual([
      { ruleId: 'code-welcome10', name: 'WELCOME10', amount: 1680 },
      SPEND_100,
    ]);
    await expectStripeToMatch(h, view);
    expect((await readStripeSession(h.stripe, sessionId)).amountTotal).toBe(14120);
  });

  it('drops SAVE20 with a notice when deselecting Express shipping takes the subtotal below its minimum', async () => {
    const shopper = guest();
    const { sessionId } = await create(shopper, [MUG, GRINDER]);
    const express = await toggleAddOn(h.deps, shopper, sessionId, 'express_shipping', true);
    expect(express).toMatchObject({ subtotal: 15900, totalDiscount: 1000, total: 14900 });

    const saved = await applyPromotionCode(h.deps, shopper, sessionId, 'SAVE20');
    expect(saved).toMatchObject({ subtotal: 15900, totalDiscount: 3000, total: 12900 });
    await expectStripeToMatch(h, saved);
    expect((await readStripeSession(h.stripe, sessionId)).amountTotal).toBe(12900);

    const dropped = await toggleAddOn(h.deps, shopper, sessionId, 'express_shipping', false);
    expect(dropped).toMatchObject({
      addOns: [],
      promotionCode: null,
      subtotal: 14400,
      totalDiscount: 1000,
      total: 13400,
    });
    expect(dropped.discounts).toEqual([SPEND_100]);
    expect(dropped.notices).toHaveLength(1);
    expect(dropped.notices[0]).toContain('SAVE20 needs a subtotal of $150.00; add $6.00 more');
    await expectStripeToMatch(h, dropped);
    expect((await readStripeSession(h.stripe, sessionId)).amountTotal).toBe(13400);
    expect(await readCartRow(db.store, sessionId)).toMatchObject({ promotion_code: null, add_ons: [] });
    expect(await reservationsOf(db.store, sessionId)).toEqual([
      { ruleId: 'code-save20', status: 'released' },
    ]);
  });

  it.each([
    { code: 'SPRING', refusal: 'expired', message: 'SPRING has expired' },
    { code: 'VIP25', refusal: 'not_eligible', message: 'VIP25 is not available for your account' },
    {
      code: 'SAVE20',
      refusal: 'minimum_not_met',
      message: 'SAVE20 needs a subtotal of $150.00; add $6.00 more',
    },
    { code: 'NOPE', refusal: 'unknown_code', message: "We don't recognise that code" },
  ])('refuses $code for a guest with $refusal and changes nothing', async ({ code, refusal, message }) => {
    const shopper = guest();
    // 14400: over the automatic threshold, 6.00 short of SAVE20's minimum.
    const created = await create(shopper, [MUG, GRINDER]);
    const rowBefore = await readCartRow(db.store, created.sessionId);
    const stripeBefore = await readStripeSession(h.stripe, created.sessionId);

    const error = await rejectionOf(applyPromotionCode(h.deps, shopper, created.sessionId, code));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: refusal, status: 422 });
    expect((error as AppError).message).toContain(message);
    expect(h.updateCalls()).toBe(0);
    expect(await readCartRow(db.store, created.sessionId)).toEqual(rowBefore);
    expect(await readStripeSession(h.stripe, created.sessionId)).toEqual(stripeBefore);
    expect(await reservationsOf(db.store, created.sessionId)).toEqual([]);
  });

  it('a refused code leaves an applied code in place', async () => {
    const shopper = guest();
    const { sessionId } = await create(shopper, [KIT, GRINDER]);
    const saved = await applyPromotionCode(h.deps, shopper, sessionId, 'SAVE20');
    const error = await rejectionOf(applyPromotionCode(h.deps, shopper, sessionId, 'SPRING'));
    expect(error).toMatchObject({ code: 'expired' });
    expect(await readCartRow(db.store, sessionId)).toMatchObject({
      version: saved.version,
      promotion_code: 'SAVE20',
    });
    expect((await readStripeSession(h.stripe, sessionId)).amountTotal).toBe(13800);
  });

  it('VIP25 applies for the Vip customer; WELCOME10 is refused for a returning one', async () => {
    const vip = await signedIn(db.store, 'vip');
    const vipCart = await create(vip, [KIT, GRINDER]);
    const vipView = await applyPromotionCode(h.deps, vip, vipCart.sessionId, 'VIP25');
    // 25 % of 16800 = 4200, plus the automatic 1000.
    expect(vipView).toMatchObject({ totalDiscount: 5200, total: 11600 });
    await expectStripeToMatch(h, vipView);

    const returning = await signedIn(db.store, 'returning');
    const returningCart = await create(returning, [KIT]);
    // Loyalty (1 paid order): 5 % of 4800.
    expect(returningCart).toMatchObject({ totalDiscount: 240, total: 4560 });
    await expectStripeToMatch(h, returningCart);
    const error = await rejectionOf(
      applyPromotionCode(h.deps, returning, returningCart.sessionId, 'WELCOME10'),
    );
    expect(error).toMatchObject({ code: 'first_order_only', status: 422 });
  });

  it('gold customers get 10 % loyalty on top of the automatic discount from creation', async () => {
    const gold = await signedIn(db.store, 'gold');
    const view = await create(gold, [KIT, GRINDER]);
    // 10 % of 16800 = 1680, plus 1000.
    expect(view).toMatchObject({ subtotal: 16800, totalDiscount: 2680, total: 14120 });
    await expectStripeToMatch(h, view);
  });

  it('shipping to Japan makes Express shipping free; moving the address to the US takes that away', async () => {
    const shopper = guest();
    const { sessionId } = await create(shopper, [KIT]);
    const express = await toggleAddOn(h.deps, shopper, sessionId, 'express_shipping', true);
    expect(express).toMatchObject({ subtotal: 6300, totalDiscount: 0, total: 6300 });

    const japan = await setShippingAddress(h.deps, shopper, sessionId, address('JP'));
    expect(japan).toMatchObject({ subtotal: 6300, totalDiscount: 1500, total: 4800 });
    expect(japan.discounts).toEqual([
      { ruleId: 'location-jp-express', name: 'Free express shipping to Japan', amount: 1500 },
    ]);
    await expectStripeToMatch(h, japan);
    const session = await h.stripe.checkout.sessions.retrieve(sessionId);
    expect(session.collected_information?.shipping_details?.address?.country).toBe('JP');

    const us = await setShippingAddress(h.deps, shopper, sessionId, address('US'));
    expect(us).toMatchObject({ subtotal: 6300, totalDiscount: 0, total: 6300, discounts: [] });
    await expectStripeToMatch(h, us);
    expect((await readStripeSession(h.stripe, sessionId)).amountTotal).toBe(6300);
    // Nothing applies any more: the discount is cleared, not set to zero.
    expect((await h.stripe.checkout.sessions.retrieve(sessionId)).discounts).toEqual([]);

    // The same address again is no change.
    const calls = h.updateCalls();
    const same = await setShippingAddress(h.deps, shopper, sessionId, address('US'));
    expect(h.updateCalls()).toBe(calls);
    expect(same.version).toBe(us.version);
  });

  it('refuses a country outside the allowed list', async () => {
    const shopper = guest();
    const { sessionId } = await create(shopper, [KIT]);
    const error = await rejectionOf(setShippingAddress(h.deps, shopper, sessionId, address('BR')));
    expect(error).toMatchObject({ code: 'invalid_request', status: 400 });
  });

  it('refreshDiscounts drops WELCOME10 once the typed email turns out to have a paid order', async () => {
    const shopper = guest();
    const { sessionId } = await create(shopper, [KIT, GRINDER]);
    await setEmail(h.deps, shopper, sessionId, `first-${randomUUID()}@example.com`);
    const welcomed = await applyPromotionCode(h.deps, shopper, sessionId, 'WELCOME10');
    expect(welcomed.total).toBe(14120);

    // An email without orders: the code stays.
    const unchanged = await refreshDiscounts(h.deps, shopper, sessionId);
    expect(unchanged).toMatchObject({ promotionCode: 'WELCOME10', total: 14120, notices: [] });
    await expectStripeToMatch(h, unchanged);

    const email = `paid-${randomUUID()}@example.com`;
    await db.store.query(
      `INSERT INTO orders (id, number, stripe_session_id, email, currency, amount_subtotal, amount_discount,
         amount_total, status)
       VALUES ($1, $2, $3, $4, 'usd', 4800, 0, 4800, 'paid')`,
      [randomUUID(), `T-${randomUUID()}`, `cs_test_${randomUUID()}`, email],
    );
    // Pay sends the typed email with the last recompute.
    const refreshed = await refreshDiscounts(h.deps, shopper, sessionId, { email: email.toUpperCase() });
    expect(refreshed).toMatchObject({ promotionCode: null, totalDiscount: 1000, total: 15800 });
    expect(refreshed.notices).toEqual(['WELCOME10 is for first orders only, so it was removed.']);
    await expectStripeToMatch(h, refreshed);
  });

  async function insertPaidOrder(email: string): Promise<void> {
    await db.store.query(
      `INSERT INTO orders (id, number, stripe_session_id, email, currency, amount_subtotal, amount_discount,
         amount_total, status)
       VALUES ($1, $2, $3, $4, 'usd', 4800, 0, 4800, 'paid')`,
      [randomUUID(), `T-${randomUUID()}`, `cs_test_${randomUUID()}`, email],
    );
  }

  it('setEmail keeps the typed email on the cart and drops WELCOME10 for an email with a paid order, in one update', async () => {
    const shopper = guest();
    const { sessionId } = await create(shopper, [KIT, GRINDER]);
    await setEmail(h.deps, shopper, sessionId, `first-${randomUUID()}@example.com`);
    await applyPromotionCode(h.deps, shopper, sessionId, 'WELCOME10');
    const email = `paid-${randomUUID()}@example.com`;
    await insertPaidOrder(email);

    const updatesBefore = h.updateCalls();
    const view = await setEmail(h.deps, shopper, sessionId, ` ${email.toUpperCase()} `);
    expect(h.updateCalls() - updatesBefore).toBe(1);
    expect(view).toMatchObject({ promotionCode: null, totalDiscount: 1000, total: 15800 });
    expect(view.notices).toEqual(['WELCOME10 is for first orders only, so it was removed.']);
    expect((await readCartRow(db.store, sessionId)).email).toBe(email);
    await expectStripeToMatch(h, view);

    // The same email again changes nothing and calls Stripe no more.
    await setEmail(h.deps, shopper, sessionId, email);
    expect(h.updateCalls() - updatesBefore).toBe(1);
  });

  it('setEmail with an email without orders keeps WELCOME10 and makes no Stripe update', async () => {
    const shopper = guest();
    const { sessionId } = await create(shopper, [KIT, GRINDER]);
    await setEmail(h.deps, shopper, sessionId, `first-${randomUUID()}@example.com`);
    await applyPromotionCode(h.deps, shopper, sessionId, 'WELCOME10');
    const updatesBefore = h.updateCalls();
    const view = await setEmail(h.deps, shopper, sessionId, `new-${randomUUID()}@example.com`);
    expect(view).toMatchObject({ promotionCode: 'WELCOME10', total: 14120 });
    expect(h.updateCalls()).toBe(updatesBefore);
  });

  it("a signed-in customer's cart keeps the account's email; a typed one changes nothing", async () => {
    // This test's local Stripe is new: forget the Stripe customer an earlier test created.
    await db.store.query("UPDATE customers SET stripe_customer_id = NULL WHERE id = 'returning'");
    const shopper = await signedIn(db.store, 'returning');
    const { sessionId } = await create(shopper, [KIT]);
    const before = await readCartRow(db.store, sessionId);
    await setEmail(h.deps, shopper, sessionId, `someone-${randomUUID()}@example.com`);
    expect((await readCartRow(db.store, sessionId)).email).toBe(before.email);
  });

  it('refreshDiscounts applies a typed email and a Japanese address in the same single update', async () => {
    const shopper = guest();
    const { sessionId } = await create(shopper, [MUG, GRINDER]);
    await toggleAddOn(h.deps, shopper, sessionId, 'express_shipping', true);
    await setEmail(h.deps, shopper, sessionId, `first-${randomUUID()}@example.com`);
    await applyPromotionCode(h.deps, shopper, sessionId, 'WELCOME10');
    const email = `paid-${randomUUID()}@example.com`;
    await insertPaidOrder(email);

    const updatesBefore = h.updateCalls();
    const view = await refreshDiscounts(h.deps, shopper, sessionId, {
      email,
      shippingAddress: address('JP'),
    });
    expect(h.updateCalls() - updatesBefore).toBe(1);
    // 159.00 with Express free to Japan: 144.00 - 10.00 threshold; WELCOME10 refused for the email.
    expect(view).toMatchObject({ promotionCode: null, subtotal: 15900, total: 13400 });
    expect(view.shipping?.address.country).toBe('JP');
    expect(await readCartRow(db.store, sessionId)).toMatchObject({ email });
    await expectStripeToMatch(h, view);
  });

  it('refreshDiscounts refuses a country we do not ship to and changes nothing', async () => {
    const shopper = guest();
    const { sessionId } = await create(shopper, [KIT]);
    const before = await readCartRow(db.store, sessionId);
    const error = await rejectionOf(
      refreshDiscounts(h.deps, shopper, sessionId, { shippingAddress: address('BR') }),
    );
    expect(error).toMatchObject({ code: 'invalid_request', status: 400 });
    expect(await readCartRow(db.store, sessionId)).toEqual(before);
  });

  it('applies the yen threshold to a JPY cart', async () => {
    const view = await createCheckoutSession(
      h.deps,
      guest(),
      { currency: 'jpy', items: [KIT, GRINDER] },
      options,
    );
    expect(view).toMatchObject({ subtotal: 25200, totalDiscount: 1500, total: 23700 });
    expect(view.discounts).toEqual([
      { ruleId: 'threshold-spend-100', name: 'Spend ¥15,000, save ¥1,500', amount: 1500 },
    ]);
    await expectStripeToMatch(h, view);
  });
});
