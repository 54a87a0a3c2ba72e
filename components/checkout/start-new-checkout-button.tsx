'use client';

import type { CartLine } from '@/lib/checkout/contract';
import { useStartCheckout } from './use-start-checkout';

/** Creates a fresh Checkout Session from the same cart when the old one has closed. */
export function StartNewCheckoutButton({
  items,
  currency,
  clientReferenceId,
}: {
  items: CartLine[];
  currency: string;
  clientReferenceId: string | null;
}) {
  const { pending, error, start } = useStartCheckout('A new checkout could not be started.');
  return (
    <>
      {error !== null && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      <button type="button" disabled={pending} onClick={() => start({ items, currency, clientReferenceId })}>
        Start a new checkout
      </button>
    </>
  );
}
