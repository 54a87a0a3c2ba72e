import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_QUANTITY, PRODUCT_IDS } from '@/lib/catalog';
import { cartLineSchema } from '@/lib/checkout/contract';
import { EMPTY_CART, parseCartLine, parseStoredCart } from './stored-cart';

/** Values near a cart line: right and wrong products, quantities around the limits, extra keys. */
const nearLine = fc.record(
  {
    productId: fc.oneof(fc.constantFrom(...PRODUCT_IDS), fc.string(), fc.integer(), fc.constant(null)),
    quantity: fc.oneof(
      fc.integer({ min: -2, max: MAX_QUANTITY + 2 }),
      fc.double(),
      fc.constantFrom(1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '3', null),
    ),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);

const schemaVerdict = (value: unknown) => {
  const parsed = cartLineSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

describe('parseCartLine agrees with the route schema cartLineSchema', () => {
  it('on generated values near a cart line', () => {
    fc.assert(
      fc.property(nearLine, (value) => {
        expect(parseCartLine(value)).toEqual(schemaVerdict(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('on anything at all', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(parseCartLine(value)).toEqual(schemaVerdict(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts every product at 1 and MAX_QUANTITY and refuses 0 and MAX_QUANTITY + 1', () => {
    for (const productId of PRODUCT_IDS) {
      for (const quantity of [1, MAX_QUANTITY]) expect(parseCartLine({ productId, quantity })).not.toBeNull();
      for (const quantity of [0, MAX_QUANTITY + 1]) expect(parseCartLine({ productId, quantity })).toBeNull();
    }
  });
});

describe('parseStoredCart', () => {
  it('keeps the valid lines and strings, drops the rest of an older or edited cart', () => {
    expect(
      parseStoredCart({
        items: [{ productId: 'ceramic-mug', quantity: 2 }, { productId: 'teapot', quantity: 1 }, 'x'],
        clientReferenceId: 42,
        checkoutSessionId: 'cs_test_1',
      }),
    ).toEqual({
      items: [{ productId: 'ceramic-mug', quantity: 2 }],
      clientReferenceId: null,
      checkoutSessionId: 'cs_test_1',
    });
  });

  it('starts empty from anything that is not an object', () => {
    for (const value of [null, 'cart', [], 3]) expect(parseStoredCart(value)).toEqual(EMPTY_CART);
  });
});
