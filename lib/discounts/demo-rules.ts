import type { Rule } from './types';

/**
 * The seeded demo rules of DESIGN.md ("Demo catalog and rules"). Merchants replace them; tests
 * build their own. Amounts are minor units (USD cents, whole yen).
 */
export const DEMO_RULES: readonly Rule[] = [
  {
    id: 'code-welcome10',
    kind: 'promotion_code',
    name: 'WELCOME10',
    code: 'WELCOME10',
    value: { type: 'percent', percent: 10 },
    firstOrderOnly: true,
  },
  {
    id: 'code-save20',
    kind: 'promotion_code',
    name: 'SAVE20',
    code: 'SAVE20',
    value: { type: 'amount_off', amountOff: { usd: 2000, jpy: 3000 } },
    minimumSubtotal: { usd: 15000, jpy: 22500 },
    maxRedemptions: 100,
  },
  {
    id: 'code-vip25',
    kind: 'promotion_code',
    name: 'VIP25',
    code: 'VIP25',
    value: { type: 'percent', percent: 25 },
    allowedCustomerIds: ['vip'],
  },
  {
    id: 'code-spring',
    kind: 'promotion_code',
    name: 'SPRING',
    code: 'SPRING',
    value: { type: 'percent', percent: 15 },
    // 1 March to 31 May 2024 UTC, end exclusive: in the past, so the demo answers "expired".
    startsAt: Date.UTC(2024, 2, 1),
    endsAt: Date.UTC(2024, 5, 1),
  },
  {
    id: 'threshold-spend-100',
    kind: 'threshold',
    name: { usd: 'Spend $100, save $10', jpy: 'Spend ¥15,000, save ¥1,500' },
    tiers: [
      {
        minimumSubtotal: { usd: 10000, jpy: 15000 },
        value: { type: 'amount_off', amountOff: { usd: 1000, jpy: 1500 } },
      },
    ],
  },
  {
    id: 'loyalty',
    kind: 'loyalty',
    name: 'Loyalty',
    tiers: [
      { minPaidOrders: 1, percent: 5, name: 'Loyalty 5% off' },
      { minPaidOrders: 3, percent: 10, name: 'Loyalty 10% off' },
    ],
  },
  {
    id: 'location-jp-express',
    kind: 'location',
    name: 'Free express shipping to Japan',
    countries: ['JP'],
    value: { type: 'percent', percent: 100 },
    appliesTo: { addOnIds: ['express_shipping'] },
  },
];
