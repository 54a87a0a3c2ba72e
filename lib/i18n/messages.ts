import en, { type Messages } from '@/messages/en';
import ja from '@/messages/ja';
import type { Locale } from './locales';

/**
 * Both catalogs, for server code only (route answers, request config). Browser bundles never
 * import this module: pages hand client components the namespaces they need for their one locale.
 */
export const MESSAGES: Readonly<Record<Locale, Messages>> = { en, ja };

export type { Messages };

/** The namespaces client components read; a page passes only these to NextIntlClientProvider. */
export type Namespace = keyof Messages;

export function pickMessages<N extends Namespace>(
  messages: Messages,
  namespaces: readonly N[],
): Pick<Messages, N> {
  const picked: Partial<Pick<Messages, N>> = {};
  for (const namespace of namespaces) picked[namespace] = messages[namespace];
  return picked as Pick<Messages, N>;
}
