import { defineRouting } from 'next-intl/routing';
import { DEFAULT_LOCALE, LOCALE_COOKIE, LOCALES } from './locales';

/**
 * English stays at the current URLs, Japanese lives under `/ja`. A first visit is offered the
 * language its Accept-Language prefers (a redirect to `/ja`), and the choice is remembered in a
 * cookie for a year (see proxy.ts, which also remembers the first visit's language).
 */
export const routing = defineRouting({
  locales: LOCALES,
  defaultLocale: DEFAULT_LOCALE,
  localePrefix: 'as-needed',
  localeCookie: { name: LOCALE_COOKIE, maxAge: 60 * 60 * 24 * 365, sameSite: 'lax' },
  alternateLinks: false,
});
