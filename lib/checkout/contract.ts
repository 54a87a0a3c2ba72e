import * as z from 'zod/mini';
import { ADD_ON_IDS, MAX_QUANTITY, PRODUCT_IDS } from '@/lib/catalog';
import { CURRENCIES } from '@/lib/money';

/**
 * The shapes the browser and the checkout routes exchange, in `zod/mini` so that browser bundles
 * carry a few kB of validation instead of zod's full method API. The routes parse requests with
 * these schemas (via `./schemas`) and shape their answers with them; the browser checks what it
 * sends and parses every answer with the same ones (components/checkout/checkout-api.ts).
 * Browser-safe: no server code and no secrets may be imported here.
 */

// Defined with the catalog, so browser code can read it without loading these schemas.
export { MAX_QUANTITY };

export const cartLineSchema = z.strictObject({
  productId: z.enum(PRODUCT_IDS),
  quantity: z.int().check(z.minimum(1), z.maximum(MAX_QUANTITY)),
});
export type CartLine = z.infer<typeof cartLineSchema>;

/**
 * Control characters (C0, DEL, C1) in one-line text: a NUL cannot be stored (PostgreSQL refuses it
 * in text and jsonb) and none of them belongs in a name, an address or an email. Line separators
 * (U+2028/2029) and bidi overrides are refused too: a one-line field never needs them.
 */
export const WITHOUT_CONTROL_CHARACTERS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to refuse them.
  /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/;
const NO_CONTROL_CHARACTERS = 'must not contain control characters';

const text = (max: number, empty?: string) =>
  empty === undefined
    ? z.string().check(z.regex(WITHOUT_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS), z.trim(), z.maxLength(max))
    : z
        .string()
        .check(
          z.regex(WITHOUT_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS),
          z.trim(),
          z.minLength(1, empty),
          z.maxLength(max),
        );

export const shippingAddressSchema = z.strictObject({
  name: text(200, 'enter the full name'),
  address: z.strictObject({
    line1: text(200, 'enter the address'),
    line2: z.optional(text(200)),
    city: text(100, 'enter the city'),
    state: z.optional(text(100)),
    postal_code: text(20, 'enter the postal code'),
    country: z
      .string()
      .check(
        z.regex(WITHOUT_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS),
        z.trim(),
        z.length(2, 'use a two-letter country code'),
        z.toUpperCase(),
      ),
  }),
});
export type ShippingAddressRequest = z.infer<typeof shippingAddressSchema>;

export const emailSchema = z.strictObject({
  email: z.pipe(text(254, 'enter your email'), z.email('enter a valid email address')),
});
export type EmailRequest = z.infer<typeof emailSchema>;

/**
 * What the checkout page reads from our server besides Stripe's own session (whose totals it
 * shows): our discount breakdown and the state of its own controls. Answers are objects that drop
 * unknown fields, so the server can add one before the browser reads it.
 */
export const checkoutViewSchema = z.object({
  sessionId: z.string(),
  currency: z.enum(CURRENCIES),
  addOns: z.array(z.enum(ADD_ON_IDS)),
  promotionCode: z.nullable(z.string()),
  shipping: z.nullable(
    z.object({
      name: z.string(),
      address: z.object({
        line1: z.string(),
        line2: z.optional(z.string()),
        city: z.string(),
        state: z.optional(z.string()),
        postal_code: z.string(),
        country: z.string(),
      }),
    }),
  ),
  /** The email discount rules read (the account's for a signed-in customer). */
  email: z.nullable(z.string()),
  /** A signed-in customer's session: Stripe knows their email from the customer. */
  hasCustomer: z.boolean(),
  discounts: z.array(z.object({ ruleId: z.string(), name: z.string(), amount: z.int() })),
  /** Sentences for the shopper about discounts that changed with this request. */
  notices: z.array(z.string()),
  /**
   * Stripe line item id -> our line key (`product:ceramic-mug`, `add_on:gift_wrap`), so the order
   * summary names lines from our catalog in the page's language, not by the name Stripe holds.
   */
  lineKeys: z.optional(z.record(z.string(), z.string())),
});
export type CheckoutView = z.infer<typeof checkoutViewSchema>;

/** The answer to session creation. */
export const createdSessionSchema = z.object({ id: z.string(), reference: z.string() });

/** DESIGN.md's error contract: every refusal of every route has this body. */
export const errorEnvelopeSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
