/**
 * Security headers for every response, decided once when the app is built or started
 * (next.config.mjs `headers()`), from whether real Stripe keys are configured.
 *
 * Stripe.js hosts follow Stripe's CSP guide (https://docs.stripe.com/security/guide#content-security-policy):
 * scripts from js.stripe.com, API calls to api.stripe.com and m.stripe.network, frames from
 * js.stripe.com / *.js.stripe.com / hooks.stripe.com (3-D Secure) and checkout.stripe.com, images
 * from *.stripe.com. In local mode the local Stripe is served by this app, so nothing external is
 * admitted at all.
 *
 * Scripts: Next.js writes inline bootstrap scripts, which need either a per-request nonce (a proxy
 * that makes every page dynamic) or 'unsafe-inline'. The pages here are static shells, so
 * 'unsafe-inline' is admitted for scripts and styles; every other directive is strict, and
 * `frame-ancestors 'none'` stops the Pay page being framed.
 */

/** @param {{ realStripe: boolean, https: boolean }} mode */
export function securityHeaders(mode) {
  const stripe = mode.realStripe;
  const directives = [
    ['default-src', "'self'"],
    [
      'script-src',
      "'self'",
      "'unsafe-inline'",
      ...(stripe ? ['https://js.stripe.com', 'https://*.js.stripe.com'] : []),
    ],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:', ...(stripe ? ['https://*.stripe.com'] : [])],
    ['font-src', "'self'", 'data:'],
    ['connect-src', "'self'", ...(stripe ? ['https://api.stripe.com', 'https://m.stripe.network'] : [])],
    [
      'frame-src',
      ...(stripe
        ? [
            'https://js.stripe.com',
            'https://*.js.stripe.com',
            'https://hooks.stripe.com',
            'https://checkout.stripe.com',
          ]
        : ["'none'"]),
    ],
    ['frame-ancestors', "'none'"],
    ['form-action', "'self'"],
    ['base-uri', "'none'"],
    ['object-src', "'none'"],
  ];
  const headers = [
    { key: 'Content-Security-Policy', value: directives.map((parts) => parts.join(' ')).join('; ') },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    {
      key: 'Permissions-Policy',
      value: stripe
        ? 'payment=(self "https://js.stripe.com"), camera=(), microphone=(), geolocation=(), usb=()'
        : 'payment=(self), camera=(), microphone=(), geolocation=(), usb=()',
    },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin-allow-popups' },
  ];
  // Browsers ignore HSTS over plain HTTP; real Stripe needs HTTPS anyway, local mode is loopback HTTP.
  if (mode.https)
    headers.push({ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' });
  return headers;
}

/** The mode from the environment the build or server runs with (the same test as server.mjs). */
export function securityModeFromEnv(env) {
  const realStripe = (env.STRIPE_SECRET_KEY ?? '').trim() !== '';
  return { realStripe, https: realStripe };
}
