'use client';

import { useTranslations } from '@/lib/i18n/client';
import { EMAIL_FIELD_ID } from './field-checks';

/** The email discount rules use; read-only for a signed-in customer, whose account has one. */
export function EmailField({
  value,
  error,
  readOnly,
  onChange,
  onBlur,
}: {
  value: string;
  error: string | null;
  readOnly: boolean;
  onChange: (value: string) => void;
  onBlur: () => void;
}) {
  const t = useTranslations('checkout');
  return (
    <div className="card">
      <div className="field">
        <label htmlFor={EMAIL_FIELD_ID}>{t('email')}</label>
        <input
          id={EMAIL_FIELD_ID}
          type="email"
          autoComplete="email"
          value={value}
          readOnly={readOnly}
          aria-invalid={error === null ? undefined : true}
          aria-describedby={error === null ? undefined : `${EMAIL_FIELD_ID}-error`}
          onChange={(event) => onChange(event.target.value)}
          onBlur={onBlur}
        />
        {error !== null && (
          <span id={`${EMAIL_FIELD_ID}-error`} className="field-error">
            {error}
          </span>
        )}
        {readOnly && <span className="muted">{t('accountEmail')}</span>}
      </div>
    </div>
  );
}
