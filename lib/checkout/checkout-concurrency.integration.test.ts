import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import {
  BEANS,
  type CheckoutHarness,
  createCheckoutHarness,
  guest,
  KIT,
  lineId,
  ORIGIN,
  readCartRow,
  readStripeSession,
  TTL_MINUTES,
  usd,
} from './test-support';
import { createCheckoutSession, toggleAddOn } from './use-cases';

const options = { origin: ORIGIN, ttlMinutes: TTL_MINUTES };

// On Postgres the cart row lock (SELECT ... FOR UPDATE) serialises the two writers; on PGlite its
// single connection runs transactions one at a time. Either way neither click may be lost.
describe.each(TEST_DRIVERS)('concurrent add-on toggles on %s', (driver) => {
  const db = useTestStore(driver);
  let h: CheckoutHarness;
  beforeEach(async () => {
    h = await createCheckoutHarness(db.store);
  });
  afterEach(async () => {
    await h.close();
  });

  it('two toggles fired together both land, 50 sessions in a row', async () => {
    for (let round = 0; round < 50; round += 1) {
      const shopper = guest();
      const { sessionId } = await createCheckoutSession(h.deps, shopper, usd(KIT, BEANS), options);
      const created = await readStripeSession(h.stripe, sessionId);

      const views = await Promise.all([
        toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true),
        toggleAddOn(h.deps, shopper, sessionId, 'extended_warranty', true),
      ]);
      // One of them saw the other's result: versions 2 and 3, the later one with both add-ons.
      expect(views.map((view) => view.version).sort()).toEqual([2, 3]);
      expect(views.find((view) => view.version === 3)?.addOns).toEqual(['extended_warranty', 'gift_wrap']);

      expect(await readCartRow(db.store, sessionId), `round ${round}`).toMatchObject({
        version: 3,
        add_ons: ['extended_warranty', 'gift_wrap'],
      });
      const stripe = await readStripeSession(h.stripe, sessionId);
      expect(stripe.amountTotal, `round ${round}`).toBe(9100);
      expect(stripe.lines.map((line) => line.description)).toEqual([
        'Pour-over coffee kit',
        'Single-origin beans 250 g',
        'Gift wrap',
        'Extended warranty',
      ]);
      expect(lineId(stripe, 'Pour-over coffee kit')).toBe(lineId(created, 'Pour-over coffee kit'));
      expect(lineId(stripe, 'Single-origin beans 250 g')).toBe(lineId(created, 'Single-origin beans 250 g'));
    }
    expect(h.updateCalls()).toBe(100);
  });

  it('an add and a remove fired together on one session converge, 50 rounds on and off', async () => {
    const shopper = guest();
    const { sessionId } = await createCheckoutSession(h.deps, shopper, usd(KIT, BEANS), options);
    await toggleAddOn(h.deps, shopper, sessionId, 'extended_warranty', true);
    for (let round = 0; round < 50; round += 1) {
      // Odd rounds: warranty off, gift wrap on; even rounds: the reverse.
      const wrap = round % 2 === 0;
      await Promise.all([
        toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', wrap),
        toggleAddOn(h.deps, shopper, sessionId, 'extended_warranty', !wrap),
      ]);
      const expected = wrap ? ['gift_wrap'] : ['extended_warranty'];
      expect((await readCartRow(db.store, sessionId)).add_ons, `round ${round}`).toEqual(expected);
      expect((await readStripeSession(h.stripe, sessionId)).amountTotal, `round ${round}`).toBe(
        wrap ? 7100 : 8600,
      );
    }
    expect((await readCartRow(db.store, sessionId)).version).toBe(2 + 100);
  });
});
