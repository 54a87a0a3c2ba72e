import type { z } from 'zod';
import { type PromotionCodeRule, ruleSchema } from '@/lib/discounts';
import { type Currency, parseMajorUnits, toMajorUnitsText } from '@/lib/money';

/**
 * The back office's promotion-code form: what the merchant typed, turned into a rule and validated
 * by the engine's own schema (lib/discounts/rule-schema.ts), with each refusal attached to the
 * field it is about. Pure, so the form's rules are tested without a page.
 */

export const RULE_TEXT_FIELDS = [
  'code',
  'name',
  'percentOff',
  'amountOffUsd',
  'amountOffJpy',
  'minimumUsd',
  'minimumJpy',
  'limit',
  'limitPerCustomer',
  'startsAt',
  'endsAt',
] as const;

export type RuleTextField = (typeof RULE_TEXT_FIELDS)[number];
export type RuleField = RuleTextField | 'customers' | 'definition' | 'form';
export type FieldErrors = Partial<Record<RuleField, string>>;

export type RuleFormValues = Record<RuleTextField, string> & {
  firstOrderOnly: boolean;
  exclusive: boolean;
  /** Customer ids the code is limited to (none: everyone). */
  customers: string[];
};

export const EMPTY_RULE_FORM: RuleFormValues = {
  ...(Object.fromEntries(RULE_TEXT_FIELDS.map((field) => [field, ''])) as Record<RuleTextField, string>),
  firstOrderOnly: false,
  exclusive: false,
  customers: [],
};

/** What the form posted (FormData or anything with the same getters). */
export function readRuleForm(form: Pick<FormData, 'get' | 'getAll'>): RuleFormValues {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value.slice(0, 200) : '';
  };
  const values = { ...EMPTY_RULE_FORM };
  for (const field of RULE_TEXT_FIELDS) values[field] = text(field);
  values.firstOrderOnly = form.get('firstOrderOnly') === 'on';
  values.exclusive = form.get('exclusive') === 'on';
  values.customers = form
    .getAll('customers')
    .filter((value): value is string => typeof value === 'string' && value !== '')
    .slice(0, 100);
  return values;
}

/** A stored code as the form shows it, for editing. */
export function ruleFormValuesOf(rule: PromotionCodeRule): RuleFormValues {
  const amount = (value: number | undefined, currency: Currency) =>
    value === undefined ? '' : toMajorUnitsText(value, currency);
  const amountOff = rule.value.type === 'amount_off' ? rule.value.amountOff : {};
  return {
    code: rule.code,
    name: typeof rule.name === 'string' && rule.name !== rule.code ? rule.name : '',
    percentOff: rule.value.type === 'percent' ? String(rule.value.percent) : '',
    amountOffUsd: amount(amountOff.usd, 'usd'),
    amountOffJpy: amount(amountOff.jpy, 'jpy'),
    minimumUsd: amount(rule.minimumSubtotal?.usd, 'usd'),
    minimumJpy: amount(rule.minimumSubtotal?.jpy, 'jpy'),
    limit: rule.maxRedemptions === undefined ? '' : String(rule.maxRedemptions),
    limitPerCustomer:
      rule.maxRedemptionsPerCustomer === undefined ? '' : String(rule.maxRedemptionsPerCustomer),
    startsAt: rule.startsAt === undefined ? '' : toDateTimeText(rule.startsAt),
    endsAt: rule.endsAt === undefined ? '' : toDateTimeText(rule.endsAt),
    firstOrderOnly: rule.firstOrderOnly === true,
    exclusive: rule.exclusive === true,
    customers: [...(rule.allowedCustomerIds ?? [])],
  };
}

export type RuleFromForm = { ok: true; rule: PromotionCodeRule } | { ok: false; errors: FieldErrors };

/**
 * The code the form describes, with id `id`; `keep` carries what the form does not edit (a stored
 * rule's `appliesTo`). Typed text that is not a number or a time is refused here; everything else
 * (ranges, decimals, window order, at least one currency) by the engine's schema.
 */
export function ruleFromForm(
  values: RuleFormValues,
  id: string,
  keep: Pick<PromotionCodeRule, 'appliesTo'> = {},
): RuleFromForm {
  const errors: FieldErrors = {};
  const read = new FormReader(values, errors);
  const percent = read.number('percentOff', 'Enter a percentage from 0 to 100, e.g. 15.');
  const amountOff = { usd: read.money('amountOffUsd', 'usd'), jpy: read.money('amountOffJpy', 'jpy') };
  const givesAmount = amountOff.usd !== undefined || amountOff.jpy !== undefined;
  if (percent !== undefined && givesAmount) {
    errors.percentOff = 'Give a percentage or an amount off, not both.';
  } else if (percent === undefined && !givesAmount && Object.keys(errors).length === 0) {
    errors.percentOff = 'Give a percentage, or an amount off in at least one currency.';
  }
  const minimum = { usd: read.money('minimumUsd', 'usd'), jpy: read.money('minimumJpy', 'jpy') };
  const candidate = {
    id,
    ...(values.name.trim() === '' ? {} : { name: values.name }),
    kind: 'promotion_code',
    code: values.code.trim().toUpperCase(),
    value:
      percent !== undefined
        ? { type: 'percent', percent }
        : { type: 'amount_off', amountOff: defined(amountOff) },
    ...(keep.appliesTo === undefined ? {} : { appliesTo: keep.appliesTo }),
    ...(minimum.usd === undefined && minimum.jpy === undefined ? {} : { minimumSubtotal: defined(minimum) }),
    ...(values.firstOrderOnly ? { firstOrderOnly: true } : {}),
    ...(values.customers.length === 0 ? {} : { allowedCustomerIds: values.customers }),
    ...optional('startsAt', read.time('startsAt')),
    ...optional('endsAt', read.time('endsAt')),
    ...optional('maxRedemptions', read.count('limit')),
    ...optional('maxRedemptionsPerCustomer', read.count('limitPerCustomer')),
    ...(values.exclusive ? { exclusive: true } : {}),
  };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const parsed = ruleSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, errors: fieldErrorsOf(parsed.error) };
  if (parsed.data.kind !== 'promotion_code') throw new Error('The rule form builds promotion codes only');
  return { ok: true, rule: parsed.data };
}

class FormReader {
  constructor(
    private readonly values: RuleFormValues,
    private readonly errors: FieldErrors,
  ) {}

  private text(field: RuleTextField): string | undefined {
    const text = this.values[field].trim();
    return text === '' ? undefined : text;
  }

  number(field: RuleTextField, message: string): number | undefined {
    const text = this.text(field);
    if (text === undefined) return undefined;
    if (!/^\d+(\.\d+)?$/.test(text)) this.errors[field] = message;
    return Number(text);
  }

  money(field: RuleTextField, currency: Currency): number | undefined {
    const text = this.text(field);
    if (text === undefined) return undefined;
    const minor = parseMajorUnits(text, currency);
    if (minor === null) {
      this.errors[field] =
        currency === 'jpy' ? 'Enter whole yen, e.g. 7200.' : 'Enter an amount in dollars, e.g. 50.00.';
    }
    return minor ?? undefined;
  }

  count(field: RuleTextField): number | undefined {
    const text = this.text(field);
    if (text === undefined) return undefined;
    if (!/^\d{1,9}$/.test(text)) this.errors[field] = 'Enter a whole number, e.g. 100.';
    return Number(text);
  }

  /** `2026-12-31T23:59`, `2026-12-31 23:59` or `2026-12-31` (midnight), read as UTC (the form says so). */
  time(field: RuleTextField): number | undefined {
    const text = this.text(field);
    if (text === undefined) return undefined;
    const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
    const at =
      match === null
        ? Number.NaN
        : Date.UTC(
            Number(match[1]),
            Number(match[2]) - 1,
            Number(match[3]),
            Number(match[4] ?? 0),
            Number(match[5] ?? 0),
            Number(match[6] ?? 0),
          );
    const hours = Number(match?.[4] ?? 0);
    const minutes = Number(match?.[5] ?? 0);
    if (
      Number.isNaN(at) ||
      match === null ||
      new Date(at).getUTCDate() !== Number(match[3]) ||
      hours > 23 ||
      minutes > 59
    ) {
      this.errors[field] = 'Enter a date and time in UTC, e.g. 2026-12-31T23:59.';
      return undefined;
    }
    return at;
  }
}

function defined(amounts: Record<Currency, number | undefined>): Partial<Record<Currency, number>> {
  return Object.fromEntries(Object.entries(amounts).filter(([, value]) => value !== undefined));
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** The form's text of an instant, in UTC. */
export function toDateTimeText(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 16);
}

const FIELD_OF_PATH: Record<string, RuleField> = {
  code: 'code',
  name: 'name',
  'value.percent': 'percentOff',
  'value.amountOff': 'amountOffUsd',
  'value.amountOff.usd': 'amountOffUsd',
  'value.amountOff.jpy': 'amountOffJpy',
  minimumSubtotal: 'minimumUsd',
  'minimumSubtotal.usd': 'minimumUsd',
  'minimumSubtotal.jpy': 'minimumJpy',
  maxRedemptions: 'limit',
  maxRedemptionsPerCustomer: 'limitPerCustomer',
  startsAt: 'startsAt',
  endsAt: 'endsAt',
  allowedCustomerIds: 'customers',
};

/** The schema's refusals, each on the field it is about, in words a merchant reads. */
function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.filter((part) => typeof part === 'string').join('.');
    const field = FIELD_OF_PATH[path] ?? FIELD_OF_PATH[path.split('.').slice(0, 2).join('.')] ?? 'form';
    errors[field] ??= messageOf(field, issue);
  }
  return errors;
}

function messageOf(field: RuleField, issue: z.core.$ZodIssue): string {
  if (field === 'endsAt' && issue.code === 'custom') return 'Ends must be after Starts.';
  if (field === 'code') return 'Enter a code, e.g. TEST15.';
  if (field === 'percentOff' && issue.code !== 'custom') return 'Enter a percentage from 0 to 100, e.g. 15.';
  return issue.message;
}
