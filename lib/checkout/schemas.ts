import { z } from 'zod';
import { PRODUCT_IDS } from '@/lib/catalog';
import { CURRENCIES } from '@/lib/money';

/**
 * Request shapes shared by the browser (which sends them) and the route handlers (which trust
 * nothing else). Objects are strict: an unknown field is a 400, not silently ignored.
 */

export const CLIENT_REFERENCE_ID_PATTERN = /^[A-Za-z0-9_-]{1,200}$/;

export const clientReferenceIdSchema = z
  .string()
  .regex(CLIENT_REFERENCE_ID_PATTERN, 'must be 1-200 letters, digits, "_" or "-"');

/** Why a `?client_reference_id=` value is refused, or null when it is acceptable. */
export function explainClientReferenceId(value: string): string | null {
  if (value.length === 0) return 'it is empty';
  if (value.length > 200) return 'it is longer than 200 characters';
  if (!CLIENT_REFERENCE_ID_PATTERN.test(value)) return 'it may only contain letters, digits, "_" and "-"';
  return null;
}

/** A Stripe Checkout Session id (`cs_test_...`, `cs_live_...`), as URLs and route params carry it. */
export const CHECKOUT_SESSION_ID_PATTERN = /^cs_[A-Za-z0-9_]{1,250}$/;

export const MAX_QUANTITY = 10;
export const MAX_CART_LINES = 20;

export const currencySchema = z.enum(CURRENCIES);

export const cartLineSchema = z.strictObject({
  productId: z.enum(PRODUCT_IDS),
  quantity: z.number().int().min(1).max(MAX_QUANTITY),
});

export const createSessionSchema = z
  .strictObject({
    items: z.array(cartLineSchema).min(1, 'the cart is empty').max(MAX_CART_LINES),
    currency: currencySchema,
    clientReferenceId: clientReferenceIdSchema.optional(),
  })
  .refine((body) => new Set(body.items.map((item) => item.productId)).size === body.items.length, {
    message: 'each product may appear once; use its quantity',
    path: ['items'],
  });
export type CreateSessionRequest = z.infer<typeof createSessionSchema>;

export const toggleAddOnSchema = z.strictObject({ addOn: z.string().min(1).max(64), selected: z.boolean() });

export const promotionCodeSchema = z.strictObject({ code: z.string().trim().min(1, 'enter a code').max(64) });

export const shippingAddressSchema = z.strictObject({
  name: z.string().trim().min(1, 'enter the full name').max(200),
  address: z.strictObject({
    line1: z.string().trim().min(1, 'enter the address').max(200),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().min(1, 'enter the city').max(100),
    state: z.string().trim().max(100).optional(),
    postal_code: z.string().trim().min(1, 'enter the postal code').max(20),
    country: z.string().trim().length(2, 'use a two-letter country code').toUpperCase(),
  }),
});
export type ShippingAddressRequest = z.infer<typeof shippingAddressSchema>;

export const emailSchema = z.strictObject({
  email: z.string().trim().min(1, 'enter your email').max(254).pipe(z.email('enter a valid email address')),
});
export type EmailRequest = z.infer<typeof emailSchema>;

/**
 * The last recompute before payment. Pay sends what the shopper typed but the server has not seen
 * yet, so both are applied in the same single Stripe update.
 */
export const refreshDiscountsSchema = z.strictObject({
  email: emailSchema.shape.email.optional(),
  shippingAddress: shippingAddressSchema.optional(),
});
export type RefreshDiscountsRequest = z.infer<typeof refreshDiscountsSchema>;

export const emptyBodySchema = z.strictObject({});

/** The optional `Idempotency-Key` header of session creation: the browser's retry of one click. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'Idempotency-Key must be 8-64 letters, digits, "_" or "-"');
