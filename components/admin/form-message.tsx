import type { ActionState } from '@/lib/admin/types';

/**
 * A form's outcome: a refusal in the page's one alert (role=alert), a success in a polite status.
 * Rendered empty until there is something to say, so assistive technology announces it once.
 */
export function FormMessage({ state }: { state: ActionState | null }) {
  if (state?.message === undefined) return <p role="status" aria-live="polite" className="visually-hidden" />;
  return state.ok ? (
    <p role="status" aria-live="polite" className="notice">
      {state.message}
    </p>
  ) : (
    <p role="alert" className="alert">
      {state.message}
    </p>
  );
}
