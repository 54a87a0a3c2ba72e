import type {
  StripeCheckoutAddress,
  StripeCheckoutContact,
  StripeCheckoutDiscountAmount,
  StripeCheckoutLineItem,
  StripeCheckoutSession,
  StripeCheckoutStatus,
  StripeCheckoutTaxIdInfo,
} from '@stripe/stripe-js';
import type { ApiAddress, ApiCheckoutSession, ApiCoupon } from './api-session';
import { type AmountFormatter, createAmountFormatter, DEFAULT_LOCALE } from './format-amount';

/** Client-side state that Stripe.js keeps beside the server's session and folds into `getSession()`. */
export interface ClientSessionState {
  canConfirm: boolean;
  lastPaymentError: { message: string } | null;
  billingAddress: StripeCheckoutContact | null;
  phoneNumber: string | null;
  individualName: string | null;
  businessName: string | null;
  taxIdInfo: StripeCheckoutTaxIdInfo | null;
}

export const INITIAL_CLIENT_STATE: ClientSessionState = {
  canConfirm: true,
  lastPaymentError: null,
  billingAddress: null,
  phoneNumber: null,
  individualName: null,
  businessName: null,
  taxIdInfo: null,
};

/** Maps the API session (snake_case, minor units) to the Stripe.js `StripeCheckoutSession` view. */
export function toCheckoutSession(
  api: ApiCheckoutSession,
  client: ClientSessionState = INITIAL_CLIENT_STATE,
  locale: string = DEFAULT_LOCALE,
): StripeCheckoutSession {
  const currency = api.currency ?? 'usd';
  const money = createAmountFormatter(currency, locale);
  const zero = money.format(0);
  const lineItems = (api.line_items?.data ?? []).map((item) => toLineItem(item, money));
  const subtotal =
    api.amount_subtotal ?? lineItems.reduce((sum, item) => sum + item.subtotal.minorUnitsAmount, 0);
  const discount = api.total_details?.amount_discount ?? 0;
  const status = toStatus(api);

  return {
    id: api.id,
    status,
    // Stripe.js never lets a finished session confirm again, whatever else it has collected.
    canConfirm: status.type === 'open' && client.canConfirm,
    currency,
    currencyOptions: null,
    lineItems,
    discountAmounts: toDiscountAmounts(api, money),
    total: {
      subtotal: money.format(subtotal),
      discount: money.format(discount),
      shippingRate: money.format(api.total_details?.amount_shipping ?? 0),
      taxExclusive: money.format(api.total_details?.amount_tax ?? 0),
      taxInclusive: zero,
      appliedBalance: zero,
      surcharge: zero,
      balanceAppliedToNextInvoice: false,
      total: money.format(api.amount_total ?? subtotal - discount),
    },
    minorUnitsAmountDivisor: money.divisor,
    email: api.customer_details?.email ?? api.customer_email ?? null,
    phoneNumber: client.phoneNumber ?? api.customer_details?.phone ?? null,
    shippingAddress: toContact(
      api.collected_information?.shipping_details?.name,
      api.collected_information?.shipping_details?.address,
    ),
    billingAddress:
      client.billingAddress ?? toContact(api.customer_details?.name, api.customer_details?.address),
    businessName: client.businessName,
    nameCollection:
      client.individualName || client.businessName
        ? { individualName: client.individualName, businessName: client.businessName }
        : null,
    lastPaymentError: client.lastPaymentError,
    livemode: api.livemode ?? false,
    recurring: null,
    savedPaymentMethods: null,
    shipping: null,
    shippingOptions: [],
    surcharge: null,
    tax: { status: 'ready' },
    taxAmounts: null,
    taxIdInfo: client.taxIdInfo,
    optionalItems: null,
  };
}

function toStatus(api: ApiCheckoutSession): StripeCheckoutStatus {
  switch (api.status) {
    case 'complete':
      return { type: 'complete', paymentStatus: api.payment_status ?? 'unpaid' };
    case 'expired':
      return { type: 'expired' };
    default:
      return { type: 'open' };
  }
}

type ApiLineItem = NonNullable<ApiCheckoutSession['line_items']>['data'][number];

function toLineItem(item: ApiLineItem, money: AmountFormatter): StripeCheckoutLineItem {
  const quantity = item.quantity ?? 1;
  const subtotal = item.amount_subtotal ?? 0;
  const product = item.price?.product;
  const productName = typeof product === 'object' && product !== null ? product.name : null;
  return {
    id: item.id,
    // The API's line item `description` is the product name, which is what Stripe.js calls `name`.
    name: item.description ?? productName ?? '',
    description: null,
    quantity,
    unitAmount: money.format(item.price?.unit_amount ?? Math.round(subtotal / Math.max(quantity, 1))),
    unitAmountDecimal: null,
    subtotal: money.format(subtotal),
    discount: money.format(item.amount_discount ?? 0),
    taxExclusive: money.format(item.amount_tax ?? 0),
    taxInclusive: money.format(0),
    total: money.format(item.amount_total ?? subtotal - (item.amount_discount ?? 0)),
    unitLabel: null,
    discountAmounts: null,
    taxAmounts: null,
    recurring: null,
    adjustableQuantity: null,
    images: [],
    priceId: item.price?.id ?? '',
    isRemovable: false,
    pricing: null,
    transformQuantity: null,
  };
}

function toDiscountAmounts(api: ApiCheckoutSession, money: AmountFormatter): StripeCheckoutDiscountAmount[] {
  const breakdown = api.total_details?.breakdown?.discounts;
  if (breakdown) {
    return breakdown.map(({ amount, discount }) => {
      const coupon = pickCoupon(discount.coupon, discount.source?.coupon);
      const promotionCode =
        typeof discount.promotion_code === 'object' ? (discount.promotion_code?.code ?? null) : null;
      return {
        ...money.format(amount),
        displayName: coupon?.name ?? promotionCode ?? coupon?.id ?? 'Discount',
        promotionCode,
        percentOff: coupon?.percent_off ?? null,
        recurring: toRecurring(coupon),
      };
    });
  }
  // Without a breakdown Stripe still reports the discount total; show it rather than lose it.
  const amount = api.total_details?.amount_discount ?? 0;
  return amount > 0
    ? [
        {
          ...money.format(amount),
          displayName: 'Discount',
          promotionCode: null,
          percentOff: null,
          recurring: null,
        },
      ]
    : [];
}

/** Prefers an expanded coupon (it has the name) over a bare id, wherever the API version put it. */
function pickCoupon(...candidates: Array<string | ApiCoupon | null | undefined>): ApiCoupon | null {
  const expanded = candidates.find(
    (candidate): candidate is ApiCoupon => typeof candidate === 'object' && !!candidate,
  );
  if (expanded) return expanded;
  const id = candidates.find((candidate): candidate is string => typeof candidate === 'string');
  return id ? { id } : null;
}

function toRecurring(coupon: ApiCoupon | null): StripeCheckoutDiscountAmount['recurring'] {
  if (coupon?.duration === 'forever') return { type: 'forever' };
  if (coupon?.duration === 'repeating' && coupon.duration_in_months) {
    return { type: 'repeating', durationInMonths: coupon.duration_in_months };
  }
  return null;
}

function toContact(
  name: string | null | undefined,
  address: ApiAddress | null | undefined,
): StripeCheckoutContact | null {
  if (!address?.country) return null;
  const mapped: StripeCheckoutAddress = {
    country: address.country,
    line1: address.line1 ?? null,
    line2: address.line2 ?? null,
    city: address.city ?? null,
    postal_code: address.postal_code ?? null,
    state: address.state ?? null,
  };
  return { name: name ?? null, address: mapped };
}
