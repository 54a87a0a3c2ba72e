import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { formatMessage, formatRichMessage } from './format-message';
import { LOCALES } from './locales';
import { MESSAGES } from './messages';

/** Every message of a catalog, by its dotted path. */
function leaves(node: unknown, prefix = ''): [string, string][] {
  if (typeof node === 'string') return [[prefix, node]];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, child]) =>
    leaves(child, prefix === '' ? key : `${prefix}.${key}`),
  );
}

/** Sample values for a message: each argument its own text, a number for count-like ones, every select branch. */
function valueSets(message: string): Record<string, string | number>[] {
  const args = [...message.matchAll(/\{\s*([a-zA-Z_]+)\s*(?:,\s*(select))?/g)];
  const base: Record<string, string | number> = {};
  for (const [, name] of args) base[name as string] = `«${name}»`;
  base.count = 1234;
  const sets = [base];
  for (const [, name, type] of args) {
    if (type !== 'select') continue;
    const branches = [...message.matchAll(/(\w+)\s*\{/g)].map(([, key]) => key as string);
    for (const branch of [...branches, 'unlisted']) sets.push({ ...base, [name as string]: branch });
  }
  return sets;
}

describe('formatMessage agrees with next-intl on every message of both catalogs', () => {
  for (const locale of LOCALES) {
    const catalog = leaves(MESSAGES[locale]);
    it(`${locale}: ${catalog.length} messages, same text for every argument and select branch`, () => {
      const t = createTranslator({ locale, messages: MESSAGES[locale] });
      const keys = t as unknown as {
        (key: string, values?: Record<string, string | number>): string;
        markup(key: string, values: Record<string, string | number | ((chunks: string) => string)>): string;
      };
      let compared = 0;
      for (const [key, message] of catalog) {
        for (const values of valueSets(message)) {
          if (/<\w+>/.test(message)) {
            const strong = (chunks: string) => `[${chunks}]`;
            const ours = formatRichMessage<string>(message, {
              ...values,
              strong: (chunks) => `[${chunks.join('')}]`,
            }).join('');
            expect(ours, key).toBe(keys.markup(key, { ...values, strong }));
          } else {
            expect(formatMessage(message, values), key).toBe(keys(key, values));
          }
          compared += 1;
        }
      }
      expect(compared).toBeGreaterThan(catalog.length);
    });
  }
});

describe('formatMessage', () => {
  it('prints numbers as digits, picks select branches and falls back to other', () => {
    expect(formatMessage('{n} items', { n: 12345 })).toBe('12345 items');
    const select = '{c, select, jpy {yen} other {dollars}}';
    expect(formatMessage(select, { c: 'jpy' })).toBe('yen');
    expect(formatMessage(select, { c: 'usd' })).toBe('dollars');
  });

  it("keeps ICU quoting: '' is an apostrophe and '{x}' is literal", () => {
    expect(formatMessage("{name}''s '{literal}' don't", { name: 'Ann' })).toBe("Ann's {literal} don't");
  });

  it('calls a tag function with the formatted chunks', () => {
    const bold = (chunks: (string | { bold: unknown })[]) => ({ bold: chunks });
    expect(formatRichMessage('Order <b>{n}</b>.', { n: 'A1', b: bold })).toEqual([
      'Order ',
      { bold: ['A1'] },
      '.',
    ]);
  });

  it('refuses syntax our catalogs do not use, so the agreement test cannot pass by accident', () => {
    expect(() => formatMessage('{n, plural, one {# item} other {# items}}', { n: 1 })).toThrow(/plural/);
  });
});
