import type { Stripe } from '@stripe/stripe-js';

/** The page languages Stripe.js is loaded in (Stripe's own locale codes). */
export type StripeLocale = 'en' | 'ja';

/** The Stripe.js preview that `checkout.runServerUpdate` needs (Stripe's discounts guide). */
export const STRIPE_JS_BETAS = ['custom_checkout_server_updates_1'] as const;

const stripePromises = new Map<StripeLocale, Promise<Stripe | null>>();

/**
 * The browser's Stripe.js, loaded once: real Stripe.js when a publishable key is configured,
 * otherwise the local Stripe's stand-in (same `Stripe` interface, backed by `/api/local-stripe`).
 * Nothing else in the app knows which one it got.
 */
export function getStripe(locale: StripeLocale = 'en'): Promise<Stripe | null> {
  // Stripe.js only exists in a browser (loadStripe resolves null on the server too); don't cache that.
  if (typeof window === 'undefined') return Promise.resolve(null);
  let stripePromise = stripePromises.get(locale);
  if (stripePromise === undefined) {
    stripePromise = loadBrowserStripe(locale).catch((error: unknown) => {
      // A failed script load must not stick: the next call (e.g. after reconnecting) tries again.
      stripePromises.delete(locale);
      throw error;
    });
    stripePromises.set(locale, stripePromise);
  }
  return stripePromise;
}

function loadBrowserStripe(locale: StripeLocale): Promise<Stripe | null> {
  // Bundle boundary, so keep this shape: Next inlines `process.env.NEXT_PUBLIC_*` as a literal at
  // build time, and the bundler drops the untaken branch of an `if` on a literal together with the
  // `import()` inside it. A real-mode build therefore has no chunk with the stand-in, and a local
  // build never fetches Stripe.js (whose main module injects its <script> as soon as it is
  // imported). Reading the variable into a const first, or moving either import() out of its
  // branch (even into an unused function), would defeat that: both modules would be bundled.
  if (process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY) {
    const publishableKey = process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY;
    return import('@stripe/stripe-js').then(({ loadStripe }) =>
      loadStripe(publishableKey, { locale, betas: [...STRIPE_JS_BETAS] }),
    );
  } else {
    return import('@/lib/local-stripe/browser').then(
      ({ createLocalStripeJs, LOCAL_STRIPE_PUBLISHABLE_KEY }) =>
        createLocalStripeJs({
          publishableKey: LOCAL_STRIPE_PUBLISHABLE_KEY,
          betas: [...STRIPE_JS_BETAS],
          locale: locale === 'ja' ? 'ja-JP' : 'en-US',
        }),
    );
  }
}
