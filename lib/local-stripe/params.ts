import { invalidParam, parameterMissing, parameterUnknown } from './errors';
import { type FormObject, type FormValue, nestParamName } from './form';

/**
 * A tiny typed parameter schema with Stripe's error semantics: unknown keys give
 * `parameter_unknown`, missing required ones `parameter_missing`, bad integers
 * `parameter_invalid_integer`, an empty string where a value cannot be unset
 * `parameter_invalid_empty`. Every failure names the bracketed `param` as Stripe does.
 */
export interface Field<T, R extends boolean = boolean> {
  readonly required: R;
  readonly parse: (value: FormValue, param: string) => T;
}

type AnyField = Field<unknown, boolean>;
export type Shape = Record<string, AnyField>;
type Infer<F> = F extends Field<infer T, boolean> ? T : never;
type RequiredKeys<S extends Shape> = {
  [K in keyof S]: S[K]['required'] extends true ? K : never;
}[keyof S];
export type ObjectOutput<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & {
  [K in Exclude<keyof S, RequiredKeys<S>>]?: Infer<S[K]>;
};

function field<T>(parse: (value: FormValue, param: string) => T): Field<T, false> {
  return { required: false, parse };
}

export function required<T>(inner: Field<T, boolean>): Field<T, true> {
  return { required: true, parse: inner.parse };
}

function expectString(value: FormValue, param: string, allowEmpty = false): string {
  if (typeof value !== 'string') throw invalidParam(`Invalid string: ${param} must be a string.`, param);
  if (value === '' && !allowEmpty) {
    throw invalidParam(
      `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
      param,
      'parameter_invalid_empty',
    );
  }
  return value;
}

export function string(options: { maxLength?: number; pattern?: RegExp; patternMessage?: string } = {}) {
  return field((value, param) => {
    const text = expectString(value, param);
    if (options.maxLength !== undefined && text.length > options.maxLength) {
      throw invalidParam(`Invalid ${param}: must be at most ${options.maxLength} characters`, param);
    }
    if (options.pattern && !options.pattern.test(text)) {
      throw invalidParam(options.patternMessage ?? `Invalid ${param}: ${text}`, param);
    }
    return text;
  });
}

function listWords(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}`;
}

export function enumeration<const V extends string>(values: readonly V[]) {
  return field((value, param): V => {
    const text = expectString(value, param);
    const match = values.find((candidate) => candidate === text);
    if (match === undefined)
      throw invalidParam(`Invalid ${param}: must be one of ${listWords(values)}`, param);
    return match;
  });
}

export function integer(options: { min?: number; max?: number } = {}) {
  return field((value, param) => {
    const text = expectString(value, param);
    if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
      throw invalidParam(`Invalid integer: ${text}`, param, 'parameter_invalid_integer');
    }
    const number = Number(text);
    if (options.min !== undefined && number < options.min) {
      throw invalidParam(
        `Invalid ${param}: This value must be greater than or equal to ${options.min}.`,
        param,
        'parameter_invalid_integer',
      );
    }
    if (options.max !== undefined && number > options.max) {
      throw invalidParam(
        `Invalid ${param}: This value must be less than or equal to ${options.max}.`,
        param,
        'parameter_invalid_integer',
      );
    }
    return number;
  });
}

export function decimal(options: { exclusiveMin?: number; max?: number } = {}) {
  return field((value, param) => {
    const text = expectString(value, param);
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw invalidParam(`Invalid decimal: ${text}`, param);
    const number = Number(text);
    if (
      (options.exclusiveMin !== undefined && number <= options.exclusiveMin) ||
      (options.max !== undefined && number > options.max)
    ) {
      throw invalidParam(
        `Invalid ${param}: must be greater than ${options.exclusiveMin ?? '-inf'} and at most ${options.max ?? 'inf'}`,
        param,
      );
    }
    return number;
  });
}

export function boolean() {
  return field((value, param) => {
    const text = expectString(value, param);
    if (text === 'true') return true;
    if (text === 'false') return false;
    throw invalidParam(`Invalid boolean: ${text}`, param);
  });
}

function expectObject(value: FormValue, param: string): FormObject {
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidParam(`Invalid object: ${param} must be a hash (e.g. ${param}[key]=value).`, param);
  }
  return value;
}

function parseShape<S extends Shape>(shape: S, input: FormObject, param: string): ObjectOutput<S> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(shape, key)) throw parameterUnknown(nestParamName(param, key));
  }
  for (const [key, spec] of Object.entries(shape)) {
    const value = input[key];
    const name = nestParamName(param, key);
    if (value === undefined) {
      if (spec.required) throw parameterMissing(name);
      continue;
    }
    out[key] = spec.parse(value, name);
  }
  // The loop above assigned exactly the shape's keys with their parsers' outputs.
  return out as ObjectOutput<S>;
}

export function object<S extends Shape>(shape: S) {
  return field((value, param) => parseShape(shape, expectObject(value, param), param));
}

export function array<T>(item: Field<T, boolean>, options: { maxItems?: number } = {}) {
  return field((value, param): T[] => {
    if (!Array.isArray(value)) {
      throw invalidParam(`Invalid array: ${param} must be a list (e.g. ${param}[0]=value).`, param);
    }
    if (options.maxItems !== undefined && value.length > options.maxItems) {
      throw invalidParam(`Invalid ${param}: must contain at most ${options.maxItems} items`, param);
    }
    return value.map((element, index) => item.parse(element, `${param}[${index}]`));
  });
}

/** `''` means "unset" for parameters Stripe lets you clear (e.g. `discounts=''`, `metadata=''`). */
export function emptyable<T>(inner: Field<T, boolean>) {
  return field((value, param): T | '' => (value === '' ? '' : inner.parse(value, param)));
}

/** Stripe metadata: at most 50 keys, keys up to 40 characters, values up to 500; `''` values unset a key. */
export function metadata() {
  return field((value, param) => {
    const input = expectObject(value, param);
    const entries = Object.entries(input);
    if (entries.length > 50) throw invalidParam(`Invalid ${param}: at most 50 keys are allowed`, param);
    const out: Record<string, string> = {};
    for (const [key, raw] of entries) {
      const name = nestParamName(param, key);
      if (key.length > 40) throw invalidParam(`Invalid ${param}: keys must be at most 40 characters`, name);
      if (typeof raw !== 'string')
        throw invalidParam(`Invalid ${name}: metadata values must be strings`, name);
      if (raw.length > 500)
        throw invalidParam(`Invalid ${name}: values must be at most 500 characters`, name);
      out[key] = raw;
    }
    return out;
  });
}

export const expandParam = () => array(string(), { maxItems: 100 });

/** Parses a request's parameters (query and body merged) against an endpoint's shape. */
export function parseParams<S extends Shape>(shape: S, input: FormObject): ObjectOutput<S> {
  return parseShape(shape, input, '');
}

/** Applies an update to a nullable field: absent keeps `current`, `''` (see `emptyable`) clears it. */
export function applyEmptyable(current: string | null, update: string | undefined): string | null {
  return update === undefined ? current : update === '' ? null : update;
}

/** Applies a metadata update with Stripe's merge rules (`''` clears all, a `''` value unsets a key). */
export function mergeMetadata(
  current: Record<string, string>,
  update: Record<string, string> | '' | undefined,
): Record<string, string> {
  if (update === undefined) return current;
  if (update === '') return {};
  const next = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === '') delete next[key];
    else next[key] = value;
  }
  return next;
}
