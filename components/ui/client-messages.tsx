import { getLocale, getMessages } from 'next-intl/server';
import type { ReactNode } from 'react';
import { MessagesProvider } from '@/lib/i18n/client';
import { type Namespace, pickMessages } from '@/lib/i18n/messages';

/**
 * Gives the client components below the message namespaces they read, in the page's locale only:
 * the browser never receives the other language's catalog or namespaces this page does not use.
 * Client components read them with `useTranslations` from `@/lib/i18n/client` (next-intl's call
 * shapes without its browser runtime; next-intl stays on the server).
 */
export async function ClientMessages({
  namespaces,
  children,
}: {
  namespaces: readonly Namespace[];
  children: ReactNode;
}) {
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <MessagesProvider locale={locale} messages={pickMessages(messages, namespaces)}>
      {children}
    </MessagesProvider>
  );
}
