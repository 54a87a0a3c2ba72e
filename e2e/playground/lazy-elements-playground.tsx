'use client';

import { lazy, Suspense } from 'react';

/** The playground's code (react-stripe-js, the checkout calls) loads on demand, like the checkout form. */
const ElementsPlayground = lazy(() =>
  import('./elements-playground').then(({ ElementsPlayground }) => ({ default: ElementsPlayground })),
);

export function LazyElementsPlayground(props: { clientSecret: string; sessionId: string }) {
  return (
    <Suspense fallback={<p>Loading…</p>}>
      <ElementsPlayground {...props} />
    </Suspense>
  );
}
