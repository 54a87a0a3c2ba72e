'use client';

import { useActionState } from 'react';
import type { ActionState } from '@/lib/admin/types';
import { FormMessage } from './form-message';

/** One button that runs a server action with fixed fields (Pause, Resume, End). */
export function ActionButtonForm({
  action,
  fields,
  label,
  secondary = false,
}: {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  fields: Record<string, string>;
  label: string;
  secondary?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: true });
  return (
    <form action={formAction} className="admin-inline-form">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" disabled={pending} className={secondary ? 'secondary' : undefined}>
        {label}
      </button>
      <FormMessage state={state} />
    </form>
  );
}
