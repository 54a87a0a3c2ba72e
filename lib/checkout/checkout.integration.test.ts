import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { TEST_DRIVERS, useTestStore } from '@/lib/store/test-support';
import type { Shopper } from './shopper';
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
  rejectionOf,
  TTL_MINUTES,
  usd,
} from './test-support';
import { createCheckoutSession, getOwnedCart, toggleAddOn } from './use-cases';

const options = { origin: ORIGIN, ttlMinutes: TTL_MINUTES };

describe.each(TEST_DRIVERS)('createCheckoutSession on %s', (driver) => {
  const db = useTestStore(driver);
  let h: CheckoutHarness;
  beforeEach(async () => {
    h = await createCheckoutHarness(db.store);
  });
  afterEach(async () => {
    await h.close();
  });

  it('creates the session from server-side prices with server-only permissions', async () => {
    const shopper = guest();
    const view = await createCheckoutSession(
      h.deps,
      shopper,
      { ...usd(KIT, BEANS), clientReferenceId: 'partner-order_42' },
      options,
    );

    const session = await h.stripe.checkout.sessions.retrieve(view.sessionId);
    expect(session.amount_subtotal).toBe(6600);
    expect(session.amount_total).toBe(6600);
    expect(session.currency).toBe('usd');
    expect(session.ui_mode).toBe('elements');
    expect(session.mode).toBe('payment');
    expect(session.status).toBe('open');
    expect(session.permissions).toMatchObject({
      update_discounts: 'server_only',
      update_line_items: 'server_only',
      update_shipping_details: 'server_only',
    });
    expect(session.shipping_address_collection?.allowed_countries).toEqual([
      'US',
      'JP',
      'GB',
      'CA',
      'AU',
      'DE',
      'FR',
    ]);
    expect(session.return_url).toBe(`${ORIGIN}/checkout/return?session_id={CHECKOUT_SESSION_ID}`);
    expect(session.client_reference_id).toBe('partner-order_42');
    expect(session.expires_at).toBe(Math.floor(h.now.getTime() / 1000) + TTL_MINUTES * 60);

    const owned = await getOwnedCart(db.store, shopper, view.sessionId);
    if (owned.kind !== 'ok') throw new Error(`expected the cart, got ${owned.kind}`);
    const cart = owned.cart;
    expect(session.metadata).toMatchObject({ cart_id: cart.id, cart_reference: cart.reference });
    expect(cart).toMatchObject({
      sessionId: view.sessionId,
      browserId: shopper.browserId,
      currency: 'usd',
      items: [KIT, BEANS],
      addOns: [],
      clientReferenceId: 'partner-order_42',
      status: 'open',
      version: 1,
    });
    expect(cart.expiresAt.getTime()).toBe((Math.floor(h.now.getTime() / 1000) + TTL_MINUTES * 60) * 1000);
    const stripeLines = await readStripeSession(h.stripe, view.sessionId);
    expect(stripeLines.lines.map((line) => [line.description, line.amount])).toEqual([
      ['Pour-over coffee kit', 4800],
      ['Single-origin beans 250 g', 1800],
    ]);
    expect(cart.lineItemIds).toEqual({
      'product:pour-over-kit': lineId(stripeLines, 'Pour-over coffee kit'),
      'product:single-origin-beans': lineId(stripeLines, 'Single-origin beans 250 g'),
    });
    expect(view).toMatchObject({ subtotal: 6600, totalDiscount: 0, total: 6600, version: 1 });

    expect(await getOwnedCart(db.store, guest(), view.sessionId)).toEqual({ kind: 'forbidden' });
    expect(await getOwnedCart(db.store, shopper, 'cs_test_nothing')).toEqual({ kind: 'not_found' });
  });

  it('a retried request (same Idempotency-Key, same body) returns the same session; other content does not', async () => {
    const shopper = guest();
    const retry = { ...options, idempotencyKey: 'click-0001' };
    const first = await createCheckoutSession(h.deps, shopper, usd(KIT, BEANS), retry);
    const again = await createCheckoutSession(h.deps, shopper, usd(KIT, BEANS), retry);
    expect(again.sessionId).toBe(first.sessionId);
    expect(again.reference).toBe(first.reference);

    const other = await createCheckoutSession(h.deps, shopper, usd(KIT), retry);
    expect(other.sessionId).not.toBe(first.sessionId);
    expect((await h.stripe.checkout.sessions.retrieve(other.sessionId)).amount_total).toBe(4800);

    const { rows } = await db.store.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM carts WHERE browser_id = $1',
      [shopper.browserId],
    );
    expect(rows[0]?.count).toBe(2);
    const sessions = await h.stripe.checkout.sessions.list({ limit: 100 });
    expect(sessions.data.map((session) => session.id).sort()).toEqual(
      [first.sessionId, other.sessionId].sort(),
    );
  });

  it('a double click (two concurrent requests with one Idempotency-Key) gets one session', async () => {
    // The two requests race through the same awaits; repeated, so an unlucky interleaving shows.
    for (let round = 0; round < 20; round += 1) {
      const shopper = guest();
      const retry = { ...options, idempotencyKey: `double-click-${round}` };
      const [first, second] = await Promise.all([
        createCheckoutSession(h.deps, shopper, usd(KIT, BEANS), retry),
        createCheckoutSession(h.deps, shopper, usd(KIT, BEANS), retry),
      ]);
      expect(second.sessionId, `round ${round}`).toBe(first.sessionId);
      const { rows } = await db.store.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM carts WHERE browser_id = $1',
        [shopper.browserId],
      );
      expect(rows[0]?.count).toBe(1);
    }
  });

  it('without an Idempotency-Key the same content in the same minute is a new checkout', async () => {
    const shopper = guest();
    const first = await createCheckoutSession(h.deps, shopper, usd(KIT, BEANS), options);
    const second = await createCheckoutSession(h.deps, shopper, usd(KIT, BEANS), options);
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(second.reference).not.toBe(first.reference);
  });

  it('prices a JPY cart in whole yen, add-ons included', async () => {
    const shopper = guest();
    const view = await createCheckoutSession(
      h.deps,
      shopper,
      { currency: 'jpy', items: [KIT, BEANS] },
      options,
    );
    const snapshot = await readStripeSession(h.stripe, view.sessionId);
    expect(snapshot.lines.map((line) => line.amount)).toEqual([7200, 2700]);
    expect(snapshot.amountTotal).toBe(9900);
    expect(view).toMatchObject({ currency: 'jpy', subtotal: 9900, total: 9900 });

    const wrapped = await toggleAddOn(h.deps, shopper, view.sessionId, 'gift_wrap', true);
    expect(wrapped).toMatchObject({ subtotal: 10650, total: 10650 });
    const after = await readStripeSession(h.stripe, view.sessionId);
    expect(after.lines.map((line) => line.amount)).toEqual([7200, 2700, 750]);
    expect(after.amountTotal).toBe(10650);
  });
});

describe.each(TEST_DRIVERS)('toggleAddOn on %s', (driver) => {
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

  it('adds and removes add-ons in Stripe and keeps the product line item ids', async () => {
    const created = await readStripeSession(h.stripe, sessionId);
    const kitId = lineId(created, 'Pour-over coffee kit');
    const beansId = lineId(created, 'Single-origin beans 250 g');

    const wrapped = await toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true);
    expect(wrapped).toMatchObject({ addOns: ['gift_wrap'], subtotal: 7100, total: 7100, version: 2 });
    const afterWrap = await readStripeSession(h.stripe, sessionId);
    expect(afterWrap.amountTotal).toBe(7100);
    expect(afterWrap.lines.map((line) => [line.description, line.amount])).toEqual([
      ['Pour-over coffee kit', 4800],
      ['Single-origin beans 250 g', 1800],
      ['Gift wrap', 500],
    ]);
    const wrapId = lineId(afterWrap, 'Gift wrap');

    const warranted = await toggleAddOn(h.deps, shopper, sessionId, 'extended_warranty', true);
    expect(warranted).toMatchObject({
      addOns: ['extended_warranty', 'gift_wrap'],
      total: 9100,
      version: 3,
    });
    const afterWarranty = await readStripeSession(h.stripe, sessionId);
    expect(afterWarranty.amountTotal).toBe(9100);
    // Existing lines, add-ons included, keep their ids when another line is added.
    expect(lineId(afterWarranty, 'Gift wrap')).toBe(wrapId);

    const unwrapped = await toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', false);
    expect(unwrapped).toMatchObject({ addOns: ['extended_warranty'], total: 8600, version: 4 });
    const afterUnwrap = await readStripeSession(h.stripe, sessionId);
    expect(afterUnwrap.amountTotal).toBe(8600);
    expect(afterUnwrap.lines.map((line) => [line.description, line.amount])).toEqual([
      ['Pour-over coffee kit', 4800],
      ['Single-origin beans 250 g', 1800],
      ['Extended warranty', 2000],
    ]);

    for (const snapshot of [afterWrap, afterWarranty, afterUnwrap]) {
      expect(lineId(snapshot, 'Pour-over coffee kit')).toBe(kitId);
      expect(lineId(snapshot, 'Single-origin beans 250 g')).toBe(beansId);
    }
    const row = await readCartRow(db.store, sessionId);
    expect(row).toMatchObject({ version: 4, add_ons: ['extended_warranty'] });
    expect(row.line_item_ids).toEqual({
      'product:pour-over-kit': kitId,
      'product:single-origin-beans': beansId,
      'add_on:extended_warranty': lineId(afterUnwrap, 'Extended warranty'),
    });
  });

  it('keeps a product’s line item when the product is renamed in Stripe (same price)', async () => {
    const { line_item_ids: created } = await readCartRow(db.store, sessionId);
    const kitId = created['product:pour-over-kit'];
    const kitItem = (await h.stripe.checkout.sessions.listLineItems(sessionId)).data.find(
      (item) => item.id === kitId,
    );
    const productId = kitItem?.price?.product;
    if (typeof productId !== 'string') throw new Error('the kit line item has no product');
    await h.stripe.products.update(productId, { name: 'Pour-over kit, second edition' });

    await toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true);
    await toggleAddOn(h.deps, shopper, sessionId, 'extended_warranty', true);

    const after = await readStripeSession(h.stripe, sessionId);
    expect(after.lines.map((line) => [line.description, line.amount])).toEqual([
      ['Pour-over kit, second edition', 4800],
      ['Single-origin beans 250 g', 1800],
      ['Gift wrap', 500],
      ['Extended warranty', 2000],
    ]);
    expect(lineId(after, 'Pour-over kit, second edition')).toBe(kitId);
    expect((await readCartRow(db.store, sessionId)).line_item_ids).toEqual({
      'product:pour-over-kit': kitId,
      'product:single-origin-beans': created['product:single-origin-beans'],
      'add_on:gift_wrap': lineId(after, 'Gift wrap'),
      'add_on:extended_warranty': lineId(after, 'Extended warranty'),
    });
  });

  it('makes no Stripe call and keeps the version when the add-on is already selected', async () => {
    const first = await toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true);
    const callsBefore = h.updateCalls();
    expect(callsBefore).toBe(1);

    const repeated = await toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true);
    expect(h.updateCalls()).toBe(callsBefore);
    expect(repeated).toMatchObject({ version: first.version, addOns: ['gift_wrap'], total: 7100 });

    // Deselecting what is not selected is no change either.
    const none = await toggleAddOn(h.deps, shopper, sessionId, 'extended_warranty', false);
    expect(h.updateCalls()).toBe(callsBefore);
    expect(none.version).toBe(first.version);
    expect((await readCartRow(db.store, sessionId)).version).toBe(first.version);
  });

  it('answers add_on_not_found, forbidden and session_not_found without calling Stripe', async () => {
    const unknown = await rejectionOf(toggleAddOn(h.deps, shopper, sessionId, 'free_pony', true));
    expect(unknown).toBeInstanceOf(AppError);
    expect(unknown).toMatchObject({ code: 'add_on_not_found', status: 404 });

    const stranger = await rejectionOf(toggleAddOn(h.deps, guest(), sessionId, 'gift_wrap', true));
    expect(stranger).toBeInstanceOf(AppError);
    expect(stranger).toMatchObject({ code: 'forbidden', status: 403 });

    const missing = await rejectionOf(toggleAddOn(h.deps, shopper, 'cs_test_missing', 'gift_wrap', true));
    expect(missing).toBeInstanceOf(AppError);
    expect(missing).toMatchObject({ code: 'session_not_found', status: 404 });

    expect(h.updateCalls()).toBe(0);
    expect(await readCartRow(db.store, sessionId)).toMatchObject({ version: 1, add_ons: [] });
  });

  it('answers session_not_open once the session has expired', async () => {
    const row = await readCartRow(db.store, sessionId);
    await h.advanceClock(sessionId, (TTL_MINUTES + 1) * 60);
    expect((await h.stripe.checkout.sessions.retrieve(sessionId)).status).toBe('expired');

    const later = new Date(h.now.getTime() + (TTL_MINUTES + 1) * 60_000);
    const error = await rejectionOf(
      toggleAddOn({ ...h.deps, now: () => later }, shopper, sessionId, 'gift_wrap', true),
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'session_not_open', status: 409 });
    expect(h.updateCalls()).toBe(0);
    expect(await readCartRow(db.store, sessionId)).toEqual(row);
  });

  it('answers session_not_open when Stripe expired the session before our clock did', async () => {
    const row = await readCartRow(db.store, sessionId);
    await h.advanceClock(sessionId, (TTL_MINUTES + 1) * 60);

    // Our clock still says open: Stripe refuses the update and the refusal is explained.
    const error = await rejectionOf(toggleAddOn(h.deps, shopper, sessionId, 'gift_wrap', true));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'session_not_open', status: 409 });
    expect(await readCartRow(db.store, sessionId)).toEqual(row);
  });
});
