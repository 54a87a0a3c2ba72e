'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { startCheckoutSession } from '@/components/checkout/checkout-api';
import { getProduct } from '@/lib/catalog';
import { MAX_QUANTITY } from '@/lib/checkout/contract';
import { formatMoney } from '@/lib/money';
import { useStorefront } from './storefront-provider';

const QUANTITIES = Array.from({ length: MAX_QUANTITY }, (_, index) => index + 1);

export function Cart() {
  const { ready, items, currency, clientReferenceId, setQuantity, remove, markCheckoutStarted } =
    useStorefront();
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const subtotal = items.reduce(
    (sum, line) => sum + getProduct(line.productId).prices[currency] * line.quantity,
    0,
  );

  async function startCheckout() {
    setPending(true);
    setError(null);
    try {
      const id = await startCheckoutSession({ items, currency, clientReferenceId });
      markCheckoutStarted(id);
      router.push(`/checkout/${encodeURIComponent(id)}`);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Checkout could not start.');
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="cart-heading" className="card">
      <h2 id="cart-heading">Cart</h2>
      {!ready ? (
        <p>Loading your cart…</p>
      ) : items.length === 0 ? (
        <p>Your cart is empty.</p>
      ) : (
        <ul className="cart-lines">
          {items.map((line) => {
            const product = getProduct(line.productId);
            return (
              <li key={line.productId}>
                <span>{product.name}</span>
                <span className="qty">
                  <label className="visually-hidden" htmlFor={`quantity-${line.productId}`}>
                    Quantity of {product.name}
                  </label>
                  <select
                    id={`quantity-${line.productId}`}
                    value={line.quantity}
                    onChange={(event) => setQuantity(line.productId, Number(event.target.value))}
                  >
                    {QUANTITIES.map((quantity) => (
                      <option key={quantity} value={quantity}>
                        {quantity}
                      </option>
                    ))}
                  </select>
                </span>
                <span className="amount">
                  {formatMoney(product.prices[currency] * line.quantity, currency)}
                </span>
                <button
                  type="button"
                  className="secondary"
                  aria-label={`Remove ${product.name}`}
                  onClick={() => remove(line.productId)}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="totals">
        <span>Subtotal</span>
        <span className="amount" data-testid="cart-subtotal">
          {formatMoney(subtotal, currency)}
        </span>
      </div>
      {clientReferenceId !== null && <p className="muted">Reference: {clientReferenceId}</p>}
      {error !== null && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        onClick={startCheckout}
        aria-busy={pending}
        disabled={!ready || items.length === 0 || pending}
      >
        Checkout
      </button>
    </section>
  );
}
