import type { NextRequest } from 'next/server';
import createMiddleware from 'next-intl/middleware';
import { LOCALE_COOKIE, splitLocalePath } from '@/lib/i18n/locales';
import { routing } from '@/lib/i18n/routing';

const handleI18nRouting = createMiddleware(routing);

/**
 * Locale routing for pages (API routes, assets and the dev playground are not matched): `/ja/...`
 * is Japanese, everything else English. A first visit whose Accept-Language prefers Japanese is
 * redirected to the Japanese page; the language a visit ends up in is remembered in a cookie,
 * which the "言語 / Language" switch rewrites.
 */
export default function proxy(request: NextRequest) {
  const response = handleI18nRouting(request);
  if (!request.cookies.has(LOCALE_COOKIE) && isDocumentRequest(request)) {
    // next-intl sets the cookie only when the page's language differs from Accept-Language; a
    // first visit redirected to /ja should be remembered too.
    const location = response.headers.get('location');
    const path = location === null ? request.nextUrl.pathname : new URL(location, request.url).pathname;
    response.cookies.set(LOCALE_COOKIE, splitLocalePath(path).locale, {
      path: '/',
      maxAge: 60 * 60 * 24 * 365,
      sameSite: 'lax',
    });
  }
  return response;
}

function isDocumentRequest(request: NextRequest): boolean {
  const destination = request.headers.get('sec-fetch-dest');
  return destination === null || destination === 'document';
}

export const config = {
  // Pages only: not /api, Next's assets, the dev playground, the merchant's back office (English,
  // app/admin) or files with an extension.
  matcher: ['/((?!api|_next|_vercel|dev|admin|.*\\..*).*)'],
};
