'use client';

import { CURRENCIES, isCurrency } from '@/lib/money';
import { useStorefront } from './storefront-provider';

export function CurrencySelect() {
  const { currency, setCurrency } = useStorefront();
  return (
    <div className="field">
      <label htmlFor="currency">Currency</label>
      <select
        id="currency"
        value={currency}
        onChange={(event) => {
          if (isCurrency(event.target.value)) setCurrency(event.target.value);
        }}
      >
        {CURRENCIES.map((code) => (
          <option key={code} value={code}>
            {code.toUpperCase()}
          </option>
        ))}
      </select>
    </div>
  );
}
