/**
 * The shop's languages. Browser-safe and free of Next.js imports: the route helpers, the catalog
 * and the browser's fetch module all read it.
 */
export const LOCALES = ['en', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = 'en';

/** next-intl's cookie name: the proxy reads it, the language switch writes it. */
export const LOCALE_COOKIE = 'NEXT_LOCALE';

/** BCP 47 tags for Intl (dates, numbers) per locale. */
export const INTL_LOCALE: Readonly<Record<Locale, string>> = { en: 'en-US', ja: 'ja-JP' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The URL of a page in a locale: English at the current paths, Japanese under `/ja`. */
export function localePath(locale: Locale, path: string): string {
  const normalized = path.startsWith('/') ? path : `/${path}`;
  if (locale === DEFAULT_LOCALE) return normalized;
  return normalized === '/' ? `/${locale}` : `/${locale}${normalized}`;
}

/** The locale a path belongs to and the path without its prefix (`/ja/orders` -> ja, `/orders`). */
export function splitLocalePath(path: string): { locale: Locale; path: string } {
  for (const locale of LOCALES) {
    if (locale === DEFAULT_LOCALE) continue;
    if (path === `/${locale}`) return { locale, path: '/' };
    if (path.startsWith(`/${locale}/`)) return { locale, path: path.slice(locale.length + 1) };
  }
  return { locale: DEFAULT_LOCALE, path };
}
