import { createTranslator } from 'next-intl';
import type { Refusal, RefusalReason } from '@/lib/discounts/types';
import { AppError, type ErrorSentence } from '@/lib/errors';
import { type Currency, formatMoney, MINIMUM_CHARGE } from '@/lib/money';
import { DEFAULT_LOCALE, type Locale } from './locales';
import { MESSAGES } from './messages';

/**
 * Server sentences in the shopper's language: discount refusals, the notice that a code was
 * removed, and every AppError a route answers with. English answers keep the exact sentences the
 * domain code wrote (`error.message`), so English clients see no change.
 */

const translatorOf = (locale: Locale) =>
  createTranslator({ locale, messages: MESSAGES[locale], namespace: 'server' });

/** A discount's refusal sentence in a locale. */
export function renderRefusalReason(reason: RefusalReason, locale: Locale): string {
  const t = translatorOf(locale);
  switch (reason.kind) {
    case 'unknown_code':
      return t('refusals.unknown_code');
    case 'minimum_not_met':
      return t('refusals.minimum_not_met', {
        code: reason.code,
        minimum: formatMoney(reason.minimum, reason.currency),
        missing: formatMoney(reason.missing, reason.currency),
      });
    case 'automatic_displaced':
      return t('refusals.automatic_displaced', { code: reason.code, name: reason.ruleName });
    default:
      return t(`refusals.${reason.kind}`, { code: reason.code });
  }
}

export function renderRefusal(refusal: Refusal, locale: Locale): string {
  // Decisions stored before refusals carried a reason have only the English sentence.
  if (locale === DEFAULT_LOCALE || refusal.reason === undefined) return refusal.message;
  return renderRefusalReason(refusal.reason, locale);
}

/** The notice shown when a change took away what the applied code needs. */
export function codeRemovedNotice(refusal: Refusal, locale: Locale = DEFAULT_LOCALE): string {
  return translatorOf(locale)('codeRemoved', { reason: renderRefusal(refusal, locale) });
}

/** The 422 answer to applying a code the rules refuse. */
export function refusalError(refusal: Refusal): AppError {
  return new AppError(refusal.code, refusal.message, {
    sentence: { kind: 'refusal', reason: refusal.reason },
  });
}

/** An AppError's message in a locale (English: the message as written). */
export function localizeErrorMessage(error: AppError, locale: Locale): string {
  if (locale === DEFAULT_LOCALE) return error.message;
  const t = translatorOf(locale);
  if (error.sentence !== undefined) return renderSentence(error.sentence, locale);
  return t(`errors.${errorKeyOf(error)}`, { detail: error.message });
}

function renderSentence(sentence: ErrorSentence, locale: Locale): string {
  if (sentence.kind === 'refusal') return renderRefusalReason(sentence.reason, locale);
  if (sentence.kind === 'below_minimum_charge') {
    return translatorOf(locale)('errors.below_minimum_charge', {
      total: formatMoney(sentence.total, sentence.currency),
      minimum: formatMoney(sentence.minimum, sentence.currency),
    });
  }
  return translatorOf(locale)('errors.unsupported_country', {
    country: sentence.country,
    countries: sentence.countries.join(', '),
  });
}

/**
 * The 422 answer to a change (or a creation) whose total would be above zero but below Stripe's
 * minimum charge in the cart's currency: Stripe could not take the payment, so we never ask it to.
 */
export function belowMinimumChargeError(total: number, currency: Currency): AppError {
  const sentence: ErrorSentence = {
    kind: 'below_minimum_charge',
    currency,
    total,
    minimum: MINIMUM_CHARGE[currency],
  };
  return new AppError('below_minimum_charge', renderSentence(sentence, DEFAULT_LOCALE), { sentence });
}

type GenericErrorKey = Exclude<
  keyof (typeof MESSAGES)['en']['server']['errors'],
  'unsupported_country' | 'below_minimum_charge'
>;

function errorKeyOf(error: AppError): GenericErrorKey {
  switch (error.code) {
    case 'invalid_request':
    case 'unauthorized':
    case 'forbidden':
    case 'cross_origin':
    case 'not_found':
    case 'session_not_found':
    case 'add_on_not_found':
    case 'session_not_open':
    case 'total_changed':
    case 'rate_limited':
    case 'internal':
    case 'stripe_error':
    case 'stripe_timeout':
    case 'service_unavailable':
      return error.code;
    default:
      // A refusal without its reason as data (thrown by code that predates it): a generic sentence.
      return 'invalid_request';
  }
}

/** The same error with its message in a locale (status, details and Retry-After unchanged). */
export function localizeAppError(error: AppError, locale: Locale): AppError {
  if (locale === DEFAULT_LOCALE) return error;
  return new AppError(error.code, localizeErrorMessage(error, locale), {
    cause: error.cause ?? error,
    details: error.details,
    ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
    ...(error.sentence === undefined ? {} : { sentence: error.sentence }),
  });
}

/**
 * Runs a route's work and rethrows its AppErrors in the page's locale. The route wrapper (lib/http)
 * can do this for every route once it reads `localeFromRequest(request)`.
 */
export async function withLocalizedErrors<T>(locale: Locale, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof AppError ? localizeAppError(error, locale) : error;
  }
}
