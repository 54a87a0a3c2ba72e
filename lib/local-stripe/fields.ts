import { invalidParam } from './errors';
import { SUPPORTED_CURRENCIES } from './money';
import { type Field, object, required, string } from './params';
import type { Address } from './state';

/** Three-letter currency codes; Stripe accepts any case and stores lower case. */
export function currency(): Field<string, false> {
  return {
    required: false,
    parse: (value, param) => {
      const code = string().parse(value, param).toLowerCase();
      if (!SUPPORTED_CURRENCIES.has(code)) {
        throw invalidParam(
          `Invalid currency: ${code}. The local Stripe supports these currencies: ${[...SUPPORTED_CURRENCIES].join(', ')}.`,
          param,
        );
      }
      return code;
    },
  };
}

/** Caller-chosen ids (coupons, products): what Stripe allows, minus names that would clash with JS internals. */
export function customId(): Field<string, false> {
  return {
    required: false,
    parse: (value, param) => {
      const id = string({ maxLength: 200 }).parse(value, param);
      if (!/^[A-Za-z0-9_-]+$/.test(id) || id === '__proto__') {
        throw invalidParam(`Invalid ${param}: ids may contain only letters, digits, '_' and '-'.`, param);
      }
      return id;
    },
  };
}

export function url(): Field<string, false> {
  return {
    required: false,
    parse: (value, param) => {
      const text = string({ maxLength: 5000 }).parse(value, param);
      let parsed: URL;
      try {
        parsed = new URL(text);
      } catch {
        throw invalidParam(`Not a valid URL`, param, 'url_invalid');
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw invalidParam(`Not a valid URL`, param, 'url_invalid');
      }
      return text;
    },
  };
}

export function email(): Field<string, false> {
  return {
    required: false,
    parse: (value, param) => {
      const text = string({ maxLength: 512 }).parse(value, param).trim();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) {
        throw invalidParam(`Invalid email address: ${text}`, param, 'email_invalid');
      }
      return text;
    },
  };
}

/** Countries Checkout cannot ship to (Stripe's documented list). */
export const UNSUPPORTED_SHIPPING_COUNTRIES = new Set([
  'AS',
  'CX',
  'CC',
  'CU',
  'HM',
  'IR',
  'KP',
  'MH',
  'FM',
  'NF',
  'MP',
  'PW',
  'SY',
  'UM',
  'VI',
]);

export function country(): Field<string, false> {
  return {
    required: false,
    parse: (value, param) => {
      const code = string().parse(value, param).toUpperCase();
      if (!/^[A-Z]{2}$/.test(code)) throw invalidParam(`Invalid country: ${code}`, param);
      return code;
    },
  };
}

export const addressShape = {
  line1: string({ maxLength: 200 }),
  line2: string({ maxLength: 200 }),
  city: string({ maxLength: 200 }),
  state: string({ maxLength: 200 }),
  postal_code: string({ maxLength: 200 }),
  country: country(),
};

export const shippingDetailsField = () =>
  object({
    name: required(string({ maxLength: 200 })),
    address: required(
      object({
        ...addressShape,
        line1: required(string({ maxLength: 200 })),
        country: required(country()),
      }),
    ),
  });

export function toAddress(input: {
  line1?: string;
  line2?: string;
  city?: string;
  state?: string;
  postal_code?: string;
  country?: string;
}): Address {
  return {
    city: input.city ?? null,
    country: input.country ?? null,
    line1: input.line1 ?? null,
    line2: input.line2 ?? null,
    postal_code: input.postal_code ?? null,
    state: input.state ?? null,
  };
}
