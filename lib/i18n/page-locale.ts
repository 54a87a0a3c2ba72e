import 'server-only';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { hasLocale } from 'next-intl';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { LOCALES, type Locale } from './locales';

/** The `[locale]` segment of a page, checked (an unknown one is a 404) and set for next-intl. */
export async function pageLocale(params: Promise<{ locale: string }>): Promise<Locale> {
  const { locale } = await params;
  if (!hasLocale(LOCALES, locale)) notFound();
  setRequestLocale(locale);
  return locale;
}

/** A page's `generateMetadata`: its title from `meta.{key}`, in the page's language. */
export function titledPage(key: 'storefront' | 'checkout' | 'order' | 'orders') {
  return async ({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> => {
    await pageLocale(params);
    return { title: (await getTranslations('meta'))(key) };
  };
}
