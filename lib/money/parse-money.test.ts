import { describe, expect, test } from 'vitest';
import type { Currency } from './currency';
import { parseMajorUnits, toMajorUnitsText } from './parse-money';

describe('parseMajorUnits', () => {
  test.each<[string, Currency, number | null]>([
    ['50', 'usd', 5000],
    ['50.00', 'usd', 5000],
    [' 0.29 ', 'usd', 29],
    ['1,200.5', 'usd', 120050],
    ['7200', 'jpy', 7200],
    ['7,200', 'jpy', 7200],
    ['7200.5', 'jpy', null],
    ['1.234', 'usd', null],
    ['-5', 'usd', null],
    ['1e3', 'usd', null],
    ['', 'usd', null],
    ['abc', 'jpy', null],
  ])('%j %s -> %s', (typed, currency, expected) => {
    expect(parseMajorUnits(typed, currency)).toBe(expected);
  });

  test.each<[number, Currency, string]>([
    [5000, 'usd', '50.00'],
    [5, 'usd', '0.05'],
    [7200, 'jpy', '7200'],
  ])('%s %s shows as %s and parses back', (minor, currency, text) => {
    expect(toMajorUnitsText(minor, currency)).toBe(text);
    expect(parseMajorUnits(text, currency)).toBe(minor);
  });
});
