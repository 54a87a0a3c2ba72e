import type Stripe from 'stripe';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { LocalStripe } from './local-stripe';
import { call, makeLocal, paidIntent, sdkFor } from './test-harness';

/**
 * The top-level keys of Stripe's own example `charge`, `refund` and `dispute` objects: the public
 * stripe/openapi repository, openapi/fixtures3.private_preview.json (the file the shared fixture
 * subset comes from, which does not include these three). Only the key names are kept here.
 */
const STRIPE_KEYS: Record<'charge' | 'refund' | 'dispute', string[]> = {
  charge: [
    'amount',
    'amount_captured',
    'amount_refunded',
    'application',
    'application_fee',
    'application_fee_amount',
    'balance_transaction',
    'billing_details',
    'calculated_statement_descriptor',
    'captured',
    'created',
    'currency',
    'customer',
    'description',
    'disputed',
    'failure_balance_transaction',
    'failure_code',
    'failure_message',
    'fraud_details',
    'id',
    'livemode',
    'metadata',
    'object',
    'on_behalf_of',
    'outcome',
    'paid',
    'payment_intent',
    'payment_method',
    'payment_method_details',
    'receipt_email',
    'receipt_number',
    'receipt_url',
    'refunded',
    'refunds',
    'review',
    'shipping',
    'source_transfer',
    'statement_descriptor',
    'statement_descriptor_suffix',
    'status',
    'transfer_data',
    'transfer_group',
    'source',
  ],
  refund: [
    'amount',
    'balance_transaction',
    'charge',
    'created',
    'currency',
    'id',
    'metadata',
    'object',
    'payment_intent',
    'reason',
    'receipt_number',
    'source_transfer_reversal',
    'status',
    'transfer_reversal',
  ],
  dispute: [
    'amount',
    'balance_transactions',
    'charge',
    'created',
    'currency',
    'evidence',
    'evidence_details',
    'id',
    'is_charge_refundable',
    'livemode',
    'metadata',
    'object',
    'payment_intent',
    'reason',
    'status',
    'enhanced_eligibility_types',
  ],
};

let local: LocalStripe;
const objects: Record<string, object> = {};

beforeAll(async () => {
  local = makeLocal();
  const stripe = sdkFor(local);
  const { intent } = await paidIntent(local, stripe);
  objects.refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 100 });
  objects.charge = await stripe.charges.retrieve(String(intent.latest_charge));
  const dispute = await call(local, 'POST', `/v1/test_helpers/charges/${intent.latest_charge}/dispute`);
  objects.dispute = await stripe.disputes.retrieve(String(dispute.body.id));
  // Events carry the same objects.
  const [refunded] = (await stripe.events.list({ type: 'charge.refunded' })).data;
  objects.event_charge = (refunded as Stripe.Event).data.object;
});

afterAll(async () => {
  await local.close();
});

test.each(Object.entries(STRIPE_KEYS))('a %s has the top-level keys of Stripe fixtures', (resource, keys) => {
  const object = objects[resource] ?? {};
  expect(keys.filter((key) => !Object.hasOwn(object, key))).toEqual([]);
});

test('the charge inside charge.refunded has the same keys', () => {
  const object = objects.event_charge ?? {};
  expect(STRIPE_KEYS.charge.filter((key) => !Object.hasOwn(object, key))).toEqual([]);
});
