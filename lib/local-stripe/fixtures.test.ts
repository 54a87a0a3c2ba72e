import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { LocalStripe } from './local-stripe';
import { confirmWithCard, makeLocal, RETURN_URL, sdkFor } from './test-harness';

/**
 * Every object the local Stripe returns carries at least the top-level keys of Stripe's own
 * fixtures (../shared/stripe-fixtures, relative to the project root), so code written against
 * the local Stripe finds the same fields on the real API.
 */
const FIXTURES = fileURLToPath(
  new URL('../../../shared/stripe-fixtures/fixtures3.private_preview.subset.json', import.meta.url),
);
const SKIP_NOTE = `Stripe fixtures not found at ${FIXTURES} (../shared/stripe-fixtures is outside this clone); key-set comparison skipped.`;

function fixtureKeys(): Record<string, string[]> | null {
  if (!existsSync(FIXTURES)) return null;
  const parsed = JSON.parse(readFileSync(FIXTURES, 'utf8')) as {
    resources: Record<string, Record<string, unknown>>;
  };
  return Object.fromEntries(
    Object.entries(parsed.resources).map(([name, object]) => [name, Object.keys(object)]),
  );
}

/** Fixture resources the local Stripe deliberately lacks (README, "Not modelled"). */
const NOT_MODELLED = new Set(['deleted_coupon', 'promotion_code']);

let local: LocalStripe;
const objects: Record<string, object> = {};

beforeAll(async () => {
  local = makeLocal();
  const stripe = sdkFor(local);
  const product = await stripe.products.create({ name: 'Kit' });
  const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 4800 });
  const coupon = await stripe.coupons.create({ percent_off: 10 });
  const customer = await stripe.customers.create({ email: 'a@example.com' });
  const session = await stripe.checkout.sessions.create({
    ui_mode: 'elements',
    mode: 'payment',
    return_url: RETURN_URL,
    customer: customer.id,
    line_items: [{ price: price.id, quantity: 1 }],
  });
  await confirmWithCard(local, session);
  const completed = await stripe.checkout.sessions.retrieve(session.id);
  objects['checkout.session'] = completed;
  objects.product = await stripe.products.retrieve(product.id);
  objects.price = await stripe.prices.retrieve(price.id);
  objects.coupon = await stripe.coupons.retrieve(coupon.id);
  objects.customer = await stripe.customers.retrieve(customer.id);
  objects.item = (await stripe.checkout.sessions.listLineItems(session.id)).data[0] ?? {};
  objects.payment_intent = await stripe.paymentIntents.retrieve(String(completed.payment_intent));
  objects.event = (await stripe.events.list({ limit: 1 })).data[0] ?? {};
});

afterAll(async () => {
  await local.close();
});

test('every resource has the top-level keys of Stripe fixtures', (context) => {
  const fixtures = fixtureKeys();
  if (fixtures === null) {
    context.skip(SKIP_NOTE);
    return;
  }
  const missing: Record<string, string[]> = {};
  for (const [resource, keys] of Object.entries(fixtures)) {
    if (NOT_MODELLED.has(resource)) continue;
    const object = objects[resource];
    if (object === undefined) {
      missing[resource] = ['(the local Stripe does not return this resource)'];
      continue;
    }
    const absent = keys.filter((key) => !Object.hasOwn(object, key));
    if (absent.length > 0) missing[resource] = absent;
  }
  expect(missing).toEqual({});
});
