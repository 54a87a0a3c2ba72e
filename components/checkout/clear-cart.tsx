'use client';

import { useEffect } from 'react';
import { clearStoredCart } from '@/components/cart/cart-storage';

/** After a completed checkout the storefront's cart starts empty. */
export function ClearCart() {
  useEffect(() => {
    clearStoredCart();
  }, []);
  return null;
}
