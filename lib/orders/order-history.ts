import 'server-only';
import { loadDiscountRules } from '@/lib/checkout/discount-rules';
import { findCustomer } from '@/lib/customers';
import { readPurchaseHistory } from '@/lib/customers/history';
import type { Store } from '@/lib/store/types';
import { type LoyaltyTierInfo, loyaltyTierFor } from './loyalty-tier';
import { listCustomerOrders, listGuestBrowserOrders, type Order } from './order';

export interface OrderHistory {
  orders: Order[];
  /** The signed-in customer's standing; null for a guest. */
  customer: {
    displayName: string;
    /** Includes history from before these orders (the demo customers' seeded purchases). */
    paidOrderCount: number;
    spend: Record<string, number>;
    loyaltyTier: LoyaltyTierInfo | null;
  } | null;
}

/**
 * The orders /orders shows to this shopper and nobody else: a signed-in customer's own orders, or
 * for a guest the orders paid as a guest in this browser. The caller passes the identity it read
 * from the signed cookies; nothing here trusts a value from the request itself.
 */
export async function getOrderHistory(
  store: Store,
  shopper: { customerId: string | null; browserId: string },
): Promise<OrderHistory> {
  if (shopper.customerId === null) {
    return { orders: await listGuestBrowserOrders(store, shopper.browserId), customer: null };
  }
  const customer = await findCustomer(store, shopper.customerId);
  if (customer === null) return { orders: [], customer: null };
  const history = await readPurchaseHistory(store, customer.id);
  return {
    orders: await listCustomerOrders(store, customer.id),
    customer: {
      displayName: customer.displayName,
      paidOrderCount: history.paidOrderCount,
      spend: history.spend,
      loyaltyTier: loyaltyTierFor(await loadDiscountRules(store), history.paidOrderCount),
    },
  };
}
