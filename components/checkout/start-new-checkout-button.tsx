'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { CartLine } from '@/lib/checkout/contract';
import { startCheckoutSession } from './checkout-api';

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
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      {error !== null && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          try {
            const id = await startCheckoutSession({ items, currency, clientReferenceId });
            router.push(`/checkout/${encodeURIComponent(id)}`);
          } catch (failure) {
            setError(failure instanceof Error ? failure.message : 'A new checkout could not be started.');
            setPending(false);
          }
        }}
      >
        Start a new checkout
      </button>
    </>
  );
}
