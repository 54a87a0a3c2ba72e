'use client';

import { usePathname } from 'next/navigation';
import { Fragment } from 'react';
import { LOCALE_COOKIE, LOCALES, type Locale, localePath, splitLocalePath } from '@/lib/i18n/locales';

/**
 * "言語 / Language": the same page in the other language. A full navigation (not the client
 * router), so the document's `lang`, Stripe.js's locale and every server sentence follow; the cart
 * (this browser's storage) and, on the checkout page, the session (in the URL) stay as they are.
 */
export function LanguageSwitch({
  label,
  current,
  names,
}: {
  label: string;
  current: Locale;
  names: Readonly<Record<Locale, string>>;
}) {
  const pathname = usePathname();
  const { path } = splitLocalePath(pathname);
  return (
    <nav aria-label={label} className="language-switch">
      <span aria-hidden="true">{label}</span>
      {LOCALES.map((locale) => (
        <Fragment key={locale}>
          {' '}
          <a
            href={localePath(locale, path)}
            lang={locale}
            hrefLang={locale}
            aria-current={locale === current ? 'page' : undefined}
            onClick={(event) => {
              // The cookie is what the next visit (and the proxy's redirect) follows.
              // biome-ignore lint/suspicious/noDocumentCookie: one fixed, non-secret preference
              document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`;
              event.currentTarget.href = `${localePath(locale, path)}${window.location.search}`;
            }}
          >
            {names[locale]}
          </a>
        </Fragment>
      ))}
    </nav>
  );
}
