/**
 * Where this browser keeps its cart. Kept free of schemas so that a page that only empties the
 * cart (the return page) does not download them; reading it back is storefront-provider's job.
 */
export const CART_STORAGE_KEY = 'embedded-checkout:cart';

export function writeStoredCart(cart: unknown): void {
  try {
    window.localStorage.setItem(CART_STORAGE_KEY, JSON.stringify(cart));
  } catch {
    // Private mode or a full quota: the cart still works for this page view.
  }
}

/** Empties the stored cart (after a paid checkout), from any page. */
export function clearStoredCart(): void {
  try {
    window.localStorage.removeItem(CART_STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to clear.
  }
}
