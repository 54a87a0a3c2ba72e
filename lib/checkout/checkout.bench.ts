import { afterAll, bench, describe } from 'vitest';
import { DEMO_RULES } from '@/lib/discounts';
import { openTestStore, TEST_DRIVERS } from '@/lib/store/test-support';
import { seedDiscountRules } from './discount-rules';
import { createCheckoutHarness } from './test-support';
import { createCheckoutSession, refreshDiscounts, toggleAddOn } from './use-cases';

/**
 * `npm run bench`: how long one shopper change takes end to end on the server - row lock, discount
 * evaluation, one Stripe session update (the in-process local Stripe, so this measures our side),
 * save, commit - on each database driver. Figures, not assertions: the machine is shared.
 */
for (const driver of TEST_DRIVERS) {
  const { store, cleanup } = await openTestStore(driver);
  await seedDiscountRules(store, DEMO_RULES);
  const harness = await createCheckoutHarness(store);
  const shopper = { browserId: 'bench-browser', customer: null };
  const view = await createCheckoutSession(
    harness.deps,
    shopper,
    {
      items: [
        { productId: 'pour-over-kit', quantity: 1 },
        { productId: 'burr-grinder', quantity: 1 },
      ],
      currency: 'usd',
    },
    { origin: 'https://bench.example.test', ttlMinutes: 60 },
  );
  let selected = false;

  describe(`checkout change on ${driver}`, () => {
    afterAll(async () => {
      await harness.close();
      await cleanup();
    });

    bench(
      'toggle an add-on (lock, discounts, Stripe update, save)',
      async () => {
        selected = !selected;
        await toggleAddOn(harness.deps, shopper, view.sessionId, 'gift_wrap', selected);
      },
      { iterations: 200, time: 0 },
    );

    bench(
      'final recompute before payment (retrieve, forced push, save)',
      async () => {
        await refreshDiscounts(harness.deps, shopper, view.sessionId);
      },
      { iterations: 100, time: 0 },
    );
  });
}
