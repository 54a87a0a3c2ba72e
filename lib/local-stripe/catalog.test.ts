import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { LocalStripe } from './local-stripe';
import { makeLocal, rejection, sdkFor } from './test-harness';

let local: LocalStripe;
let stripe: Stripe;
let clock: number;

beforeEach(() => {
  clock = Date.UTC(2026, 8, 1, 12, 0, 0);
  local = makeLocal({ now: () => clock });
  stripe = sdkFor(local);
});

afterEach(async () => {
  await local.close();
});

describe('products', () => {
  test('create, retrieve, update and list', async () => {
    const created = await stripe.products.create({
      name: 'Ceramic mug',
      description: 'Stoneware',
      metadata: { sku: 'MUG-1' },
      default_price_data: { currency: 'usd', unit_amount: 2400 },
    });
    expect(created).toMatchObject({
      object: 'product',
      livemode: false,
      active: true,
      name: 'Ceramic mug',
      metadata: { sku: 'MUG-1' },
      created: clock / 1000,
    });
    expect(created.id).toMatch(/^prod_\w{14}$/);
    expect(created.default_price).toMatch(/^price_\w{24}$/);

    const updated = await stripe.products.update(created.id, {
      name: 'Mug',
      description: '',
      metadata: { sku: '' },
    });
    expect(updated).toMatchObject({ name: 'Mug', description: null, metadata: {} });
    expect(
      (await stripe.products.retrieve(created.id, { expand: ['default_price'] })).default_price,
    ).toMatchObject({
      object: 'price',
      unit_amount: 2400,
    });

    const other = await stripe.products.create({ name: 'Grinder', active: false });
    expect((await stripe.products.list()).data.map((p) => p.id)).toEqual([other.id, created.id]);
    expect((await stripe.products.list({ active: true })).data.map((p) => p.id)).toEqual([created.id]);
    const missing = await rejection(stripe.products.retrieve('prod_missing'));
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});

describe('prices', () => {
  test('lookup keys: unique, transferable and listable', async () => {
    const product = await stripe.products.create({ name: 'Kit' });
    const v1 = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 4800,
      lookup_key: 'kit_usd',
    });
    expect(v1).toMatchObject({
      object: 'price',
      type: 'one_time',
      lookup_key: 'kit_usd',
      unit_amount: 4800,
      unit_amount_decimal: expect.anything(),
      billing_scheme: 'per_unit',
    });
    const clash = await rejection(
      stripe.prices.create({
        product: product.id,
        currency: 'usd',
        unit_amount: 5000,
        lookup_key: 'kit_usd',
      }),
    );
    expect(clash).toMatchObject({ param: 'lookup_key' });

    const v2 = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 5000,
      lookup_key: 'kit_usd',
      transfer_lookup_key: true,
    });
    const jpy = await stripe.prices.create({
      product: product.id,
      currency: 'jpy',
      unit_amount: 7200,
      lookup_key: 'kit_jpy',
    });
    expect((await stripe.prices.retrieve(v1.id)).lookup_key).toBeNull();

    const listed = await stripe.prices.list({
      lookup_keys: ['kit_usd', 'kit_jpy'],
      expand: ['data.product'],
    });
    expect(listed.data.map((price) => price.id)).toEqual([jpy.id, v2.id]);
    expect(listed.data[0]?.product).toMatchObject({ object: 'product', name: 'Kit' });
    expect((await stripe.prices.list({ active: true, product: product.id })).data.map((p) => p.id)).toEqual([
      jpy.id,
      v2.id,
      v1.id,
    ]);
  });

  test('product_data creates the product; product and product_data are exclusive', async () => {
    const price = await stripe.prices.create({
      currency: 'eur',
      unit_amount: 999,
      product_data: { name: 'Filter papers' },
    });
    const product = await stripe.products.retrieve(String(price.product));
    expect(product.name).toBe('Filter papers');
    const error = await rejection(
      stripe.prices.create({
        currency: 'eur',
        unit_amount: 1,
        product: product.id,
        product_data: { name: 'x' },
      }),
    );
    expect(error).toMatchObject({ code: 'parameters_exclusive' });
    const currency = await rejection(
      stripe.prices.create({ currency: 'xyz', unit_amount: 1, product: product.id }),
    );
    expect(currency).toMatchObject({
      param: 'currency',
      message: expect.stringContaining('Invalid currency: xyz'),
    });
  });
});

describe('coupons', () => {
  test('percent and amount coupons with their rules', async () => {
    const percent = await stripe.coupons.create({
      percent_off: 25.5,
      duration: 'repeating',
      duration_in_months: 3,
    });
    expect(percent).toMatchObject({
      object: 'coupon',
      percent_off: 25.5,
      amount_off: null,
      currency: null,
      duration: 'repeating',
      duration_in_months: 3,
      valid: true,
      times_redeemed: 0,
    });
    expect(percent.id).toMatch(/^[A-Z0-9]{8}$/);

    const amount = await stripe.coupons.create({
      id: 'SAVE20',
      amount_off: 2000,
      currency: 'usd',
      duration: 'once',
      max_redemptions: 100,
      redeem_by: clock / 1000 + 3600,
      name: 'Save $20',
    });
    expect(amount).toMatchObject({ id: 'SAVE20', amount_off: 2000, currency: 'usd', max_redemptions: 100 });

    expect(await rejection(stripe.coupons.create({ amount_off: 100 }))).toMatchObject({ param: 'currency' });
    expect(
      await rejection(stripe.coupons.create({ percent_off: 10, amount_off: 10, currency: 'usd' })),
    ).toMatchObject({
      code: 'parameters_exclusive',
    });
    expect(await rejection(stripe.coupons.create({ percent_off: 120 }))).toMatchObject({
      param: 'percent_off',
    });
    expect(await rejection(stripe.coupons.create({ id: 'SAVE20', percent_off: 1 }))).toMatchObject({
      code: 'resource_already_exists',
    });

    clock += 2 * 3600 * 1000;
    expect((await stripe.coupons.retrieve('SAVE20')).valid).toBe(false);

    const product = await stripe.products.create({ name: 'Mug' });
    const restricted = await stripe.coupons.create({
      percent_off: 10,
      applies_to: { products: [product.id] },
    });
    const expanded = await stripe.coupons.retrieve(restricted.id, { expand: ['applies_to'] });
    expect(expanded.applies_to).toEqual({ products: [product.id] });

    expect((await stripe.coupons.list()).data.map((coupon) => coupon.id)).toEqual([
      restricted.id,
      'SAVE20',
      percent.id,
    ]);
    expect(await rejection(stripe.coupons.retrieve('MISSING'))).toMatchObject({ statusCode: 404 });
  });
});

describe('customers', () => {
  test('create, retrieve and list by email', async () => {
    const customer = await stripe.customers.create({
      email: 'vip@example.com',
      name: 'Vip',
      metadata: { tier: 'vip' },
      address: { country: 'JP', city: 'Tokyo' },
    });
    expect(customer).toMatchObject({
      object: 'customer',
      email: 'vip@example.com',
      name: 'Vip',
      balance: 0,
      delinquent: false,
      address: { country: 'JP', city: 'Tokyo', line1: null },
    });
    expect(customer.id).toMatch(/^cus_\w{14}$/);
    await expect(stripe.customers.retrieve(customer.id)).resolves.toMatchObject({ name: 'Vip' });
    await stripe.customers.create({ email: 'other@example.com' });
    expect((await stripe.customers.list({ email: 'vip@example.com' })).data.map((c) => c.id)).toEqual([
      customer.id,
    ]);
    const invalid = await rejection(stripe.customers.create({ email: 'not-an-email' }));
    expect(invalid).toMatchObject({ param: 'email', code: 'email_invalid' });
  });
});
