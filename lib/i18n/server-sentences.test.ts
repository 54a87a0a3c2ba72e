import { describe, expect, test } from 'vitest';
import * as refusals from '@/lib/discounts/refusals';
import { AppError } from '@/lib/errors';
import { localeFromAcceptLanguage } from './locale-from-request';
import { codeRemovedNotice, localizeAppError, refusalError, renderRefusal } from './server-sentences';

describe('localeFromAcceptLanguage', () => {
  test.each([
    [null, 'en'],
    ['ja', 'ja'],
    ['ja-JP,ja;q=0.9,en;q=0.8', 'ja'],
    ['en-US,en;q=0.9,ja;q=0.8', 'en'],
    ['fr-FR, ja;q=0.5', 'ja'],
    ['fr-FR', 'en'],
    ['ja;q=0, en', 'en'],
    ['garbage;;;', 'en'],
  ])('%s -> %s', (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });
});

describe('refusal sentences', () => {
  test('English keeps the sentences DESIGN.md names', () => {
    expect(renderRefusal(refusals.minimumNotMet('r', 'SAVE20', 15000, 14400, 'usd'), 'en')).toBe(
      'SAVE20 needs a subtotal of $150.00; add $6.00 more',
    );
    expect(renderRefusal(refusals.unknownCode(), 'en')).toBe("We don't recognise that code");
  });

  test('each rule has a Japanese sentence with the code and ja-JP amounts', () => {
    expect(renderRefusal(refusals.minimumNotMet('r', 'SAVE20', 22500, 21600, 'jpy'), 'ja')).toBe(
      'SAVE20のご利用には小計￥22,500以上が必要です。あと￥900のお買い上げでご利用いただけます。',
    );
    expect(renderRefusal(refusals.expired('r', 'SPRING'), 'ja')).toBe('SPRINGは有効期限が切れています。');
    expect(renderRefusal(refusals.firstOrderOnly('r', 'WELCOME10'), 'ja')).toBe(
      'WELCOME10は初回のご注文のみご利用いただけます。',
    );
    expect(renderRefusal(refusals.unknownCode(), 'ja')).toBe('そのクーポンコードは見つかりません。');
    for (const refusal of [
      refusals.notYetValid('r', 'X'),
      refusals.notEligible('r', 'X'),
      refusals.limitReached('r', 'X'),
      refusals.customerLimitReached('r', 'X'),
      refusals.notApplicable('r', 'X'),
      refusals.codeOutweighed('r', 'X'),
      refusals.automaticDisplaced('r', 'Spend', 'X'),
    ]) {
      const sentence = renderRefusal(refusal, 'ja');
      expect(sentence).toContain('X');
      expect(sentence).not.toMatch(/\b(the|is|has|for|your|can't)\b/);
    }
  });

  test('the notice of a removed code, per locale', () => {
    const refusal = refusals.minimumNotMet('r', 'SAVE20', 15000, 14400, 'usd');
    expect(codeRemovedNotice(refusal)).toBe(
      'SAVE20 needs a subtotal of $150.00; add $6.00 more, so it was removed.',
    );
    expect(codeRemovedNotice(refusal, 'ja')).toContain('クーポンコードを削除しました');
  });
});

describe('localizeAppError', () => {
  test('a refusal becomes its Japanese sentence, keeping code, status and details', () => {
    const error = localizeAppError(refusalError(refusals.expired('r', 'SPRING')), 'ja');
    expect(error.code).toBe('expired');
    expect(error.status).toBe(422);
    expect(error.message).toBe('SPRINGは有効期限が切れています。');
  });

  test('errors without a sentence get their code generic sentence; English is left alone', () => {
    const limited = new AppError('rate_limited', 'Too many requests', { retryAfterSeconds: 30 });
    expect(localizeAppError(limited, 'ja')).toMatchObject({ retryAfterSeconds: 30, status: 429 });
    expect(localizeAppError(limited, 'ja').message).toMatch(/しばらくしてから/);
    expect(localizeAppError(limited, 'en')).toBe(limited);
  });
});
