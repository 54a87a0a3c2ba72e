import type { Metadata, Viewport } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('meta');
  const appName = t('appName');
  return {
    applicationName: appName,
    title: { default: appName, template: `%s · ${appName}` },
    description: t('description'),
    appleWebApp: { title: appName },
  };
}

export const viewport: Viewport = {
  themeColor: '#5a3e2b',
  width: 'device-width',
  initialScale: 1,
};

/** `lang` follows the page's locale (set by proxy.ts for `/ja/...`; English elsewhere). */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>{children}</body>
    </html>
  );
}
