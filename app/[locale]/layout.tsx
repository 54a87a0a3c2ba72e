import type { ReactNode } from 'react';
import { LOCALES } from '@/lib/i18n/locales';
import { pageLocale } from '@/lib/i18n/page-locale';

export function generateStaticParams() {
  return LOCALES.map((locale) => ({ locale }));
}

/** Every shopper page lives under its locale (`/` is English, `/ja` Japanese; see proxy.ts). */
export default async function LocaleLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ locale: string }>;
}) {
  await pageLocale(params);
  return children;
}
