import { getLocale, getTranslations } from 'next-intl/server';
import { localePath } from '@/lib/i18n/locales';

export default async function NotFound() {
  const [locale, t] = await Promise.all([getLocale(), getTranslations('errorPages')]);
  return (
    <main>
      <h1>{t('notFoundHeading')}</h1>
      <p>{t('notFoundBody')}</p>
      {/* A plain link: every page's first load carries this boundary, and next/link with it. */}
      <a href={localePath(locale, '/')}>{t('backToShop')}</a>
    </main>
  );
}
