import { z } from 'zod';

/**
 * The part of the Stripe API Checkout Session object (snake_case, as the local Stripe's
 * `GET /v1/checkout/sessions/{id}/client` answers it) that the stand-in reads. Parsed at the edge
 * and deliberately lenient (`nullish` everywhere Stripe may omit or null a field) so that a field
 * the server adds or leaves out never breaks checkout, while a wrong shape fails loudly here.
 */

const addressSchema = z.object({
  line1: z.string().nullish(),
  line2: z.string().nullish(),
  city: z.string().nullish(),
  state: z.string().nullish(),
  postal_code: z.string().nullish(),
  country: z.string().nullish(),
});

const couponSchema = z.object({
  id: z.string().nullish(),
  name: z.string().nullish(),
  percent_off: z.number().nullish(),
  duration: z.string().nullish(),
  duration_in_months: z.number().nullish(),
});

// Expandable fields arrive either as an id or as the expanded object.
const expandableCoupon = z.union([z.string(), couponSchema]);
const expandablePromotionCode = z.union([z.string(), z.object({ code: z.string().nullish() })]);

const discountSchema = z.object({
  // API versions before 2025-09-30 put the coupon on the discount, later ones under `source`.
  coupon: expandableCoupon.nullish(),
  source: z.object({ coupon: expandableCoupon.nullish() }).nullish(),
  promotion_code: expandablePromotionCode.nullish(),
});

const lineItemSchema = z.object({
  id: z.string(),
  description: z.string().nullish(),
  quantity: z.number().nullish(),
  currency: z.string().nullish(),
  amount_subtotal: z.number().nullish(),
  amount_discount: z.number().nullish(),
  amount_tax: z.number().nullish(),
  amount_total: z.number().nullish(),
  price: z
    .object({
      id: z.string(),
      unit_amount: z.number().nullish(),
      product: z.union([z.string(), z.object({ name: z.string().nullish() })]).nullish(),
    })
    .nullish(),
});

export const apiCheckoutSessionSchema = z.object({
  id: z.string(),
  status: z.enum(['open', 'complete', 'expired']).nullish(),
  payment_status: z.enum(['paid', 'unpaid', 'no_payment_required']).nullish(),
  currency: z.string().nullish(),
  payment_method_types: z.array(z.string()).nullish(),
  amount_subtotal: z.number().nullish(),
  amount_total: z.number().nullish(),
  livemode: z.boolean().nullish(),
  customer_email: z.string().nullish(),
  customer_details: z
    .object({
      email: z.string().nullish(),
      name: z.string().nullish(),
      phone: z.string().nullish(),
      address: addressSchema.nullish(),
    })
    .nullish(),
  collected_information: z
    .object({
      shipping_details: z.object({ name: z.string().nullish(), address: addressSchema.nullish() }).nullish(),
    })
    .nullish(),
  line_items: z.object({ data: z.array(lineItemSchema) }).nullish(),
  total_details: z
    .object({
      amount_discount: z.number().nullish(),
      amount_shipping: z.number().nullish(),
      amount_tax: z.number().nullish(),
      breakdown: z
        .object({
          discounts: z.array(z.object({ amount: z.number(), discount: discountSchema })).nullish(),
        })
        .nullish(),
    })
    .nullish(),
  permissions: z
    .object({
      update_discounts: z.string().nullish(),
      update_line_items: z.string().nullish(),
      update_shipping_details: z.string().nullish(),
    })
    .nullish(),
  shipping_address_collection: z.object({ allowed_countries: z.array(z.string()) }).nullish(),
  return_url: z.string().nullish(),
  expires_at: z.number().nullish(),
});

export type ApiCheckoutSession = z.infer<typeof apiCheckoutSessionSchema>;
export type ApiAddress = z.infer<typeof addressSchema>;
export type ApiCoupon = z.infer<typeof couponSchema>;

export const confirmResponseSchema = z.object({
  session: apiCheckoutSessionSchema,
  payment_intent: z.unknown().optional(),
});

export type SessionPermission = 'update_discounts' | 'update_line_items' | 'update_shipping_details';

export function isServerOnly(session: ApiCheckoutSession, permission: SessionPermission): boolean {
  return session.permissions?.[permission] === 'server_only';
}

/** Checkout Session client secrets are `{session id}_secret_{random}`, so the id is recoverable. */
export function sessionIdFromClientSecret(clientSecret: string): string | null {
  const index = clientSecret.indexOf('_secret_');
  if (index <= 0) return null;
  const id = clientSecret.slice(0, index);
  return id.startsWith('cs_') ? id : null;
}
