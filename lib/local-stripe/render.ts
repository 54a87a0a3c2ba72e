import { invalidRequest } from './errors';
import type { Json, JsonObject } from './json';
import { isJsonObject } from './json';
import type {
  Address,
  ShippingDetails,
  State,
  StoredCharge,
  StoredCoupon,
  StoredCustomer,
  StoredDispute,
  StoredEvent,
  StoredPaymentIntent,
  StoredPrice,
  StoredProduct,
  StoredRefund,
  StoredSession,
} from './state';
import { getOwn } from './state';
import { computeTotals, type Totals } from './totals';

/** A Dispute's `evidence` fields, all unset until evidence is submitted (the local Stripe takes none). */
const DISPUTE_EVIDENCE_FIELDS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_communication',
  'customer_email_address',
  'customer_name',
  'customer_purchase_ip',
  'customer_signature',
  'duplicate_charge_documentation',
  'duplicate_charge_explanation',
  'duplicate_charge_id',
  'product_description',
  'receipt',
  'refund_policy',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'service_documentation',
  'shipping_address',
  'shipping_carrier',
  'shipping_date',
  'shipping_documentation',
  'shipping_tracking_number',
  'uncategorized_file',
  'uncategorized_text',
] as const;

/**
 * Renders stored objects in Stripe's shapes: every top-level key of Stripe's own fixtures is
 * present (null where the local Stripe does not model the feature), ids stay ids unless expanded.
 */
/** A Checkout Session's fields for what the local Stripe does not model: as Stripe renders them when unused. */
const UNMODELLED_SESSION_FIELDS: JsonObject = {
  adaptive_pricing: { enabled: false },
  after_expiration: null,
  allow_promotion_codes: null,
  automatic_tax: { enabled: false, liability: null, provider: null, status: null },
  billing_address_collection: null,
  cancel_url: null,
  consent: null,
  consent_collection: null,
  currency_conversion: null,
  custom_fields: [],
  custom_text: {
    after_submit: null,
    shipping_address: null,
    submit: null,
    terms_of_service_acceptance: null,
  },
  customer_account: null,
  integration_identifier: null,
  invoice: null,
  invoice_creation: {
    enabled: false,
    invoice_data: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: null,
      metadata: {},
      rendering_options: null,
    },
  },
  livemode: false,
  managed_payments: null,
  mode: 'payment',
  origin_context: null,
  payment_link: null,
  payment_method_collection: 'if_required',
  payment_method_configuration_details: null,
  payment_method_options: {},
  phone_number_collection: { enabled: false },
  recovered_from: null,
  saved_payment_method_options: null,
  setup_intent: null,
  shipping_cost: null,
  shipping_options: [],
  submit_type: null,
  subscription: null,
  success_url: null,
  ui_mode: 'elements',
  url: null,
  wallet_options: null,
};

function renderOwn<T>(
  record: Record<string, T>,
  id: string,
  render: (item: T) => JsonObject,
): JsonObject | undefined {
  const item = getOwn(record, id);
  return item === undefined ? undefined : render(item);
}

function customerDetails(session: StoredSession, email: string | null): JsonObject | null {
  if (email === null) return null;
  return {
    address: null,
    business_name: null,
    email,
    individual_name: null,
    name: session.shipping_details?.name ?? null,
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  };
}

export class Renderer {
  constructor(
    private readonly state: State,
    private readonly nowSeconds: () => number,
  ) {}

  product(product: StoredProduct): JsonObject {
    return {
      id: product.id,
      object: 'product',
      active: product.active,
      created: product.created,
      default_price: product.default_price,
      description: product.description,
      images: [...product.images],
      livemode: false,
      marketing_features: [],
      metadata: { ...product.metadata },
      name: product.name,
      package_dimensions: null,
      shippable: product.shippable,
      statement_descriptor: product.statement_descriptor,
      tax_code: product.tax_code,
      type: 'service',
      unit_label: product.unit_label,
      updated: product.updated,
      url: product.url,
    };
  }

  price(price: StoredPrice): JsonObject {
    return {
      id: price.id,
      object: 'price',
      active: price.active,
      billing_scheme: 'per_unit',
      created: price.created,
      currency: price.currency,
      custom_unit_amount: null,
      livemode: false,
      lookup_key: price.lookup_key,
      metadata: { ...price.metadata },
      nickname: price.nickname,
      product: price.product,
      recurring: null,
      tax_behavior: price.tax_behavior,
      tiers_mode: null,
      transform_quantity: null,
      type: 'one_time',
      unit_amount: price.unit_amount,
      unit_amount_decimal: String(price.unit_amount),
    };
  }

  couponValid(coupon: StoredCoupon, now: number = this.nowSeconds()): boolean {
    if (coupon.redeem_by !== null && now >= coupon.redeem_by) return false;
    if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions) return false;
    return true;
  }

  coupon(coupon: StoredCoupon, options: { includeAppliesTo?: boolean } = {}): JsonObject {
    const out: JsonObject = {
      id: coupon.id,
      object: 'coupon',
      amount_off: coupon.amount_off,
      created: coupon.created,
      currency: coupon.currency,
      duration: coupon.duration,
      duration_in_months: coupon.duration_in_months,
      livemode: false,
      max_redemptions: coupon.max_redemptions,
      metadata: { ...coupon.metadata },
      name: coupon.name,
      percent_off: coupon.percent_off,
      redeem_by: coupon.redeem_by,
      times_redeemed: coupon.times_redeemed,
      valid: this.couponValid(coupon),
    };
    if (options.includeAppliesTo) {
      out.applies_to = coupon.applies_to === null ? null : { products: [...coupon.applies_to] };
    }
    return out;
  }

  customer(customer: StoredCustomer): JsonObject {
    return {
      id: customer.id,
      object: 'customer',
      address: customer.address === null ? null : address(customer.address),
      balance: 0,
      created: customer.created,
      currency: null,
      default_source: null,
      delinquent: false,
      description: customer.description,
      discount: null,
      email: customer.email,
      invoice_prefix: customer.invoice_prefix,
      invoice_settings: {
        custom_fields: null,
        default_payment_method: null,
        footer: null,
        rendering_options: null,
      },
      livemode: false,
      metadata: { ...customer.metadata },
      name: customer.name,
      next_invoice_sequence: 1,
      phone: customer.phone,
      preferred_locales: [],
      shipping: null,
      tax_exempt: 'none',
      test_clock: null,
    };
  }

  sessionCoupon(session: StoredSession): StoredCoupon | null {
    if (session.discount === null) return null;
    return getOwn(this.state.coupons, session.discount.coupon) ?? null;
  }

  sessionTotals(session: StoredSession): Totals {
    const coupon = this.sessionCoupon(session);
    const lines = session.line_items.map((item) => {
      const price = getOwn(this.state.prices, item.price);
      return {
        id: item.id,
        unitAmount: price?.unit_amount ?? 0,
        quantity: item.quantity,
        product: price?.product ?? '',
      };
    });
    return computeTotals(
      lines,
      coupon === null
        ? null
        : { amountOff: coupon.amount_off, percentOff: coupon.percent_off, appliesTo: coupon.applies_to },
    );
  }

  /** A session's discount as a Discount object (`source.coupon` as this API version has it, plus `coupon`). */
  discount(session: StoredSession): JsonObject | null {
    const coupon = this.sessionCoupon(session);
    if (session.discount === null || coupon === null) return null;
    const renderedCoupon = this.coupon(coupon);
    return {
      id: session.discount.id,
      object: 'discount',
      checkout_session: session.id,
      coupon: renderedCoupon,
      customer: session.customer,
      customer_account: null,
      end: null,
      invoice: null,
      invoice_item: null,
      promotion_code: null,
      source: { coupon: renderedCoupon, type: 'coupon' },
      start: session.discount.start,
      subscription: null,
      subscription_item: null,
    };
  }

  lineItems(session: StoredSession, options: { includeDiscounts?: boolean } = {}): JsonObject[] {
    const totals = this.sessionTotals(session);
    const discount = options.includeDiscounts ? this.discount(session) : null;
    return session.line_items.map((item, index) => {
      const price = getOwn(this.state.prices, item.price);
      const product = price ? getOwn(this.state.products, price.product) : undefined;
      const line = totals.lines[index] ?? { subtotal: 0, discount: 0, total: 0 };
      const out: JsonObject = {
        id: item.id,
        object: 'item',
        adjustable_quantity: item.adjustable_quantity === null ? null : { ...item.adjustable_quantity },
        amount_discount: line.discount,
        amount_subtotal: line.subtotal,
        amount_tax: 0,
        amount_total: line.total,
        currency: session.currency,
        description: product?.name ?? null,
        metadata: { ...item.metadata },
        price: price ? this.price(price) : null,
        quantity: item.quantity,
      };
      if (options.includeDiscounts) {
        out.discounts = discount !== null && line.discount > 0 ? [{ amount: line.discount, discount }] : [];
      }
      return out;
    });
  }

  session(
    session: StoredSession,
    options: { includeLineItems?: boolean; includeBreakdown?: boolean; includeLineDiscounts?: boolean } = {},
  ): JsonObject {
    const totals = this.sessionTotals(session);
    const out: JsonObject = {
      ...structuredClone(UNMODELLED_SESSION_FIELDS),
      id: session.id,
      object: 'checkout.session',
      amount_subtotal: totals.subtotal,
      amount_total: totals.total,
      client_reference_id: session.client_reference_id,
      client_secret: session.client_secret,
      collected_information: {
        business_name: null,
        individual_name: null,
        shipping_details: session.shipping_details === null ? null : shipping(session.shipping_details),
      },
      created: session.created,
      currency: session.currency,
      customer: session.customer,
      customer_creation: session.customer === null ? 'if_required' : null,
      customer_details: customerDetails(session, sessionEmail(this.state, session)),
      customer_email: session.customer_email,
      discounts: session.discount === null ? [] : [{ coupon: session.discount.coupon, promotion_code: null }],
      expires_at: session.expires_at,
      locale: session.locale,
      metadata: { ...session.metadata },
      payment_intent: session.payment_intent,
      payment_method_types: [...session.payment_method_types],
      payment_status: session.payment_status,
      permissions: session.permissions === null ? null : structuredClone(session.permissions),
      redirect_on_completion: session.redirect_on_completion,
      return_url: session.return_url,
      shipping_address_collection:
        session.allowed_countries === null ? null : { allowed_countries: [...session.allowed_countries] },
      status: session.status,
      total_details: this.totalDetails(session, totals.discount, options.includeBreakdown ?? false),
    };
    if (options.includeLineItems) {
      out.line_items = {
        object: 'list',
        data: this.lineItems(session, { includeDiscounts: options.includeLineDiscounts }),
        has_more: false,
        url: `/v1/checkout/sessions/${session.id}/line_items`,
      };
    }
    return out;
  }

  private totalDetails(
    session: StoredSession,
    amountDiscount: number,
    includeBreakdown: boolean,
  ): JsonObject {
    const totalDetails: JsonObject = { amount_discount: amountDiscount, amount_shipping: 0, amount_tax: 0 };
    if (includeBreakdown) {
      const discount = this.discount(session);
      totalDetails.breakdown = {
        discounts: discount === null ? [] : [{ amount: amountDiscount, discount }],
        taxes: [],
      };
    }
    return totalDetails;
  }

  paymentIntent(intent: StoredPaymentIntent): JsonObject {
    return {
      id: intent.id,
      object: 'payment_intent',
      allowed_payment_method_types: null,
      amount: intent.amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: intent.amount_received,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: null,
      canceled_at: intent.canceled_at,
      cancellation_reason: intent.cancellation_reason,
      capture_method: 'automatic',
      client_secret: intent.client_secret,
      confirmation_method: 'automatic',
      created: intent.created,
      currency: intent.currency,
      customer: intent.customer,
      customer_account: null,
      description: null,
      excluded_payment_method_types: null,
      last_payment_error:
        intent.last_payment_error === null ? null : structuredClone(intent.last_payment_error),
      latest_charge: intent.latest_charge,
      livemode: false,
      managed_payments: null,
      metadata: { ...intent.metadata },
      next_action: intent.next_action === null ? null : structuredClone(intent.next_action),
      on_behalf_of: null,
      payment_method: intent.payment_method,
      payment_method_configuration_details: null,
      payment_method_options: {},
      payment_method_types: [...intent.payment_method_types],
      processing: null,
      receipt_email: intent.receipt_email,
      review: null,
      setup_future_usage: null,
      shipping:
        intent.shipping === null
          ? null
          : { ...shipping(intent.shipping), carrier: null, phone: null, tracking_number: null },
      source: null,
      statement_descriptor: null,
      statement_descriptor_suffix: null,
      status: intent.status,
      transfer_data: null,
      transfer_group: null,
    };
  }

  /** A Charge; `refunds` lists its refunds newest first (all of them: the local Stripe keeps few). */
  charge(charge: StoredCharge): JsonObject {
    const refunds = Object.values(this.state.refunds)
      .filter((refund) => refund.charge === charge.id)
      .sort((a, b) => b.seq - a.seq);
    return {
      id: charge.id,
      object: 'charge',
      amount: charge.amount,
      amount_captured: charge.amount,
      amount_refunded: charge.amount_refunded,
      application: null,
      application_fee: null,
      application_fee_amount: null,
      balance_transaction: charge.balance_transaction,
      billing_details: {
        address: address({
          city: null,
          country: null,
          line1: null,
          line2: null,
          postal_code: null,
          state: null,
        }),
        email: charge.receipt_email,
        name: null,
        phone: null,
        tax_id: null,
      },
      calculated_statement_descriptor: 'LOCAL STRIPE',
      captured: true,
      created: charge.created,
      currency: charge.currency,
      customer: charge.customer,
      description: null,
      disputed: charge.disputed,
      failure_balance_transaction: null,
      failure_code: null,
      failure_message: null,
      fraud_details: {},
      livemode: false,
      metadata: { ...charge.metadata },
      on_behalf_of: null,
      outcome: {
        advice_code: null,
        network_advice_code: null,
        network_decline_code: null,
        network_status: 'approved_by_network',
        reason: null,
        risk_level: 'normal',
        seller_message: 'Payment complete.',
        type: 'authorized',
      },
      paid: true,
      payment_intent: charge.payment_intent,
      payment_method: charge.payment_method,
      payment_method_details: structuredClone(charge.payment_method_details),
      receipt_email: charge.receipt_email,
      receipt_number: null,
      receipt_url: null,
      refunded: charge.amount_refunded >= charge.amount,
      refunds: {
        object: 'list',
        data: refunds.map((refund) => this.refund(refund)),
        has_more: false,
        url: `/v1/charges/${charge.id}/refunds`,
      },
      review: null,
      shipping:
        charge.shipping === null
          ? null
          : { ...shipping(charge.shipping), carrier: null, phone: null, tracking_number: null },
      source: null,
      source_transfer: null,
      statement_descriptor: null,
      statement_descriptor_suffix: null,
      status: 'succeeded',
      transfer_data: null,
      transfer_group: null,
    };
  }

  refund(refund: StoredRefund): JsonObject {
    return {
      id: refund.id,
      object: 'refund',
      amount: refund.amount,
      balance_transaction: refund.balance_transaction,
      charge: refund.charge,
      created: refund.created,
      currency: refund.currency,
      destination_details: {
        card: {
          reference: null,
          reference_status: 'pending',
          reference_type: 'acquirer_reference_number',
          type: 'refund',
        },
        type: 'card',
      },
      metadata: { ...refund.metadata },
      payment_intent: refund.payment_intent,
      pending_reason: null,
      reason: refund.reason,
      receipt_number: null,
      source_transfer_reversal: null,
      status: refund.status,
      transfer_reversal: null,
    };
  }

  dispute(dispute: StoredDispute): JsonObject {
    const charge = getOwn(this.state.charges, dispute.charge);
    return {
      id: dispute.id,
      object: 'dispute',
      amount: dispute.amount,
      balance_transactions: [],
      charge: dispute.charge,
      created: dispute.created,
      currency: dispute.currency,
      enhanced_eligibility_types: [],
      evidence: {
        ...Object.fromEntries(DISPUTE_EVIDENCE_FIELDS.map((field) => [field, null])),
        enhanced_evidence: {},
      },
      evidence_details: {
        due_by: dispute.evidence_due_by,
        enhanced_eligibility: {},
        has_evidence: false,
        past_due: false,
        submission_count: 0,
      },
      is_charge_refundable: false,
      livemode: false,
      metadata: { ...dispute.metadata },
      payment_intent: dispute.payment_intent,
      payment_method_details: charge === undefined ? null : structuredClone(charge.payment_method_details),
      reason: dispute.reason,
      status: dispute.status,
    };
  }

  event(event: StoredEvent, pendingWebhooks: number): JsonObject {
    return {
      id: event.id,
      object: 'event',
      api_version: event.api_version,
      created: event.created,
      data: { object: structuredClone(event.object) },
      livemode: false,
      pending_webhooks: pendingWebhooks,
      request: { id: event.request.id, idempotency_key: event.request.idempotency_key },
      type: event.type,
    };
  }

  /** Replaces an id found under `key` by the object it names; undefined when not expandable. */
  resolve(key: string, id: string): JsonObject | undefined {
    switch (key) {
      case 'customer':
        return renderOwn(this.state.customers, id, (customer) => this.customer(customer));
      case 'payment_intent':
        return renderOwn(this.state.paymentIntents, id, (intent) => this.paymentIntent(intent));
      case 'product':
        return renderOwn(this.state.products, id, (product) => this.product(product));
      case 'price':
      case 'default_price':
        return renderOwn(this.state.prices, id, (price) => this.price(price));
      case 'coupon':
        return renderOwn(this.state.coupons, id, (coupon) => this.coupon(coupon));
      case 'charge':
      case 'latest_charge':
        return renderOwn(this.state.charges, id, (charge) => this.charge(charge));
      default:
        return undefined;
    }
  }

  /**
   * Applies `expand[]` paths in place, as Stripe does: each dotted segment walks into an object,
   * maps over arrays, and replaces an id string by its object; at most four levels deep.
   */
  expand(root: JsonObject, paths: readonly string[]): JsonObject {
    for (const path of paths) {
      const segments = path.split('.');
      if (segments.length > 4 || segments.some((segment) => segment === '')) {
        throw invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
      }
      this.expandAt(root, segments, path);
    }
    return root;
  }

  private expandAt(node: JsonObject, segments: readonly string[], path: string): void {
    const [key, ...rest] = segments;
    if (key === undefined) return;
    const value = node[key];
    if (value === undefined) {
      throw invalidRequest(`This property cannot be expanded (${key}).`, { param: 'expand' });
    }
    const visit = (child: Json, set: (next: Json) => void) => {
      if (child === null) return;
      if (typeof child === 'string') {
        const resolved = this.resolve(key, child);
        if (!resolved)
          throw invalidRequest(`This property cannot be expanded (${key}).`, { param: 'expand' });
        set(resolved);
        this.expandAt(resolved, rest, path);
        return;
      }
      if (isJsonObject(child)) {
        this.expandAt(child, rest, path);
        return;
      }
      throw invalidRequest(`This property cannot be expanded (${key}).`, { param: 'expand' });
    };
    if (Array.isArray(value)) {
      value.forEach((element, index) => {
        visit(element, (next) => {
          value[index] = next;
        });
      });
      return;
    }
    visit(value, (next) => {
      node[key] = next;
    });
  }
}

export function address(value: Address): JsonObject {
  return {
    city: value.city,
    country: value.country,
    line1: value.line1,
    line2: value.line2,
    postal_code: value.postal_code,
    state: value.state,
  };
}

function shipping(details: ShippingDetails): JsonObject {
  return { address: address(details.address), name: details.name };
}

/** The email a session will be paid with: collected by the page, else customer_email, else the customer's. */
export function sessionEmail(state: State, session: StoredSession): string | null {
  if (session.collected_email !== null) return session.collected_email;
  if (session.customer_email !== null) return session.customer_email;
  if (session.customer !== null) return getOwn(state.customers, session.customer)?.email ?? null;
  return null;
}

/** Which includable (not-by-default) properties an `expand[]` list asks for. */
export function includes(paths: readonly string[], property: string): boolean {
  return paths.some((path) => path === property || path.startsWith(`${property}.`));
}
