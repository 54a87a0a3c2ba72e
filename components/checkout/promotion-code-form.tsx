'use client';

import { useState } from 'react';

export function PromotionCodeForm({
  applied,
  disabled,
  onApply,
  onRemove,
}: {
  applied: string | null;
  disabled: boolean;
  onApply: (code: string) => Promise<unknown>;
  onRemove: () => Promise<unknown>;
}) {
  const [code, setCode] = useState('');
  if (applied !== null) {
    return (
      <div className="card">
        <p>
          Promotion code <strong>{applied}</strong> applied.
        </p>
        <button type="button" className="secondary" disabled={disabled} onClick={() => onRemove()}>
          Remove promotion code
        </button>
      </div>
    );
  }
  return (
    <form
      className="card"
      onSubmit={async (event) => {
        event.preventDefault();
        if (code.trim() === '') return;
        const session = await onApply(code);
        if (session !== null) setCode('');
      }}
    >
      <div className="field">
        <label htmlFor="promotion-code">Promotion code</label>
        <div className="inline">
          <input
            id="promotion-code"
            value={code}
            autoComplete="off"
            disabled={disabled}
            onChange={(event) => setCode(event.target.value)}
          />
          <button type="submit" disabled={disabled || code.trim() === ''}>
            Apply
          </button>
        </div>
      </div>
    </form>
  );
}
