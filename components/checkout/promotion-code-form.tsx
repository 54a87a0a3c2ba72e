'use client';

import { useState } from 'react';
import { useTranslations } from '@/lib/i18n/client';

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
  const t = useTranslations('checkout');
  const [code, setCode] = useState('');
  if (applied !== null) {
    return (
      <div className="card">
        <p>{t('codeApplied', { code: applied })}</p>
        <button type="button" className="secondary" disabled={disabled} onClick={() => onRemove()}>
          {t('removeCode')}
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
        <label htmlFor="promotion-code">{t('promotionCode')}</label>
        <div className="inline">
          <input
            id="promotion-code"
            value={code}
            autoComplete="off"
            disabled={disabled}
            onChange={(event) => setCode(event.target.value)}
          />
          <button type="submit" disabled={disabled || code.trim() === ''}>
            {t('apply')}
          </button>
        </div>
      </div>
    </form>
  );
}
