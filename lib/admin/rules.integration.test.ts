import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDiscountRules } from '@/lib/checkout/discount-rules';
import {
  type CheckoutHarness,
  createCheckoutHarness,
  guest,
  KIT,
  MUG,
  ORIGIN,
  readStripeSession,
  TTL_MINUTES,
  usd,
} from '@/lib/checkout/test-support';
import { applyPromotionCode, createCheckoutSession, toggleAddOn } from '@/lib/checkout/use-cases';
import { AppError } from '@/lib/errors';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import { listAdminChanges } from './audit-log';
import { EMPTY_RULE_FORM, type RuleFormValues } from './rule-form';
import { changeRuleStatus, findAdminRule, listAdminRules, saveAutomaticRule, saveRule } from './rules';

/**
 * The back office's rule changes on a real store and the real checkout use cases: what is saved is
 * what the engine offers at the next recompute of an open checkout (every write of the rules moves
 * their version, which every change reads with its lease), limits cannot go below the uses already taken, every change
 * is in the audit log, and a refused change writes nothing.
 */

const actor = { sessionId: '6f1c1f04-5a0e-4f43-9a39-0d4c3c4f8a10', clientAddress: '203.0.113.7' };
const options = { origin: ORIGIN, ttlMinutes: TTL_MINUTES };
const form = (values: Partial<RuleFormValues>): RuleFormValues => ({ ...EMPTY_RULE_FORM, ...values });
const TEST15 = form({ code: 'TEST15', percentOff: '15', minimumUsd: '50.00', limit: '2' });

describe.each(TEST_DRIVERS)('back-office rules on %s', (driver) => {
  const db = useTestStore(driver);
  let h: CheckoutHarness;
  beforeEach(async () => {
    h = await createCheckoutHarness(db.store);
    await db.store.query('DELETE FROM redemptions');
    await db.store.query('DELETE FROM admin_audit_log');
    await db.store.query('DELETE FROM discount_rules');
  });
  afterEach(async () => {
    await h.close();
  });

  const openCheckout = async (...items: Parameters<typeof usd>) => {
    const shopper = guest();
    const { sessionId } = await createCheckoutSession(h.deps, shopper, usd(...items), options);
    return { shopper, sessionId };
  };

  it('a created code is offered at once; paused, the next recompute of an open checkout drops it; resumed, it is back', async () => {
    const saved = await saveRule(db.store, actor, null, TEST15);
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    const cart = await openCheckout(KIT, MUG); // 72.00
    const applied = await applyPromotionCode(h.deps, cart.shopper, cart.sessionId, 'test15');
    expect(applied).toMatchObject({ promotionCode: 'TEST15', subtotal: 7200, totalDiscount: 1080 });
    expect((await findAdminRule(db.store, saved.ruleId))?.usage).toEqual({ reserved: 1, redeemed: 0 });

    expect(await changeRuleStatus(db.store, actor, saved.ruleId, 'pause', new Date())).toEqual({ ok: true });
    // The same open checkout's next change recomputes without the paused code, and Stripe agrees.
    const recomputed = await toggleAddOn(h.deps, cart.shopper, cart.sessionId, 'gift_wrap', true);
    expect(recomputed).toMatchObject({ subtotal: 7700, totalDiscount: 0 });
    expect(recomputed.notices).toEqual(['TEST15 is not available at the moment, so it was removed.']);
    expect((await readStripeSession(h.stripe, cart.sessionId)).amountTotal).toBe(7700);
    const refused = await applyPromotionCode(h.deps, cart.shopper, cart.sessionId, 'TEST15').catch((e) => e);
    expect(refused).toBeInstanceOf(AppError);
    // The shopper is told why: the code exists but is paused (not "we don't recognise that code").
    expect(refused).toMatchObject({ code: 'paused', message: 'TEST15 is not available at the moment' });

    expect(await changeRuleStatus(db.store, actor, saved.ruleId, 'resume', new Date())).toEqual({ ok: true });
    const again = await applyPromotionCode(h.deps, cart.shopper, cart.sessionId, 'TEST15');
    expect(again).toMatchObject({ promotionCode: 'TEST15', subtotal: 7700, totalDiscount: 1155 });
  });

  it('an edit applies to the next recompute: a higher minimum drops the code from an open checkout with its reason', async () => {
    const saved = await saveRule(db.store, actor, null, TEST15);
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    const cart = await openCheckout(KIT, MUG);
    await applyPromotionCode(h.deps, cart.shopper, cart.sessionId, 'TEST15');
    const edited = await saveRule(db.store, actor, saved.ruleId, { ...TEST15, minimumUsd: '100.00' });
    expect(edited).toEqual({ ok: true, ruleId: saved.ruleId });
    const recomputed = await toggleAddOn(h.deps, cart.shopper, cart.sessionId, 'gift_wrap', true);
    expect(recomputed).toMatchObject({ subtotal: 7700, totalDiscount: 0 });
    expect(JSON.stringify(recomputed)).toContain('TEST15 needs a subtotal of $100.00');
  });

  it('a limit below the uses already reserved is refused on its field, and nothing changes', async () => {
    const saved = await saveRule(db.store, actor, null, TEST15);
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    for (const _ of [1, 2]) {
      const cart = await openCheckout(KIT, MUG);
      await applyPromotionCode(h.deps, cart.shopper, cart.sessionId, 'TEST15');
    }
    const lowered = await saveRule(db.store, actor, saved.ruleId, { ...TEST15, limit: '1' });
    expect(lowered).toEqual({
      ok: false,
      errors: { limit: 'The limit cannot be below the 2 uses already reserved or redeemed.' },
    });
    const [rule] = await loadDiscountRules(db.store);
    expect(rule).toMatchObject({ id: saved.ruleId, maxRedemptions: 2 });
    // At the reservations is fine.
    expect(
      await saveRule(db.store, actor, saved.ruleId, { ...TEST15, limit: '2', percentOff: '20' }),
    ).toEqual({
      ok: true,
      ruleId: saved.ruleId,
    });
  });

  it('refusals come back by field and write nothing: schema refusals, a second active rule with the same code', async () => {
    expect(await saveRule(db.store, actor, null, form({ code: 'X', percentOff: '101' }))).toEqual({
      ok: false,
      errors: { percentOff: 'Enter a percentage from 0 to 100, e.g. 15.' },
    });
    expect(
      await saveRule(
        db.store,
        actor,
        null,
        form({ code: 'Y', percentOff: '5', startsAt: '2030-01-02T00:00', endsAt: '2030-01-01T00:00' }),
      ),
    ).toEqual({ ok: false, errors: { endsAt: 'Ends must be after Starts.' } });
    expect(await saveRule(db.store, actor, null, form({ code: 'Z' }))).toEqual({
      ok: false,
      errors: { percentOff: 'Give a percentage, or an amount off in at least one currency.' },
    });
    const first = await saveRule(db.store, actor, null, TEST15);
    expect(first.ok).toBe(true);
    expect(await saveRule(db.store, actor, null, { ...TEST15, code: ' test15 ' })).toEqual({
      ok: false,
      errors: { code: 'Another active rule already has the code TEST15.' },
    });
    expect(await listAdminRules(db.store)).toHaveLength(1);
    expect(await listAdminChanges(db.store, 10)).toHaveLength(1);
  });

  it('every change is in the audit log with when, where, which session, before and after; an ended rule stays ended', async () => {
    const saved = await saveRule(db.store, actor, null, form({ code: 'YEN500', amountOffJpy: '500' }));
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    await saveRule(db.store, actor, saved.ruleId, form({ code: 'YEN500', amountOffJpy: '600' }));
    await changeRuleStatus(db.store, actor, saved.ruleId, 'end', new Date());
    const cart = await openCheckout(KIT);
    const refused = await applyPromotionCode(h.deps, cart.shopper, cart.sessionId, 'yen500').catch((e) => e);
    expect(refused).toMatchObject({ code: 'expired', message: 'YEN500 has expired' });
    expect(await changeRuleStatus(db.store, actor, saved.ruleId, 'resume', new Date())).toEqual({
      ok: false,
      message: 'This rule has ended; it can no longer be changed.',
    });
    expect(await loadDiscountRules(db.store)).toEqual([]);
    const entries = await listAdminChanges(db.store, 10);
    expect(entries.map((entry) => entry.action)).toEqual(['rule.end', 'rule.update', 'rule.create']);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        clientAddress: '203.0.113.7',
        adminSessionId: actor.sessionId,
        subjectId: saved.ruleId,
      });
      expect(entry.at).toBeInstanceOf(Date);
    }
    expect(entries[2]).toMatchObject({
      before: null,
      after: { code: 'YEN500', name: 'YEN500', value: { amountOff: { jpy: 500 } } },
    });
    expect(entries[1]).toMatchObject({
      before: { value: { amountOff: { jpy: 500 } } },
      after: { value: { amountOff: { jpy: 600 } } },
    });
    expect(entries[0]).toMatchObject({ before: { status: 'active' }, after: { status: 'ended' } });
  });

  it('an unknown rule is a 404', async () => {
    await expect(changeRuleStatus(db.store, actor, 'nope', 'pause', new Date())).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(saveRule(db.store, actor, 'nope', TEST15)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('automatic rules are saved from their JSON by the same schema and apply at the next recompute', async () => {
    const threshold = {
      kind: 'threshold',
      name: 'Spend $60, save $6',
      tiers: [
        {
          minimumSubtotal: { usd: 6000, jpy: 9000 },
          value: { type: 'amount_off', amountOff: { usd: 600, jpy: 900 } },
        },
      ],
    };
    const cart = await openCheckout(KIT, MUG); // 72.00
    const saved = await saveAutomaticRule(db.store, actor, null, JSON.stringify(threshold));
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    const recomputed = await toggleAddOn(h.deps, cart.shopper, cart.sessionId, 'gift_wrap', true);
    expect(recomputed).toMatchObject({ subtotal: 7700, totalDiscount: 600 });

    expect(
      await saveAutomaticRule(
        db.store,
        actor,
        saved.ruleId,
        '{"kind": "threshold", "name": "T", "tiers": []}',
      ),
    ).toEqual({
      ok: false,
      errors: { definition: expect.stringMatching(/^tiers: /) },
    });
    expect(await saveAutomaticRule(db.store, actor, null, '{"kind": ')).toMatchObject({
      ok: false,
      errors: { definition: expect.stringMatching(/^Enter the rule as JSON/) },
    });
    expect(
      await saveAutomaticRule(db.store, actor, null, JSON.stringify({ ...TEST15, kind: 'promotion_code' })),
    ).toMatchObject({ ok: false });
    expect((await listAdminChanges(db.store, 10)).map((entry) => entry.action)).toEqual(['rule.create']);
  });
});
