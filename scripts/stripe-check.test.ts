import { describe, expect, it } from 'vitest';
import { clearPriceIdCache, resolvePriceIds } from '@/lib/catalog/stripe-sync';
import { sessionCreateParams } from '@/lib/checkout/order-lines';
import { APP_BUILDERS, localStripeForCheck, runStripeCheck } from './stripe-check-steps';

/** `npm run stripe:check` against the local Stripe, so the contract check runs in every `npm test`. */
async function check(builders = APP_BUILDERS) {
  const stripe = await localStripeForCheck();
  // Price ids are cached per process; each local Stripe has its own.
  clearPriceIdCache();
  const lines: string[] = [];
  const result = await runStripeCheck(stripe, await resolvePriceIds(stripe, 'usd'), {
    builders,
    log: (line) => lines.push(line),
  });
  return { result, lines };
}

describe('npm run stripe:check', () => {
  it('passes every step of the app’s calls against the local Stripe', async () => {
    const { result, lines } = await check();
    expect(result.failedStep, lines.join('\n')).toBeNull();
    expect(result.ok).toBe(true);
    expect(result.steps.map((step) => step.name)).toEqual([
      'create with permissions',
      'update with line items and coupon_data',
      'clear the discount',
      'retrieve with expansions',
      'listLineItems',
      'expire',
    ]);
    expect(lines.every((line) => line.startsWith('ok'))).toBe(true);
  });

  it('fails naming the update step when creation leaves out permissions.update_discounts', async () => {
    const { result, lines } = await check({
      ...APP_BUILDERS,
      create: (input) => {
        const params = sessionCreateParams(input);
        const { update_discounts: _left, ...permissions } = params.permissions ?? {};
        return { ...params, permissions };
      },
    });
    expect(result.ok).toBe(false);
    expect(result.failedStep).toBe('update with line items and coupon_data');
    expect(lines.at(-1)).toMatch(/^FAIL {2}update with line items and coupon_data: .*discounts/);
  });

  it('fails naming the update step when creation leaves out permissions.update_line_items', async () => {
    const { result, lines } = await check({
      ...APP_BUILDERS,
      create: (input) => {
        const params = sessionCreateParams(input);
        const { update_line_items: _left, ...permissions } = params.permissions ?? {};
        return { ...params, permissions };
      },
    });
    expect(result.ok).toBe(false);
    expect(result.failedStep).toBe('update with line items and coupon_data');
    expect(lines.at(-1)).toMatch(/^FAIL {2}update with line items and coupon_data: .*update_line_items/);
  });
});
