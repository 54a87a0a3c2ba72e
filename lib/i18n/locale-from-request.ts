import { DEFAULT_LOCALE, isLocale, type Locale } from './locales';

/**
 * The language a route answers in: the page sends its own locale as `Accept-Language`
 * (components/checkout/checkout-api.ts), so the sentences that come back match the page. Any other
 * client gets the best of its weighted preferences, English when none of ours is acceptable.
 */
export function localeFromRequest(request: Pick<Request, 'headers'>): Locale {
  return localeFromAcceptLanguage(request.headers.get('accept-language'));
}

export function localeFromAcceptLanguage(header: string | null): Locale {
  if (header === null) return DEFAULT_LOCALE;
  let best: { locale: Locale; quality: number } | null = null;
  for (const part of header.split(',').slice(0, 32)) {
    const [tag = '', ...parameters] = part.trim().split(';');
    const language = tag.trim().toLowerCase().split('-')[0];
    if (!isLocale(language)) continue;
    const quality = qualityOf(parameters);
    if (quality > 0 && (best === null || quality > best.quality)) best = { locale: language, quality };
  }
  return best?.locale ?? DEFAULT_LOCALE;
}

function qualityOf(parameters: readonly string[]): number {
  for (const parameter of parameters) {
    const [name, value] = parameter.trim().split('=');
    if (name?.trim() === 'q') {
      const quality = Number(value);
      return Number.isFinite(quality) ? quality : 0;
    }
  }
  return 1;
}
