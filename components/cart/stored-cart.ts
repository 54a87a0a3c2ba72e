import { MAX_QUANTITY, PRODUCT_IDS } from '@/lib/catalog/ids';
import type { CartLine } from '@/lib/checkout/contract';
import { CART_STORAGE_KEY } from './cart-storage';

/**
 * Reading back the cart this browser stored, without a schema library (the storefront is the
 * page every shopper loads first). `parseCartLine` accepts exactly what the session route's
 * `cartLineSchema` accepts; stored-cart.test.ts checks the two agree on generated values.
 */

export interface StoredCart {
  items: CartLine[];
  clientReferenceId: string | null;
  /** The checkout started from exactly these items; any change to the cart forgets it. */
  checkoutSessionId: string | null;
}

export const EMPTY_CART: StoredCart = { items: [], clientReferenceId: null, checkoutSessionId: null };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A cart line as the route accepts it (no other keys, a known product, 1 to MAX_QUANTITY), or null. */
export function parseCartLine(value: unknown): CartLine | null {
  if (!isRecord(value) || Object.keys(value).some((key) => key !== 'productId' && key !== 'quantity')) {
    return null;
  }
  const { productId, quantity } = value;
  const product = PRODUCT_IDS.find((id) => id === productId);
  if (product === undefined || typeof quantity !== 'number' || !Number.isSafeInteger(quantity)) return null;
  return quantity >= 1 && quantity <= MAX_QUANTITY ? { productId: product, quantity } : null;
}

const nullableString = (value: unknown) => (typeof value === 'string' ? value : null);

/**
 * What an older version of the page, or a hand-edited storage, may have left: each part is checked
 * alone, and lines the route would refuse are dropped.
 */
export function parseStoredCart(value: unknown): StoredCart {
  if (!isRecord(value)) return EMPTY_CART;
  const lines = Array.isArray(value.items) ? value.items : [];
  return {
    items: lines.flatMap((line) => {
      const parsed = parseCartLine(line);
      return parsed === null ? [] : [parsed];
    }),
    clientReferenceId: nullableString(value.clientReferenceId),
    checkoutSessionId: nullableString(value.checkoutSessionId),
  };
}

export function readStoredCart(): StoredCart {
  try {
    return parseStoredCart(JSON.parse(window.localStorage.getItem(CART_STORAGE_KEY) ?? 'null'));
  } catch {
    // Storage unavailable or corrupt: start with an empty cart rather than failing the page.
    return EMPTY_CART;
  }
}
