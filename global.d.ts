import type { Locale } from '@/lib/i18n/locales';
import type { Messages } from '@/messages/en';

// Typed message keys: a key used in code that messages/en.ts lacks fails the type check.
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
