import { describe, expect, it } from 'vitest';
import { LINE_KEY_METADATA, lineItemsForCreate, lineItemsForUpdate, matchLineItemIds } from './order-lines';

const cart = {
  currency: 'usd',
  items: [{ productId: 'pour-over-kit', quantity: 2 }],
  addOns: ['gift_wrap'],
} as const satisfies Parameters<typeof matchLineItemIds>[0];
const priceIds = { 'pour-over-kit': 'price_kit' };
const item = (id: string, key?: string): { id: string; metadata: Record<string, string> } => ({
  id,
  metadata: key === undefined ? {} : { [LINE_KEY_METADATA]: key },
});

describe('line identity', () => {
  it('tags every new line item with its line key', () => {
    expect(lineItemsForCreate(cart, priceIds)).toEqual([
      { price: 'price_kit', quantity: 2, metadata: { line_key: 'product:pour-over-kit' } },
      {
        price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'Gift wrap' } },
        quantity: 1,
        metadata: { line_key: 'add_on:gift_wrap' },
      },
    ]);
    expect(lineItemsForUpdate(cart, { 'product:pour-over-kit': 'li_kit' }, priceIds)).toEqual([
      { id: 'li_kit', quantity: 2 },
      expect.objectContaining({ metadata: { line_key: 'add_on:gift_wrap' } }),
    ]);
  });

  it('matches Stripe line items by the key in their metadata, whatever their name or order', () => {
    // Neither description nor position is read: a renamed product is still the same line.
    const items = [
      { ...item('li_wrap', 'add_on:gift_wrap'), description: 'Gift wrapping (new name)' },
      { ...item('li_kit', 'product:pour-over-kit'), description: 'Pour-over kit, second edition' },
    ];
    expect(matchLineItemIds(cart, items)).toEqual({
      'product:pour-over-kit': 'li_kit',
      'add_on:gift_wrap': 'li_wrap',
    });
  });

  it('leaves a line unmatched rather than guess: no key, a key we do not want, or a second copy', () => {
    const items = [
      item('li_unkeyed'),
      item('li_warranty', 'add_on:extended_warranty'),
      item('li_kit', 'product:pour-over-kit'),
      item('li_kit_copy', 'product:pour-over-kit'),
    ];
    expect(matchLineItemIds(cart, items)).toEqual({ 'product:pour-over-kit': 'li_kit' });
  });
});
