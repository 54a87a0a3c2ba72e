'use client';

import { useActionState } from 'react';
import type { ActionState } from '@/lib/admin/types';
import { FormMessage } from './form-message';

/**
 * "Refund amount" (major units of the order's currency, prefilled with what is left) and "Refund".
 * The idempotency key was made when the page rendered: submitting this page twice refunds once.
 */
export function RefundForm({
  action,
  orderId,
  idempotencyKey,
  left,
  currency,
}: {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  orderId: string;
  idempotencyKey: string;
  /** What is left to refund, as the field shows it ("48.00", "7200"). */
  left: string;
  currency: string;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: true });
  return (
    <form action={formAction} className="card admin-form">
      <FormMessage state={state} />
      <input type="hidden" name="orderId" value={orderId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <div className="field">
        <label htmlFor="refund-amount">Refund amount</label>
        <input
          id="refund-amount"
          name="amount"
          inputMode="decimal"
          defaultValue={left}
          required
          aria-describedby="refund-amount-hint"
        />
        <span id="refund-amount-hint" className="muted">
          In {currency.toUpperCase()}; at most {left} is left to refund.
        </span>
      </div>
      <button type="submit" disabled={pending}>
        Refund
      </button>
    </form>
  );
}
