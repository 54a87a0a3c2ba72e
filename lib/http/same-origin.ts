import { AppError } from '@/lib/errors';

/**
 * Cross-site request forgery guard, after Go's `http.CrossOriginProtection`, except that an
 * `Origin` naming another host is refused even when `Sec-Fetch-Site` says `none` or `same-origin`:
 * 1. `Sec-Fetch-Site`, when present, is set by the browser itself and cannot be forged by a page;
 *    `same-origin` and `none` (typed into the address bar) pass, `same-site` and `cross-site` do not
 *    (a sibling subdomain is not the shop).
 * 2. Otherwise `Origin` must name this request's own host.
 * 3. Neither header: not a browser (curl, server-to-server), which CSRF cannot ride on, so allowed.
 *
 * Throws AppError('cross_origin') when refused.
 */
export function checkSameOrigin(request: Request): void {
  // A foreign Origin is refused whatever Sec-Fetch-Site says (a non-browser can send both).
  const origin = request.headers.get('origin');
  if (origin !== null) {
    const originHost = hostOf(origin);
    if (originHost === null || originHost !== normalizeHost(requestHost(request))) throw refused();
  }
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite !== null && fetchSite !== 'same-origin' && fetchSite !== 'none') throw refused();
}

/**
 * The host the browser addressed. Behind a proxy (Vercel, a load balancer) that is
 * `x-forwarded-host`; a page cannot add that header to a cross-origin request without a CORS
 * preflight we never answer, so trusting it does not reopen the hole.
 */
export function requestHost(request: Request): string {
  const forwarded = firstListValue(request.headers.get('x-forwarded-host'));
  if (forwarded !== null) return forwarded;
  return request.headers.get('host') ?? new URL(request.url).host;
}

function hostOf(origin: string): string | null {
  // Sandboxed iframes and some redirects send the literal "null": never this shop.
  if (origin === 'null') return null;
  try {
    return normalizeHost(new URL(origin).host);
  } catch {
    return null;
  }
}

/**
 * Compared by host and port only: TLS usually ends at the proxy, so the scheme the app sees is not
 * the one the browser used.
 */
function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/:(80|443)$/, '');
}

function firstListValue(header: string | null): string | null {
  const first = header?.split(',')[0]?.trim();
  return first === undefined || first === '' ? null : first;
}

function refused(): AppError {
  return new AppError(
    'cross_origin',
    'This request came from another website, so it was refused. Reload the checkout page and try again.',
  );
}
