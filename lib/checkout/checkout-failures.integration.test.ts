import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import type { Shopper } from './shopper';
import {
  BEANS,
  type CheckoutHarness,
  createCheckoutHarness,
  expectCartMatchesSession,
  guest,
  KIT,
  lineId,
  ORIGIN,
  readCartRow,
  readStripeSession,
  rejectionOf,
  STRIPE_CALL_TIMEOUT_MS,
  TTL_MINUTES,
  usd,
} from './test-support';
import { createCheckoutSession, toggleAddOn } from './use-cases';

const options = { origin: ORIGIN, ttlMinutes: TTL_MINUTES };
// Longer than the client's timeout, so the SDK gives up while the local Stripe applies the update.
const HELD_MS = STRIPE_CALL_TIMEOUT_MS + 1_500;

describe.each(TEST_DRIVERS)('Stripe failures during a change on %s', (driver) => {
  const db = useTestStore(driver);
  let h: CheckoutHarness;
  let shopper: Shopper;
  let sessionId: string;
  const sessionUpdates = () => `^/v1/checkout/sessions/${sessionId}$`;
  beforeEach(async () => {
    h = await createCheckoutHarness(db.store);
    shopper = guest();
    sessionId = (await createCheckoutSession(h.deps, shopper, usd(KIT, BEANS), options)).sessionId;
  });
  afterEach(async () => {
    await h.close();
  });

  it('a Stripe server error rejects as stripe_error, changes nothing, and the next try succeeds', async () => {
    const rowBefore = await readCartRow(db.store, sessionId);
    const stripeBefore = await readStripeSession(h.stripe, sessionId);
    await h.fault({ path: sessionUpdates(), count: 1, kind: 'server_error' });

    const error = await rejectionOf(toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'stripe_error', status: 502 });
    expect((error as AppError).cause).toMatchObject({ type: 'StripeAPIError', statusCode: 500 });
    expect(await readCartRow(db.store, sessionId)).toEqual(rowBefore);
    expect(await readStripeSession(h.stripe, sessionId)).toEqual(stripeBefore);

    const view = await toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true);
    expect(view).toMatchObject({ addOns: ['gift_wrap'], total: 7100, version: rowBefore.version + 1 });
    const after = await readStripeSession(h.stripe, sessionId);
    expect(after.amountTotal).toBe(7100);
    expect(lineId(after, 'Pour-over coffee kit')).toBe(lineId(stripeBefore, 'Pour-over coffee kit'));
  });

  it('a rate-limited update rejects and changes nothing', async () => {
    const rowBefore = await readCartRow(db.store, sessionId);
    await h.fault({ path: sessionUpdates(), count: 1, kind: 'rate_limit' });
    const error = await rejectionOf(toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true));
    expect(error).toMatchObject({ code: 'stripe_error', status: 502 });
    expect((error as AppError).cause).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(await readCartRow(db.store, sessionId)).toEqual(rowBefore);
    expect((await readStripeSession(h.stripe, sessionId)).amountTotal).toBe(6600);
  });

  it('one timeout is reconciled: retrieve, push again, succeed with the line item ids kept', async () => {
    await toggleAddOn(h.deps, shopper, sessionId, 'extended_warranty', true);
    const before = await readStripeSession(h.stripe, sessionId);
    const callsBefore = h.updateCalls();
    await h.fault({ path: sessionUpdates(), count: 1, kind: 'timeout', delayMs: HELD_MS });

    const view = await toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true);
    expect(h.updateCalls() - callsBefore).toBe(2);
    expect(view).toMatchObject({
      addOns: ['extended_warranty', 'gift_wrap'],
      subtotal: 9100,
      total: 9100,
      version: 3,
    });
    const after = await readStripeSession(h.stripe, sessionId);
    expect(after.amountTotal).toBe(9100);
    // The timed-out update did land; the second push must not add a second gift wrap.
    expect(after.lines.map((line) => [line.description, line.amount])).toEqual([
      ['Pour-over coffee kit', 4800],
      ['Single-origin beans 250 g', 1800],
      ['Gift wrap', 500],
      ['Extended warranty', 2000],
    ]);
    for (const name of ['Pour-over coffee kit', 'Single-origin beans 250 g', 'Extended warranty']) {
      expect(lineId(after, name)).toBe(lineId(before, name));
    }
    const row = await readCartRow(db.store, sessionId);
    expect(row).toMatchObject({ version: 3, add_ons: ['extended_warranty', 'gift_wrap'] });
    expect(row.line_item_ids['add_on:gift_wrap']).toBe(lineId(after, 'Gift wrap'));
  });

  it('two timeouts reject as stripe_timeout, leave the cart as it was, and the next change converges', async () => {
    const rowBefore = await readCartRow(db.store, sessionId);
    await h.fault({ path: sessionUpdates(), count: 2, kind: 'timeout', delayMs: HELD_MS });

    const error = await rejectionOf(toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true));
    expect(error).toMatchObject({ code: 'stripe_timeout', status: 504 });
    expect((error as AppError).cause).toMatchObject({ type: 'StripeConnectionError' });
    expect(await readCartRow(db.store, sessionId)).toEqual(rowBefore);
    // Both timed-out updates landed; the stored cart was pushed again before the answer.
    await expectCartMatchesSession(db.store, h.stripe, sessionId);
    expect((await readStripeSession(h.stripe, sessionId)).amountTotal).toBe(6600);

    const view = await toggleAddOn(h.deps, shopper, sessionId, 'extended_warranty', true);
    expect(view).toMatchObject({ addOns: ['extended_warranty'], total: 8600 });
    const after = await readStripeSession(h.stripe, sessionId);
    expect(after.amountTotal).toBe(8600);
    expect(after.lines.map((line) => line.description)).toEqual([
      'Pour-over coffee kit',
      'Single-origin beans 250 g',
      'Extended warranty',
    ]);
  });
});
