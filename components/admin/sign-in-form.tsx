'use client';

import { useActionState } from 'react';
import type { ActionState } from '@/lib/admin/types';
import { FormMessage } from './form-message';

/** The back office's sign-in: one password, one button; a refusal is the page's alert. */
export function SignInForm({
  action,
}: {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: true });
  const refused = !state.ok;
  return (
    <form action={formAction} className="card admin-form">
      <FormMessage state={state} />
      <div className="field">
        <label htmlFor="admin-password">Password</label>
        <input
          id="admin-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={refused ? true : undefined}
        />
      </div>
      <button type="submit" disabled={pending}>
        Sign in
      </button>
    </form>
  );
}
