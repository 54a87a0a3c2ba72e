import { describe, expect, test } from 'vitest';
import { apiCheckoutSessionSchema } from './api-session';
import { createAmountFormatter } from './format-amount';
import { INITIAL_CLIENT_STATE, toCheckoutSession } from './session-mapping';
import { makeApiSession } from './test-support';

const map = (overrides = {}, client = INITIAL_CLIENT_STATE) =>
  toCheckoutSession(apiCheckoutSessionSchema.parse(makeApiSession(overrides)), client);

describe('createAmountFormatter', () => {
  test.each([
    ['usd', 13820, 100, '$138.20'],
    ['usd', 5, 100, '$0.05'],
    ['jpy', 7200, 1, '¥7,200'],
    ['JPY', 0, 1, '¥0'],
  ])('%s %d', (currency, minor, divisor, amount) => {
    const money = createAmountFormatter(currency);
    expect(money.divisor).toBe(divisor);
    expect(money.format(minor)).toEqual({ minorUnitsAmount: minor, amount });
  });
});

describe('toCheckoutSession', () => {
  test('USD amounts, line items and the named discount', () => {
    const session = map();
    expect(session.id).toBe('cs_test_local123');
    expect(session.status).toEqual({ type: 'open' });
    expect(session.canConfirm).toBe(true);
    expect(session.currency).toBe('usd');
    expect(session.minorUnitsAmountDivisor).toBe(100);
    expect(session.total).toMatchObject({
      subtotal: { minorUnitsAmount: 16800, amount: '$168.00' },
      discount: { minorUnitsAmount: 1000, amount: '$10.00' },
      total: { minorUnitsAmount: 15800, amount: '$158.00' },
      shippingRate: { minorUnitsAmount: 0, amount: '$0.00' },
    });
    expect(session.discountAmounts).toEqual([
      {
        minorUnitsAmount: 1000,
        amount: '$10.00',
        displayName: 'Spend $100, save $10',
        promotionCode: null,
        percentOff: null,
        recurring: null,
      },
    ]);
    expect(session.lineItems.map((item) => [item.id, item.name, item.quantity, item.total.amount])).toEqual([
      ['li_kit', 'Pour-over coffee kit', 1, '$45.14'],
      ['li_grinder', 'Burr grinder', 1, '$112.86'],
    ]);
    expect(session.lineItems[0]).toMatchObject({
      priceId: 'price_kit',
      unitAmount: { minorUnitsAmount: 4800, amount: '$48.00' },
      subtotal: { minorUnitsAmount: 4800, amount: '$48.00' },
      discount: { minorUnitsAmount: 286, amount: '$2.86' },
    });
  });

  test('JPY has no minor unit', () => {
    const session = map({
      currency: 'jpy',
      amount_subtotal: 25200,
      amount_total: 23700,
      line_items: {
        data: [
          {
            id: 'li_kit',
            description: 'Pour-over coffee kit',
            quantity: 1,
            amount_subtotal: 7200,
            amount_discount: 0,
            amount_total: 7200,
            price: { id: 'price_kit_jpy', unit_amount: 7200 },
          },
          {
            id: 'li_grinder',
            description: 'Burr grinder',
            quantity: 1,
            amount_subtotal: 18000,
            amount_discount: 1500,
            amount_total: 16500,
            price: { id: 'price_grinder_jpy', unit_amount: 18000 },
          },
        ],
      },
      total_details: {
        amount_discount: 1500,
        breakdown: {
          discounts: [
            { amount: 1500, discount: { source: { coupon: { name: 'Spend ¥15,000, save ¥1,500' } } } },
          ],
        },
      },
    });
    expect(session.minorUnitsAmountDivisor).toBe(1);
    expect(session.total.subtotal).toEqual({ minorUnitsAmount: 25200, amount: '¥25,200' });
    expect(session.total.discount).toEqual({ minorUnitsAmount: 1500, amount: '¥1,500' });
    expect(session.total.total).toEqual({ minorUnitsAmount: 23700, amount: '¥23,700' });
    expect(session.discountAmounts?.[0]).toMatchObject({
      displayName: 'Spend ¥15,000, save ¥1,500',
      amount: '¥1,500',
    });
    expect(session.lineItems[1]?.unitAmount).toEqual({ minorUnitsAmount: 18000, amount: '¥18,000' });
  });

  test('no discount gives an empty list and a zero discount', () => {
    const session = map({
      amount_total: 16800,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0, breakdown: { discounts: [] } },
    });
    expect(session.discountAmounts).toEqual([]);
    expect(session.total.discount).toEqual({ minorUnitsAmount: 0, amount: '$0.00' });
  });

  test('an expanded coupon wins over a bare coupon id', () => {
    const session = map({
      total_details: {
        amount_discount: 1000,
        breakdown: {
          discounts: [
            {
              amount: 1000,
              discount: { coupon: 'CPN1', source: { coupon: { id: 'CPN1', name: 'Combined' } } },
            },
          ],
        },
      },
    });
    expect(session.discountAmounts?.[0]?.displayName).toBe('Combined');
  });

  test('promotion codes and percentages are carried', () => {
    const session = map({
      total_details: {
        amount_discount: 1680,
        breakdown: {
          discounts: [
            {
              amount: 1680,
              discount: {
                coupon: { name: 'WELCOME10', percent_off: 10, duration: 'once' },
                promotion_code: { code: 'WELCOME10' },
              },
            },
          ],
        },
      },
    });
    expect(session.discountAmounts).toEqual([
      {
        minorUnitsAmount: 1680,
        amount: '$16.80',
        displayName: 'WELCOME10',
        promotionCode: 'WELCOME10',
        percentOff: 10,
        recurring: null,
      },
    ]);
  });

  test('status, email and shipping address', () => {
    const session = map({
      status: 'complete',
      payment_status: 'paid',
      customer_email: 'ada@example.com',
      collected_information: {
        shipping_details: {
          name: 'Ada',
          address: { line1: '1 Main St', city: 'Springfield', postal_code: '12345', country: 'US' },
        },
      },
    });
    expect(session.status).toEqual({ type: 'complete', paymentStatus: 'paid' });
    expect(session.canConfirm).toBe(false);
    expect(session.email).toBe('ada@example.com');
    expect(session.shippingAddress).toEqual({
      name: 'Ada',
      address: {
        line1: '1 Main St',
        line2: null,
        city: 'Springfield',
        state: null,
        postal_code: '12345',
        country: 'US',
      },
    });
    expect(map({ status: 'expired' }).status).toEqual({ type: 'expired' });
    expect(map({ status: 'complete', payment_status: 'unpaid' }).status).toEqual({
      type: 'complete',
      paymentStatus: 'unpaid',
    });
  });

  test('client state: pending updates and the last payment error', () => {
    const session = map(
      {},
      { ...INITIAL_CLIENT_STATE, canConfirm: false, lastPaymentError: { message: 'Declined' } },
    );
    expect(session.canConfirm).toBe(false);
    expect(session.lastPaymentError).toEqual({ message: 'Declined' });
  });
});
