import { describe, expect, test } from 'vitest';
import { ADD_ONS, getAddOn, getProduct, isAddOnId, isProductId, listCatalogPrices, PRODUCTS } from './index';

describe('catalog', () => {
  test.each([
    ['pour-over-kit', 'Pour-over coffee kit', 4800, 7200],
    ['single-origin-beans', 'Single-origin beans 250 g', 1800, 2700],
    ['ceramic-mug', 'Ceramic mug', 2400, 3600],
    ['burr-grinder', 'Burr grinder', 12000, 18000],
  ] as const)('%s is %s at %i cents / %i yen', (id, name, usd, jpy) => {
    expect(getProduct(id)).toMatchObject({ name, prices: { usd, jpy } });
  });

  test.each([
    ['gift_wrap', 'Gift wrap', 500, 750],
    ['express_shipping', 'Express shipping', 1500, 2250],
    ['extended_warranty', 'Extended warranty', 2000, 3000],
  ] as const)('add-on %s is %s at %i cents / %i yen', (id, name, usd, jpy) => {
    expect(getAddOn(id)).toMatchObject({ name, prices: { usd, jpy } });
  });

  test('ids are recognised and unknown ids are not', () => {
    expect(isProductId('ceramic-mug')).toBe(true);
    expect(isProductId('gift_wrap')).toBe(false);
    expect(isAddOnId('gift_wrap')).toBe(true);
    expect(isAddOnId('__proto__')).toBe(false);
  });

  test('every price has a unique, stable lookup key', () => {
    const keys = listCatalogPrices().map((price) => price.lookupKey);
    expect(keys).toHaveLength(PRODUCTS.length * 2);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('embedded-checkout:burr-grinder:jpy');
  });

  test('all prices are positive integers in minor units', () => {
    for (const item of [...PRODUCTS, ...ADD_ONS]) {
      for (const amount of Object.values(item.prices))
        expect(Number.isSafeInteger(amount) && amount > 0).toBe(true);
    }
  });
});
