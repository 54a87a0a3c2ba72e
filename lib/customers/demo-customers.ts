import type { Currency } from '@/lib/money';

/**
 * The demo shop's customers. They stand in for the host shop's accounts: their purchase history is
 * seeded into the database like any real customer's and then grows with real orders.
 */
export interface DemoCustomer {
  id: string;
  displayName: string;
  email: string;
  paidOrderCount: number;
  spend: Partial<Record<Currency, number>>;
}

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  {
    id: 'returning',
    displayName: 'Returning',
    email: 'returning@example.com',
    paidOrderCount: 1,
    spend: { usd: 6600 },
  },
  { id: 'gold', displayName: 'Gold', email: 'gold@example.com', paidOrderCount: 3, spend: { usd: 31200 } },
  { id: 'vip', displayName: 'Vip', email: 'vip@example.com', paidOrderCount: 0, spend: {} },
];
