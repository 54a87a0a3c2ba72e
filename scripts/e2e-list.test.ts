import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * One e2e suite for both modes: against a deployment (PLAYWRIGHT_BASE_URL) Playwright skips the
 * @local-stripe specs, and what is left must still cover the checkout, discount and order journeys.
 * Listing only loads the specs (no build, no browser), a few seconds.
 */
const run = promisify(execFile);

describe('the e2e suite against a deployment', () => {
  it('lists at least 14 tests, among them checkout, discount and order journeys', async () => {
    const { stdout } = await run('npx', ['playwright', 'test', '--list'], {
      env: { ...process.env, PLAYWRIGHT_BASE_URL: 'http://example.invalid', CI: '' },
      timeout: 60_000,
    });
    const total = /Total: (\d+) tests? in/.exec(stdout);
    expect(total, stdout).not.toBeNull();
    expect(Number(total?.[1])).toBeGreaterThanOrEqual(14);
    for (const spec of ['checkout.spec.ts', 'discounts.spec.ts', 'orders.spec.ts', 'shopper.spec.ts']) {
      expect(stdout).toContain(spec);
    }
    expect(stdout).not.toContain('@local-stripe');
  }, 60_000);
});
