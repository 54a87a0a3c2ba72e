import { describe, expect, test } from 'vitest';
import en from '@/messages/en';
import ja from '@/messages/ja';

/** Every leaf key path of a message tree (`checkout.addOnNames.gift_wrap`). */
function keyPaths(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([key, value]) =>
    keyPaths(value, prefix === '' ? key : `${prefix}.${key}`),
  );
}

function missingKeys(reference: unknown, other: unknown): string[] {
  const have = new Set(keyPaths(other));
  return keyPaths(reference).filter((path) => !have.has(path));
}

describe('message catalogs', () => {
  test('every English key exists in Japanese', () => {
    expect(missingKeys(en, ja)).toEqual([]);
  });

  test('every Japanese key exists in English', () => {
    expect(missingKeys(ja, en)).toEqual([]);
  });

  test('the comparison itself notices a key missing on either side', () => {
    const withExtra = { ...ja, checkout: { ...ja.checkout, onlyInJapanese: 'x' } };
    expect(missingKeys(withExtra, en)).toEqual(['checkout.onlyInJapanese']);
    const { pay: _pay, ...withoutPay } = ja.checkout;
    expect(missingKeys(en, { ...ja, checkout: withoutPay })).toEqual(['checkout.pay']);
  });

  test('no Japanese message is left empty or copied from English (language names and the brand aside)', () => {
    const english = new Map(keyPaths(en).map((path) => [path, lookup(en, path)]));
    const same = keyPaths(ja).filter((path) => lookup(ja, path) === english.get(path));
    expect(same.sort()).toEqual(
      [
        'header.brand',
        'header.language',
        'header.languageNames.en',
        'header.languageNames.ja',
        'header.suggestion',
        'header.suggestionLink',
        'meta.appName',
        'server.refused',
      ].filter((path) => same.includes(path)),
    );
    expect(keyPaths(ja).filter((path) => lookup(ja, path) === '')).toEqual([]);
  });
});

function lookup(tree: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], tree);
}
