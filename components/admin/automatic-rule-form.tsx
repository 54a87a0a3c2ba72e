'use client';

import { useActionState } from 'react';
import type { RuleFormState } from '@/lib/admin/types';
import { FormMessage } from './form-message';

/**
 * An automatic rule (threshold, loyalty tiers, time window, shipping country, customer offer) as
 * its JSON definition: every kind the engine has, validated by the engine's schema on save.
 */
export function AutomaticRuleForm({
  action,
  ruleId,
  initial,
}: {
  action: (state: RuleFormState, form: FormData) => Promise<RuleFormState>;
  ruleId: string | null;
  initial: string;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: true });
  const error = state.errors?.definition ?? state.errors?.form;
  const text = state.definition ?? initial;
  return (
    <form action={formAction} className="card admin-form" key={text}>
      <FormMessage state={state.ok ? null : state} />
      <input type="hidden" name="ruleId" value={ruleId ?? ''} />
      <div className="field">
        <label htmlFor="rule-definition">Definition (JSON)</label>
        <textarea
          id="rule-definition"
          name="definition"
          rows={14}
          cols={60}
          defaultValue={text}
          spellCheck={false}
          aria-invalid={error === undefined ? undefined : true}
          aria-describedby={[
            'rule-definition-hint',
            ...(error === undefined ? [] : ['rule-definition-error']),
          ].join(' ')}
        />
        <span id="rule-definition-hint" className="muted">
          Amounts in minor units (cents, yen); times in epoch milliseconds. Kinds: threshold, loyalty,
          time_window, location, customer_offer.
        </span>
        {error !== undefined && (
          <span id="rule-definition-error" className="field-error">
            {error}
          </span>
        )}
      </div>
      <button type="submit" disabled={pending}>
        Save
      </button>
    </form>
  );
}
