'use client';

import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { writeStoredCart } from '@/components/cart/cart-storage';
import { EMPTY_CART, readStoredCart, type StoredCart } from '@/components/cart/stored-cart';
import { MAX_QUANTITY, type ProductId } from '@/lib/catalog/ids';
import type { CartLine } from '@/lib/checkout/contract';
import type { Currency } from '@/lib/money';
import { CURRENCY_COOKIE } from './currency-cookie';

/** What the cart shows of a product, in the page's language, from the server's catalog. */
export interface StorefrontProduct {
  id: ProductId;
  name: string;
  prices: Readonly<Record<Currency, number>>;
}

interface StorefrontState {
  /** False until the cart has been read from this browser's storage. */
  ready: boolean;
  items: CartLine[];
  clientReferenceId: string | null;
  currency: Currency;
  add(productId: ProductId): void;
  setQuantity(productId: ProductId, quantity: number): void;
  remove(productId: ProductId): void;
  clear(): void;
  setCurrency(currency: Currency): void;
  /** Remembers (in storage at once: a navigation follows) which checkout these items went to. */
  markCheckoutStarted(sessionId: string): void;
  /** A catalog product (every id a stored cart line can hold is one). */
  product(productId: ProductId): StorefrontProduct;
}

function productIn(products: readonly StorefrontProduct[], productId: ProductId): StorefrontProduct {
  const product = products.find((candidate) => candidate.id === productId);
  if (product === undefined) throw new Error(`The storefront was given no product ${productId}`);
  return product;
}

const StorefrontContext = createContext<StorefrontState | null>(null);

export function StorefrontProvider({
  children,
  initialCurrency,
  incomingClientReferenceId,
  completedSessionIds,
  products,
}: {
  children: ReactNode;
  /** The whole catalog, names in the page's language. */
  products: readonly StorefrontProduct[];
  initialCurrency: Currency;
  /** A validated `?client_reference_id=` from the link that brought the shopper here. */
  incomingClientReferenceId: string | null;
  /** This browser's recently completed checkouts, from the server: a cart bought there starts empty. */
  completedSessionIds: readonly string[];
}) {
  const [ready, setReady] = useState(false);
  const [cart, setCart] = useState<StoredCart>(EMPTY_CART);
  const [currency, setCurrencyState] = useState<Currency>(initialCurrency);

  useEffect(() => {
    const read = readStoredCart();
    // The return page empties the cart too, but only once its script runs; this does not depend on it.
    const bought = read.checkoutSessionId !== null && completedSessionIds.includes(read.checkoutSessionId);
    const stored = bought ? EMPTY_CART : read;
    setCart(
      incomingClientReferenceId === null
        ? stored
        : { ...stored, clientReferenceId: incomingClientReferenceId },
    );
    setReady(true);
  }, [incomingClientReferenceId, completedSessionIds]);

  useEffect(() => {
    if (ready) writeStoredCart(cart);
  }, [cart, ready]);

  const setQuantity = useCallback((productId: ProductId, quantity: number) => {
    const clamped = Math.max(0, Math.min(MAX_QUANTITY, Math.trunc(quantity)));
    setCart((current) => {
      const exists = current.items.some((line) => line.productId === productId);
      const items =
        clamped === 0
          ? current.items.filter((line) => line.productId !== productId)
          : exists
            ? current.items.map((line) =>
                line.productId === productId ? { ...line, quantity: clamped } : line,
              )
            : [...current.items, { productId, quantity: clamped }];
      return { ...current, items, checkoutSessionId: null };
    });
  }, []);

  const value = useMemo<StorefrontState>(
    () => ({
      ready,
      items: cart.items,
      clientReferenceId: cart.clientReferenceId,
      currency,
      add: (productId) => {
        const line = cart.items.find((item) => item.productId === productId);
        setQuantity(productId, (line?.quantity ?? 0) + 1);
      },
      setQuantity,
      remove: (productId) => setQuantity(productId, 0),
      product: (productId) => productIn(products, productId),
      clear: () => setCart(EMPTY_CART),
      markCheckoutStarted: (sessionId) => {
        const next = { ...cart, checkoutSessionId: sessionId };
        writeStoredCart(next);
        setCart(next);
      },
      setCurrency: (next) => {
        setCurrencyState(next);
        // A cookie, not storage, so the server renders prices in this currency on the next visit.
        // biome-ignore lint/suspicious/noDocumentCookie: one fixed, non-secret preference; the Cookie Store API is not in every browser we support
        document.cookie = `${CURRENCY_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
      },
    }),
    [ready, cart, currency, setQuantity, products],
  );

  return <StorefrontContext.Provider value={value}>{children}</StorefrontContext.Provider>;
}

export function useStorefront(): StorefrontState {
  const state = useContext(StorefrontContext);
  if (state === null) throw new Error('useStorefront() must be used inside <StorefrontProvider>');
  return state;
}
