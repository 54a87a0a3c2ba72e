'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { selectCustomerAction } from '@/app/actions';

export function ShoppingAsSelect({
  customers,
  currentCustomerId,
}: {
  customers: readonly { id: string; displayName: string }[];
  currentCustomerId: string | null;
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
            const result = await selectCustomerAction(next === '' ? null : next);
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
