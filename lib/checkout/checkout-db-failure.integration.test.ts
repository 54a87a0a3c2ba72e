import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import { shippingAddressSchema } from './contract';
import type { Shopper } from './shopper';
import {
  BEANS,
  type CheckoutHarness,
  createCheckoutHarness,
  expectCartMatchesSession,
  failingStore,
  guest,
  KIT,
  ORIGIN,
  readCartRow,
  readStripeSession,
  rejectionOf,
  TTL_MINUTES,
  usd,
} from './test-support';
import { createCheckoutSession, setShippingAddress, toggleAddOn } from './use-cases';

const options = { origin: ORIGIN, ttlMinutes: TTL_MINUTES };

describe.each(TEST_DRIVERS)('a database failure after the Stripe push on %s', (driver) => {
  const db = useTestStore(driver);
  let h: CheckoutHarness;
  let shopper: Shopper;
  let sessionId: string;
  beforeEach(async () => {
    h = await createCheckoutHarness(db.store);
    shopper = guest();
    sessionId = (await createCheckoutSession(h.deps, shopper, usd(KIT, BEANS), options)).sessionId;
  });
  afterEach(async () => {
    await h.close();
  });

  it('re-pushes the stored cart, so Stripe and the database agree when the change returns', async () => {
    await expectCartMatchesSession(db.store, h.stripe, sessionId);
    const before = await readStripeSession(h.stripe, sessionId);
    const updatesBefore = h.updateCalls();
    const store = failingStore(db.store, () => h.updateCalls() > updatesBefore);

    const error = await rejectionOf(toggleAddOn({ ...h.deps, store }, shopper, sessionId, 'gift_wrap', true));
    expect(String(error)).toContain('injected');
    expect(store.failures()).toBe(1);

    await expectCartMatchesSession(db.store, h.stripe, sessionId);
    expect((await readCartRow(db.store, sessionId)).add_ons).toEqual([]);
    expect((await readStripeSession(h.stripe, sessionId)).amountTotal).toBe(before.amountTotal);
    // The next change works normally.
    const view = await toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true);
    expect(view.addOns).toEqual(['gift_wrap']);
    await expectCartMatchesSession(db.store, h.stripe, sessionId);
  });

  it('a NUL in the shipping name, past the schema, leaves Stripe as the stored cart (issue 15 finding 4)', async () => {
    await toggleAddOn(h.deps, shopper, sessionId, 'express_shipping', true);
    await expectCartMatchesSession(db.store, h.stripe, sessionId);
    const before = await readStripeSession(h.stripe, sessionId);
    const shipping = {
      name: 'Ada\u0000Lovelace',
      address: { line1: '1-1 Chiyoda', city: 'Tokyo', postal_code: '100-0001', country: 'JP' },
    };
    const error = await rejectionOf(setShippingAddress(h.deps, shopper, sessionId, shipping));
    expect(error).toMatchObject({ code: 'invalid_request', status: 400 });
    await expectCartMatchesSession(db.store, h.stripe, sessionId);
    expect((await readStripeSession(h.stripe, sessionId)).amountTotal).toBe(before.amountTotal);
  });

  it('the route schema refuses the NUL before anything runs', () => {
    const shipping = {
      name: 'Ada\u0000Lovelace',
      address: { line1: '1-1 Chiyoda', city: 'Tokyo', postal_code: '100-0001', country: 'JP' },
    };
    expect(shippingAddressSchema.safeParse(shipping).success).toBe(false);
    for (const bad of ['\u0007', '\n', '\u001b[31m', '\u202e', '\u0085']) {
      expect(
        shippingAddressSchema.safeParse({ ...shipping, name: `Ada${bad}` }).success,
        JSON.stringify(bad),
      ).toBe(false);
    }
    expect(shippingAddressSchema.safeParse({ ...shipping, name: 'Åda Lovelace-Byron' }).success).toBe(true);
  });
});
