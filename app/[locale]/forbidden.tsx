import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { localePath } from '@/lib/i18n/locales';

export default async function Forbidden() {
  const [locale, t] = await Promise.all([getLocale(), getTranslations('errorPages')]);
  return (
    <main>
      <h1>{t('forbiddenHeading')}</h1>
      <p>{t('forbiddenBody')}</p>
      <Link href={localePath(locale, '/')}>{t('backToShop')}</Link>
    </main>
  );
}
