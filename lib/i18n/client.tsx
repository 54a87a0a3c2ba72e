'use client';

import { createContext, Fragment, type ReactNode, useContext, useMemo } from 'react';
import type { Messages } from '@/messages/en';
import { formatMessage, formatRichMessage, type MessageValues } from './format-message';
import { DEFAULT_LOCALE, type Locale } from './locales';

/**
 * The messages client components read, in the page's locale (components/ui/client-messages.tsx
 * passes only the namespaces a page uses). `useTranslations`/`useLocale` have next-intl's call
 * shapes (`t(key, values)`, `t.rich(key, { tag: (chunks) => ... })`), but formatting is
 * ./format-message, so browser bundles carry neither next-intl's runtime nor an ICU parser.
 */
interface ClientMessagesState {
  locale: Locale;
  messages: Partial<Messages>;
}

const MessagesContext = createContext<ClientMessagesState | null>(null);

export function MessagesProvider({
  locale,
  messages,
  children,
}: {
  locale: Locale;
  messages: Partial<Messages>;
  children: ReactNode;
}) {
  const value = useMemo(() => ({ locale, messages }), [locale, messages]);
  return <MessagesContext.Provider value={value}>{children}</MessagesContext.Provider>;
}

/** Dotted paths to every message in a namespace: `heading`, `currencyNames.usd`. */
export type MessageKey<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${MessageKey<T[K]>}`;
}[keyof T & string];

export interface Translator<N extends keyof Messages> {
  (key: MessageKey<Messages[N]>, values?: MessageValues): string;
  rich(key: MessageKey<Messages[N]>, values: MessageValues<ReactNode>): ReactNode;
}

/** Elements in a list get keys, as React asks of any array of children. */
const keyed = (parts: ReactNode[]): ReactNode[] =>
  parts.map((part, index) =>
    // biome-ignore lint/suspicious/noArrayIndexKey: a message's parts are fixed, never reordered
    typeof part === 'string' ? part : <Fragment key={index}>{part}</Fragment>,
  );

function useMessages(): ClientMessagesState {
  const state = useContext(MessagesContext);
  if (state === null) throw new Error('useTranslations() must be used inside <ClientMessages>');
  return state;
}

export function useLocale(): Locale {
  return useContext(MessagesContext)?.locale ?? DEFAULT_LOCALE;
}

export function useTranslations<N extends keyof Messages>(namespace: N): Translator<N> {
  const { messages } = useMessages();
  return useMemo(() => {
    const lookup = (key: string): string => {
      let node: unknown = messages[namespace];
      for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
      // next-intl's fallback for a message the page was not given: its path.
      return typeof node === 'string' ? node : `${namespace}.${key}`;
    };
    const t = (key: string, values?: MessageValues) => formatMessage(lookup(key), values);
    t.rich = (key: string, values: MessageValues<ReactNode>) => {
      const tags = Object.fromEntries(
        Object.entries(values).map(([name, value]) => [
          name,
          typeof value === 'function' ? (chunks: ReactNode[]) => value(keyed(chunks)) : value,
        ]),
      );
      return keyed(formatRichMessage<ReactNode>(lookup(key), tags));
    };
    return t as Translator<N>;
  }, [messages, namespace]);
}
