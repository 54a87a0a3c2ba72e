import { z } from 'zod';
import { LOCALES } from '@/lib/i18n/locales';
import { CURRENCIES } from '@/lib/money';
import { cartLineSchema, emailSchema, shippingAddressSchema, WITHOUT_CONTROL_CHARACTERS } from './contract';

/**
 * Request shapes of the route handlers (which trust nothing else). Those the browser also checks
 * before sending live in `./contract`, written with zod/mini for the browser bundle. Objects are
 * strict: an unknown field is a 400, not silently ignored.
 */

export const CLIENT_REFERENCE_ID_PATTERN = /^[A-Za-z0-9_-]{1,200}$/;

export const clientReferenceIdSchema = z
  .string()
  .regex(CLIENT_REFERENCE_ID_PATTERN, 'must be 1-200 letters, digits, "_" or "-"');

/**
 * Why a `?client_reference_id=` value is refused, or null when it is acceptable. The page says it
 * in its language (messages: `storefront.referenceReasons`).
 */
export function explainClientReferenceId(value: string): 'empty' | 'tooLong' | 'characters' | null {
  if (value.length === 0) return 'empty';
  if (value.length > 200) return 'tooLong';
  if (!CLIENT_REFERENCE_ID_PATTERN.test(value)) return 'characters';
  return null;
}

/** A Stripe Checkout Session id (`cs_test_...`, `cs_live_...`), as URLs and route params carry it. */
export const CHECKOUT_SESSION_ID_PATTERN = /^cs_[A-Za-z0-9_]{1,250}$/;

export type { EmailRequest, ShippingAddressRequest } from './contract';
export { cartLineSchema, emailSchema, MAX_QUANTITY, shippingAddressSchema } from './contract';
export const MAX_CART_LINES = 20;

export const currencySchema = z.enum(CURRENCIES);

export const createSessionSchema = z
  .strictObject({
    items: z.array(cartLineSchema).min(1, 'the cart is empty').max(MAX_CART_LINES),
    currency: currencySchema,
    clientReferenceId: clientReferenceIdSchema.optional(),
    /** The page's language: the session's `locale` and the return page's URL follow it. */
    locale: z.enum(LOCALES).optional(),
  })
  .refine((body) => new Set(body.items.map((item) => item.productId)).size === body.items.length, {
    message: 'each product may appear once; use its quantity',
    path: ['items'],
  });
export type CreateSessionRequest = z.infer<typeof createSessionSchema>;

const NO_CONTROL_CHARACTERS = 'must not contain control characters';

export const toggleAddOnSchema = z.strictObject({
  addOn: z.string().min(1).max(64).regex(WITHOUT_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS),
  selected: z.boolean(),
});

export const promotionCodeSchema = z.strictObject({
  code: z
    .string()
    .regex(WITHOUT_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS)
    .trim()
    .min(1, 'enter a code')
    .max(64),
});

/**
 * The last recompute before payment. Pay sends what the shopper typed but the server has not seen
 * yet, so both are applied in the same single Stripe update.
 */
export const refreshDiscountsSchema = z.strictObject({
  email: z.optional(emailSchema.shape.email),
  shippingAddress: z.optional(shippingAddressSchema),
});
export type RefreshDiscountsRequest = z.infer<typeof refreshDiscountsSchema>;

export const emptyBodySchema = z.strictObject({});

/** The optional `Idempotency-Key` header of session creation: the browser's retry of one click. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'Idempotency-Key must be 8-64 letters, digits, "_" or "-"');
