import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { localePath } from '@/lib/i18n/locales';
import { LanguageSwitch } from './language-switch';

export async function SiteHeader({ children }: { children?: ReactNode }) {
  const [locale, t] = await Promise.all([getLocale(), getTranslations('header')]);
  return (
    <header className="site">
      <Link href={localePath(locale, '/')}>{t('brand')}</Link>
      <nav aria-label={t('account')}>
        <Link href={localePath(locale, '/orders')}>{t('yourOrders')}</Link>
      </nav>
      <LanguageSwitch
        label={t('language')}
        current={locale}
        names={{ en: t('languageNames.en'), ja: t('languageNames.ja') }}
      />
      {children !== undefined && <div className="controls">{children}</div>}
    </header>
  );
}
