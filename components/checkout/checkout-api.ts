import { type CheckoutView, checkoutViewSchema, type ShippingAddressRequest } from '@/lib/checkout/contract';
import type { RefreshDiscountsRequest } from '@/lib/checkout/schemas';
import { callRoute, jsonRequest } from './session-start';

/**
 * The checkout page's calls to our routes (./session-start holds the storefront's one call and
 * the shared request and error handling). Every answer is parsed with the checkout view schema the
 * routes shape it with (lib/checkout/contract.ts).
 */
export { CheckoutApiError, startCheckoutSession } from './session-start';

function parseView(payload: unknown): CheckoutView | null {
  const parsed = checkoutViewSchema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

const changeOf =
  (path: string, method: 'POST' | 'DELETE' = 'POST') =>
  (sessionId: string, body?: unknown): Promise<CheckoutView> =>
    callRoute(
      parseView,
      () =>
        fetch(`/api/checkout/sessions/${encodeURIComponent(sessionId)}/${path}`, jsonRequest(method, body)),
      'The request failed',
    );

const toggleAddOn = changeOf('add-ons');
const setShippingAddress = changeOf('shipping-address');
const setEmail = changeOf('email');
const applyPromotionCode = changeOf('promotion-code');
const removePromotionCode = changeOf('promotion-code', 'DELETE');
const refreshDiscounts = changeOf('discounts');

export const checkoutApi = {
  toggleAddOn: (sessionId: string, addOn: string, selected: boolean) =>
    toggleAddOn(sessionId, { addOn, selected }),
  setShippingAddress: (sessionId: string, address: ShippingAddressRequest) =>
    setShippingAddress(sessionId, address),
  setEmail: (sessionId: string, email: string) => setEmail(sessionId, { email }),
  applyPromotionCode: (sessionId: string, code: string) => applyPromotionCode(sessionId, { code }),
  removePromotionCode: (sessionId: string) => removePromotionCode(sessionId),
  refreshDiscounts: (sessionId: string, typed: RefreshDiscountsRequest = {}) =>
    refreshDiscounts(sessionId, typed),
};
