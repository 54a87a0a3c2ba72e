import { createCharge } from './charges';
import { renderSession } from './checkout-routes';
import {
  assertAmountAllowed,
  assertOpen,
  getSession,
  permission,
  setDiscount,
  shippingDetails,
  toShippingDetails,
} from './checkout-sessions';
import { assertCouponUsable, targetFor } from './discounts';
import type { Engine, RequestInfo } from './engine';
import { cardError, invalidParam, invalidRequest, parameterMissing, resourceMissing } from './errors';
import { email } from './fields';
import { newId } from './ids';
import type { JsonObject } from './json';
import { boolean, enumeration, integer, object, parseParams, required, string } from './params';
import { sessionEmail } from './render';
import { pathParam, type Route, type RouteContext } from './route';
import { getOwn, type StoredPaymentIntent, type StoredSession } from './state';

/**
 * Endpoints the Stripe.js stand-in calls from the browser: publishable key plus the session's
 * client secret. Each refuses what the session's `permissions` reserve for the server.
 */

const CLIENT_EXPAND = ['line_items', 'total_details.breakdown'];

export function clientView(engine: Engine, session: StoredSession): JsonObject {
  return renderSession(engine, session, CLIENT_EXPAND);
}

function authorizedSession(context: RouteContext, clientSecret: string): StoredSession {
  const session = getSession(context.engine, pathParam(context, 'id'), context.request);
  if (clientSecret !== session.client_secret) {
    throw invalidRequest(
      'The client_secret provided does not match the client_secret of this Checkout Session.',
      {
        param: 'client_secret',
        status: 403,
      },
    );
  }
  return session;
}

function serverOnly(field: string, param: string): never {
  throw invalidRequest(
    `This Checkout Session's ${field} can only be changed by your server (\`permissions.update_${field}\` is \`server_only\`).`,
    { param },
  );
}

function clientSessionRoute(context: RouteContext): JsonObject {
  const params = parseParams({ client_secret: required(string()) }, context.params);
  return clientView(context.engine, authorizedSession(context, params.client_secret));
}

function clientUpdateRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams(
    {
      client_secret: required(string()),
      email: email(),
      promotion_code: string({ maxLength: 500 }),
      remove_promotion_code: boolean(),
      line_item: string(),
      quantity: integer({ min: 0, max: 999_999 }),
      shipping_details: shippingDetails(),
    },
    context.params,
  );
  const session = authorizedSession(context, params.client_secret);
  const operations = [
    params.email !== undefined,
    params.promotion_code !== undefined,
    params.remove_promotion_code !== undefined,
    params.line_item !== undefined || params.quantity !== undefined,
    params.shipping_details !== undefined,
  ].filter(Boolean).length;
  if (operations !== 1) {
    throw invalidParam(
      'Pass exactly one of `email`, `promotion_code`, `remove_promotion_code`, `line_item` with `quantity`, or `shipping_details`.',
      'client_update',
    );
  }
  assertOpen(session, 'updated');

  if (params.email !== undefined) {
    session.collected_email = params.email;
  } else if (params.promotion_code !== undefined) {
    if (permission(session, 'discounts') === 'server_only') serverOnly('discounts', 'promotion_code');
    // Promotion code objects are not modelled (see README): every code is unknown, as Stripe says.
    throw invalidRequest(`The promotion code \`${params.promotion_code}\` is invalid.`, {
      param: 'promotion_code',
    });
  } else if (params.remove_promotion_code !== undefined) {
    if (!params.remove_promotion_code) {
      throw invalidParam('`remove_promotion_code` must be `true`.', 'remove_promotion_code');
    }
    if (permission(session, 'discounts') === 'server_only') serverOnly('discounts', 'remove_promotion_code');
    setDiscount(engine, session, null);
  } else if (params.line_item !== undefined || params.quantity !== undefined) {
    if (params.line_item === undefined) throw parameterMissing('line_item');
    if (params.quantity === undefined) throw parameterMissing('quantity');
    if (permission(session, 'line_items') === 'server_only') serverOnly('line_items', 'quantity');
    const lineItemId = params.line_item;
    const quantity = params.quantity;
    const item = session.line_items.find((candidate) => candidate.id === lineItemId);
    if (!item) throw resourceMissing('line item', lineItemId, 'line_item');
    const minimum = item.adjustable_quantity?.minimum ?? 1;
    const maximum = item.adjustable_quantity?.maximum ?? 999_999;
    if (quantity < minimum || quantity > maximum) {
      throw invalidParam(`The quantity must be between ${minimum} and ${maximum}.`, 'quantity');
    }
    if (quantity === 0) {
      if (session.line_items.length === 1) {
        throw invalidParam('A Checkout Session needs at least one line item.', 'quantity');
      }
      session.line_items = session.line_items.filter((candidate) => candidate !== item);
    } else {
      item.quantity = quantity;
    }
  } else if (params.shipping_details !== undefined) {
    if (permission(session, 'shipping_details') === 'server_only') {
      serverOnly('shipping_details', 'shipping_details');
    }
    session.shipping_details = toShippingDetails(session, params.shipping_details, 'shipping_details');
  }
  assertAmountAllowed(engine, session);
  engine.markDirty();
  return clientView(engine, session);
}

// Confirmation

interface CardInput {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc: string;
}

function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let index = 0; index < number.length; index += 1) {
    let digit = Number(number[number.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function cardBrand(number: string): string {
  if (number.startsWith('4')) return 'visa';
  if (/^5[1-5]/.test(number) || /^2[2-7]/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^35/.test(number)) return 'jcb';
  if (/^6(011|5)/.test(number)) return 'discover';
  return 'unknown';
}

interface Decline {
  code: string;
  declineCode?: string;
  message: string;
}

// Stripe's test card numbers (https://docs.stripe.com/testing#declined-payments).
const TEST_CARD_DECLINES: Record<string, Decline> = {
  '4000000000000002': {
    code: 'card_declined',
    declineCode: 'generic_decline',
    message: 'Your card was declined.',
  },
  '4000000000009995': {
    code: 'card_declined',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  '4000000000009987': { code: 'card_declined', declineCode: 'lost_card', message: 'Your card was declined.' },
  '4000000000000069': {
    code: 'expired_card',
    declineCode: 'expired_card',
    message: 'Your card has expired.',
  },
  '4000000000000127': {
    code: 'incorrect_cvc',
    declineCode: 'incorrect_cvc',
    message: "Your card's security code is incorrect.",
  },
  '4000000000000119': {
    code: 'processing_error',
    declineCode: 'processing_error',
    message: 'An error occurred while processing your card. Try again in a little bit.',
  },
};

function cardDecline(card: CardInput, nowSeconds: number): Decline | undefined {
  const number = card.number.replace(/[\s-]/g, '');
  if (!luhnValid(number)) return { code: 'incorrect_number', message: 'Your card number is incorrect.' };
  const year = card.exp_year < 100 ? 2000 + card.exp_year : card.exp_year;
  const now = new Date(nowSeconds * 1000);
  const currentMonth = now.getUTCFullYear() * 12 + now.getUTCMonth();
  if (year * 12 + (card.exp_month - 1) < currentMonth) {
    return { code: 'invalid_expiry_year', message: "Your card's expiration year is invalid." };
  }
  return TEST_CARD_DECLINES[number];
}

function paymentIntentFor(engine: Engine, session: StoredSession, amount: number): StoredPaymentIntent {
  const existing =
    session.payment_intent === null ? undefined : getOwn(engine.state.paymentIntents, session.payment_intent);
  const shipping = session.shipping_details;
  if (existing && existing.status === 'requires_payment_method') {
    // A retry after a failed attempt reuses the payment intent, as Checkout does.
    existing.amount = amount;
    existing.shipping = shipping;
    return existing;
  }
  const id = newId.paymentIntent();
  const intent: StoredPaymentIntent = {
    id,
    seq: engine.seq(),
    created: engine.now(),
    amount,
    amount_received: 0,
    currency: session.currency,
    status: 'requires_payment_method',
    customer: session.customer,
    client_secret: newId.paymentIntentSecret(id),
    last_payment_error: null,
    next_action: null,
    payment_method: null,
    payment_method_types: [...session.payment_method_types],
    latest_charge: null,
    receipt_email: null,
    shipping,
    canceled_at: null,
    cancellation_reason: null,
    metadata: {},
    checkout_session: session.id,
  };
  engine.state.paymentIntents[id] = intent;
  session.payment_intent = id;
  return intent;
}

/** Re-checks the discount at payment time: limits and expiry may have passed since it was applied. */
function assertDiscountStillValid(engine: Engine, session: StoredSession): void {
  if (session.discount === null) return;
  const target = targetFor(engine, session);
  const coupon = getOwn(engine.state.coupons, session.discount.coupon);
  if (!coupon) return;
  assertCouponUsable(coupon, target, 'discounts');
}

function complete(
  engine: Engine,
  session: StoredSession,
  paymentStatus: StoredSession['payment_status'],
  request: RequestInfo,
): void {
  session.status = 'complete';
  session.payment_status = paymentStatus;
  if (session.discount !== null) {
    const coupon = getOwn(engine.state.coupons, session.discount.coupon);
    if (coupon) coupon.times_redeemed += 1;
  }
  engine.markDirty();
  engine.emitSessionEvent('checkout.session.completed', session, request);
}

const confirmShape = {
  client_secret: required(string()),
  email: email(),
  // Not required when the total is zero: a free order collects no payment details (as Stripe's).
  payment_method_data: object({
    type: required(enumeration(['card', 'konbini'])),
    card: object({
      number: required(string()),
      exp_month: required(integer({ min: 1, max: 12 })),
      exp_year: required(integer({ min: 0 })),
      cvc: required(string()),
    }),
  }),
};

/** What confirmation needs before any payment is attempted; answers the receipt email. */
function assertConfirmable(engine: Engine, session: StoredSession, method: string | null): string {
  const receiptEmail = sessionEmail(engine.state, session);
  if (receiptEmail === null) {
    throw invalidRequest('An email address is required to confirm this Checkout Session.', {
      param: 'email',
    });
  }
  if (session.allowed_countries !== null && session.shipping_details === null) {
    throw invalidRequest('A shipping address is required to confirm this Checkout Session.', {
      param: 'shipping_details',
    });
  }
  assertDiscountStillValid(engine, session);
  if (method !== null && !session.payment_method_types.includes(method)) {
    throw invalidRequest(
      `The payment method type \`${method}\` is not available for this Checkout Session.`,
      {
        param: 'payment_method_data[type]',
      },
    );
  }
  return receiptEmail;
}

/** Konbini: the session completes unpaid and the intent waits for the shopper to pay at the store. */
function awaitKonbiniPayment(engine: Engine, intent: StoredPaymentIntent): void {
  intent.status = 'requires_action';
  intent.last_payment_error = null;
  intent.next_action = {
    type: 'konbini_display_details',
    konbini_display_details: {
      expires_at: engine.now() + 3 * 24 * 60 * 60,
      hosted_voucher_url: null,
      stores: {
        familymart: { confirmation_number: null, payment_code: '123456' },
        lawson: { confirmation_number: null, payment_code: '123456' },
        ministop: { confirmation_number: null, payment_code: '123456' },
        seicomart: { confirmation_number: null, payment_code: '123456' },
      },
    },
  };
}

/** Records a declined card on the intent (kept: the failure is itself a change) and throws Stripe's card error. */
function decline(engine: Engine, intent: StoredPaymentIntent, card: CardInput, declined: Decline): never {
  const number = card.number.replace(/[\s-]/g, '');
  const lastPaymentError: JsonObject = {
    type: 'card_error',
    code: declined.code,
    message: declined.message,
    doc_url: `https://docs.stripe.com/error-codes/${declined.code.replaceAll('_', '-')}`,
    payment_method: {
      id: intent.payment_method,
      object: 'payment_method',
      type: 'card',
      card: {
        brand: cardBrand(number),
        last4: number.slice(-4),
        exp_month: card.exp_month,
        exp_year: card.exp_year,
        funding: 'credit',
      },
    },
  };
  if (declined.declineCode !== undefined) lastPaymentError.decline_code = declined.declineCode;
  intent.status = 'requires_payment_method';
  intent.last_payment_error = lastPaymentError;
  throw cardError(declined.code, declined.message, declined.declineCode, engine.render.paymentIntent(intent));
}

function confirmRoute(context: RouteContext): JsonObject {
  const { engine } = context;
  const params = parseParams(confirmShape, context.params);
  const session = authorizedSession(context, params.client_secret);
  assertOpen(session, 'confirmed');
  if (params.email !== undefined) session.collected_email = params.email;
  const { total } = engine.render.sessionTotals(session);
  if (total === 0) {
    assertConfirmable(engine, session, null);
    complete(engine, session, 'no_payment_required', context.request);
    return { session: clientView(engine, session), payment_intent: null };
  }
  if (params.payment_method_data === undefined) throw parameterMissing('payment_method_data');
  const method = params.payment_method_data.type;
  const receiptEmail = assertConfirmable(engine, session, method);

  const intent = paymentIntentFor(engine, session, total);
  intent.receipt_email = receiptEmail;
  intent.payment_method = newId.paymentMethod();
  intent.payment_method_types = [method];
  engine.markDirty();

  if (method === 'konbini') {
    awaitKonbiniPayment(engine, intent);
    complete(engine, session, 'unpaid', context.request);
    return { session: clientView(engine, session), payment_intent: engine.render.paymentIntent(intent) };
  }

  const card = params.payment_method_data.card;
  if (card === undefined) throw parameterMissing('payment_method_data[card]');
  const declined = cardDecline(card, engine.now());
  if (declined !== undefined) decline(engine, intent, card, declined);
  intent.status = 'succeeded';
  intent.amount_received = intent.amount;
  intent.last_payment_error = null;
  const number = card.number.replace(/[\s-]/g, '');
  createCharge(engine, intent, {
    type: 'card',
    brand: cardBrand(number),
    last4: number.slice(-4),
    exp_month: card.exp_month,
    exp_year: card.exp_year < 100 ? 2000 + card.exp_year : card.exp_year,
  });
  complete(engine, session, 'paid', context.request);
  return { session: clientView(engine, session), payment_intent: engine.render.paymentIntent(intent) };
}

export const browserRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/v1/checkout/sessions/:id/client',
    auth: 'publishable',
    handler: clientSessionRoute,
  },
  {
    method: 'POST',
    pattern: '/v1/checkout/sessions/:id/client_update',
    auth: 'publishable',
    handler: clientUpdateRoute,
  },
  {
    method: 'POST',
    pattern: '/v1/checkout/sessions/:id/confirm',
    auth: 'publishable',
    handler: confirmRoute,
  },
];
