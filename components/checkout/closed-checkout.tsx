'use client';

import type { CartLine } from '@/lib/checkout/contract';
import { StartNewCheckoutButton } from './start-new-checkout-button';

/** The cart a dead session's "Start a new checkout" starts again from. */
export interface RestartCart {
  items: CartLine[];
  currency: string;
  clientReferenceId: string | null;
}

/** What replaces the form once the session is closed: no control stays live on a dead session. */
export function ClosedCheckout({ closed, restart }: { closed: string; restart: RestartCart }) {
  return (
    <div className="card">
      <p role="status">
        {closed === 'complete'
          ? 'This checkout has already been paid, perhaps in another tab or window. Nothing more will be charged here.'
          : closed === 'expired'
            ? 'This checkout has expired. Your cart is still here: start a new checkout to continue.'
            : closed}
      </p>
      <StartNewCheckoutButton
        items={restart.items}
        currency={restart.currency}
        clientReferenceId={restart.clientReferenceId}
      />
    </div>
  );
}
