import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

/**
 * Runs the e2e suite against a production build (`next build && next start`) on a free port with a
 * fresh data folder (embedded database + local Stripe), or, when PLAYWRIGHT_BASE_URL is set, against
 * that deployment (e.g. a Vercel preview with Stripe test keys) - then the specs tagged
 * @local-stripe, which need the local Stripe's test controls or a fresh database, are skipped
 * (README "End-to-end tests against a preview"). VERCEL_AUTOMATION_BYPASS_SECRET, when set, is
 * sent as `x-vercel-protection-bypass` so a protected preview lets the suite in.
 */

const deployedBaseUrl = process.env.PLAYWRIGHT_BASE_URL;
const E2E_DIST_DIR = '.next-e2e';

// Workers re-evaluate this file; the environment carries the first evaluation's choices to them.
if (deployedBaseUrl === undefined) {
  process.env.E2E_PORT ??= findFreePort();
  process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'embedded-checkout-e2e-'));
  // The server inherits it; e2e/orders.spec.ts calls the orders API with it.
  process.env.ORDERS_API_TOKEN ??= 'e2e-orders-api-token';
  // The back office's password; the server inherits it, e2e/admin*.spec.ts sign in with it.
  process.env.ADMIN_PASSWORD ??= `e2e-admin-${randomBytes(12).toString('hex')}`;
  // The local Stripe's key for this run: the server and the specs' test-control calls share it.
  process.env.LOCAL_STRIPE_SECRET_KEY ??= `sk_test_e2e_${randomBytes(16).toString('hex')}`;
}
// The suite's build and servers (the webServer below, and the `next start` processes that specs
// spawn with this environment) use their own output folder: a `.next` that `npm start` is serving
// in another shell must never be replaced under it (scripts/guard-served-build.mjs checks this).
process.env.NEXT_DIST_DIR = E2E_DIST_DIR;
const baseURL = deployedBaseUrl ?? `http://127.0.0.1:${process.env.E2E_PORT}`;

// Vercel Deployment Protection: a preview answers 401 unless each request carries the project's
// "Protection Bypass for Automation" secret; the cookie it then sets covers the page's own requests.
const vercelBypassSecret = process.env.VERCEL_AUTOMATION_BYPASS_SECRET;
const extraHTTPHeaders =
  deployedBaseUrl !== undefined && vercelBypassSecret
    ? { 'x-vercel-protection-bypass': vercelBypassSecret, 'x-vercel-set-bypass-cookie': 'true' }
    : undefined;

const chromiumPath =
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH ??
  (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  grepInvert: deployedBaseUrl === undefined ? undefined : /@local-stripe/,
  use: {
    baseURL,
    ...(extraHTTPHeaders === undefined ? {} : { extraHTTPHeaders }),
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer:
    deployedBaseUrl === undefined
      ? {
          command: `npm run build && node server.mjs -p ${process.env.E2E_PORT}`,
          url: `${baseURL}/`,
          timeout: 240_000,
          reuseExistingServer: false,
          stdout: 'pipe',
          stderr: 'pipe',
          env: {
            DATA_DIR: process.env.E2E_DATA_DIR ?? '',
            NEXT_DIST_DIR: E2E_DIST_DIR,
            NEXT_TELEMETRY_DISABLED: '1',
            // Every spec's browser comes from 127.0.0.1, one client address to the limiter; the
            // suite starts more checkouts a minute than one shopper would. Rate limits have tests
            // of their own (lib/http/rate-limit.test.ts, e2e/discounts.spec.ts).
            RATE_LIMIT_SESSION_CREATE_PER_MINUTE: '1000',
            RATE_LIMIT_CODE_APPLICATIONS_PER_10_MINUTES: '1000',
            // `npm test` has type-checked the project already.
            NEXT_SKIP_TYPECHECK: process.env.NEXT_SKIP_TYPECHECK ?? '1',
          },
        }
      : undefined,
});

function findFreePort(): string {
  // The config must be synchronous; a child process asks the OS for a free port.
  return execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  ])
    .toString()
    .trim();
}
