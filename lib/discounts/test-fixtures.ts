import type { Currency } from '@/lib/money';
import { DEMO_RULES } from './demo-rules';
import type { DiscountContext, DiscountOrder, OrderLine } from './types';

// Test-only helpers: the demo catalog's prices (DESIGN.md) so tests read as the shopper's cart.

export const PRICES = {
  'pour-over-kit': { kind: 'product', usd: 4800, jpy: 7200 },
  'single-origin-beans': { kind: 'product', usd: 1800, jpy: 2700 },
  'ceramic-mug': { kind: 'product', usd: 2400, jpy: 3600 },
  'burr-grinder': { kind: 'product', usd: 12000, jpy: 18000 },
  gift_wrap: { kind: 'add_on', usd: 500, jpy: 750 },
  express_shipping: { kind: 'add_on', usd: 1500, jpy: 2250 },
  extended_warranty: { kind: 'add_on', usd: 2000, jpy: 3000 },
} as const satisfies Record<string, { kind: OrderLine['kind'] } & Record<Currency, number>>;

export type ItemId = keyof typeof PRICES;

export const ITEM_IDS = Object.keys(PRICES) as ItemId[];

export function line(id: ItemId, currency: Currency, quantity = 1): OrderLine {
  const price = PRICES[id];
  return { id, kind: price.kind, unitAmount: price[currency], quantity };
}

export function cart(currency: Currency, items: readonly ItemId[], promotionCode?: string): DiscountOrder {
  return { currency, lines: items.map((id) => line(id, currency)), promotionCode };
}

export function context(overrides: Partial<DiscountContext> = {}): DiscountContext {
  return {
    now: Date.UTC(2025, 0, 15),
    customer: null,
    email: null,
    history: { paidOrderCount: 0 },
    redemptions: {},
    shippingCountry: null,
    rules: DEMO_RULES,
    ...overrides,
  };
}

/** The demo customers of DESIGN.md with their seeded paid-order counts. */
export function signedIn(id: 'returning' | 'gold' | 'vip'): Partial<DiscountContext> {
  const paidOrderCount = { returning: 1, gold: 3, vip: 0 }[id];
  return { customer: { id }, history: { paidOrderCount } };
}
