'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';

/** What the page's sign-in server action answers; the page passes the action in. */
export type SelectCustomer = (
  customerId: string | null,
) => Promise<{ ok: true } | { ok: false; message: string }>;

export function ShoppingAsSelect({
  customers,
  currentCustomerId,
  selectCustomer,
}: {
  customers: readonly { id: string; displayName: string }[];
  currentCustomerId: string | null;
  selectCustomer: SelectCustomer;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState(currentCustomerId ?? '');

  return (
    <div className="field">
      <label htmlFor="shopping-as">Shopping as</label>
      <select
        id="shopping-as"
        value={selected}
        disabled={pending}
        onChange={(event) => {
          const previous = selected;
          const next = event.target.value;
          setSelected(next);
          startTransition(async () => {
            const result = await selectCustomer(next === '' ? null : next);
            if (result.ok) {
              setError(null);
              router.refresh();
            } else {
              setSelected(previous);
              setError(result.message);
            }
          });
        }}
      >
        <option value="">Guest</option>
        {customers.map((customer) => (
          <option key={customer.id} value={customer.id}>
            {customer.displayName}
          </option>
        ))}
      </select>
      {error !== null && <p role="alert">{error}</p>}
    </div>
  );
}
