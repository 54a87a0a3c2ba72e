import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '@/lib/store';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import { shippingAddressSchema } from './contract';
import type { Shopper } from './shopper';
import {
  BEANS,
  type CheckoutHarness,
  createCheckoutHarness,
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

/** The store, except that the first transaction after `armed()` turns true fails like a lost connection. */
function failingOnce(store: Store, armed: () => boolean): Store & { failures: () => number } {
  let failures = 0;
  return {
    driver: store.driver,
    query: store.query.bind(store),
    transaction: (fn) => {
      if (failures === 0 && armed()) {
        failures += 1;
        return Promise.reject(new Error('injected: the database connection was lost'));
      }
      return store.transaction(fn);
    },
    close: () => store.close(),
    failures: () => failures,
  };
}

/** Stripe and the database agree: Stripe's line items are the cart's, and its shipping is the cart's. */
async function expectStripeEqualsCart(store: Store, stripe: Stripe, sessionId: string) {
  const row = await readCartRow(store, sessionId);
  const snapshot = await readStripeSession(stripe, sessionId);
  expect(snapshot.lines.map(({ id }) => id).sort()).toEqual(Object.values(row.line_item_ids).sort());
  const { rows } = await store.query<{ shipping: unknown; decision: { total: number } | null }>(
    'SELECT shipping, decision FROM carts WHERE stripe_session_id = $1',
    [sessionId],
  );
  expect(snapshot.amountTotal).toBe(rows[0]?.decision?.total);
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  expect(session.collected_information?.shipping_details?.name ?? null).toBe(
    (rows[0]?.shipping as { name?: string } | null)?.name ?? null,
  );
  return { row, snapshot };
}

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
    const before = await expectStripeEqualsCart(db.store, h.stripe, sessionId);
    const updatesBefore = h.updateCalls();
    const store = failingOnce(db.store, () => h.updateCalls() > updatesBefore);

    const error = await rejectionOf(toggleAddOn({ ...h.deps, store }, shopper, sessionId, 'gift_wrap', true));
    expect(String(error)).toContain('injected');
    expect(store.failures()).toBe(1);

    const after = await expectStripeEqualsCart(db.store, h.stripe, sessionId);
    expect(after.row.add_ons).toEqual([]);
    expect(after.snapshot.amountTotal).toBe(before.snapshot.amountTotal);
    // The next change works normally.
    const view = await toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true);
    expect(view.addOns).toEqual(['gift_wrap']);
    await expectStripeEqualsCart(db.store, h.stripe, sessionId);
  });

  it('a NUL in the shipping name, past the schema, leaves Stripe as the stored cart (issue 15 finding 4)', async () => {
    await toggleAddOn(h.deps, shopper, sessionId, 'express_shipping', true);
    const before = await expectStripeEqualsCart(db.store, h.stripe, sessionId);
    const shipping = {
      name: 'Ada\u0000Lovelace',
      address: { line1: '1-1 Chiyoda', city: 'Tokyo', postal_code: '100-0001', country: 'JP' },
    };
    const error = await rejectionOf(setShippingAddress(h.deps, shopper, sessionId, shipping));
    expect(error).toMatchObject({ code: 'invalid_request', status: 400 });
    const after = await expectStripeEqualsCart(db.store, h.stripe, sessionId);
    expect(after.snapshot.amountTotal).toBe(before.snapshot.amountTotal);
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
