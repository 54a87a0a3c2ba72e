'use client';

import { useEffect, useRef, useState } from 'react';

/** How long typing must pause before a complete value is sent (leaving the field sends at once). */
const APPLY_AFTER_TYPING_MS = 600;

/**
 * Sends a form's value to the server by itself once it is complete and valid: after typing pauses,
 * or at once when a field is left; once per distinct value, and never while `paused` (another change
 * in flight, a closed session, paying): it waits for that to end. Pay reads and updates what the
 * server has seen through `isApplied`, `markSent` and `markApplied`.
 */
export function useApplyWhenComplete<T>(options: {
  value: unknown;
  /** The request for the current value, or null while it is incomplete or invalid. */
  parse: () => T | null;
  keyOf: (request: T) => string;
  /** The server's value when the page loaded. */
  initial: T | null;
  paused: boolean;
  /** Sends it; resolves true when the server saved it. */
  apply: (request: T) => Promise<boolean>;
}) {
  const { value, paused } = options;
  const latest = useRef(options);
  latest.current = options;
  const applied = useRef<string | null>(options.initial === null ? null : options.keyOf(options.initial));
  const sent = useRef<string | null>(applied.current);
  const now = useRef(false);
  const [leaves, setLeaves] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `value` and `leaves` are what re-run it; the callbacks are read from `latest`.
  useEffect(() => {
    const immediately = now.current;
    now.current = false;
    if (paused) return;
    const { parse, keyOf, apply } = latest.current;
    const request = parse();
    if (request === null) return;
    const key = keyOf(request);
    if (key === sent.current) return;
    const timer = setTimeout(
      () => {
        sent.current = key;
        void apply(request).then((saved) => {
          if (saved) applied.current = key;
        });
      },
      immediately ? 0 : APPLY_AFTER_TYPING_MS,
    );
    return () => clearTimeout(timer);
  }, [value, paused, leaves]);

  return {
    /** A field of the form lost focus: send a complete value now. */
    leave: () => {
      now.current = true;
      setLeaves((count) => count + 1);
    },
    isApplied: (request: T) => options.keyOf(request) === applied.current,
    markSent: (request: T) => {
      sent.current = options.keyOf(request);
    },
    markApplied: (request: T) => {
      applied.current = options.keyOf(request);
    },
  };
}
