import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, request, test } from '@playwright/test';
import pg from 'pg';
import { freePort } from '../scripts/free-port';
import { localStripeKey } from './support';

/**
 * Two `next start` processes on one PostgreSQL database take concurrent add-on changes for one
 * session: nothing is lost, because what serialises them is a lease on the cart row in the
 * database (lib/checkout/cart.ts), not anything in a process. (B uses A's local Stripe, as two
 * instances would share real Stripe: both have the run's LOCAL_STRIPE_SECRET_KEY, inherited from
 * playwright.config.ts.)
 */
const baseDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

test('@local-stripe two app instances on one Postgres lose no concurrent add-on change', async () => {
  test.setTimeout(180_000);
  const database = `ec_e2e_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const databaseUrl = new URL(baseDatabaseUrl);
  databaseUrl.pathname = `/${database}`;
  const servers: ChildProcess[] = [];
  try {
    const common = { DATABASE_URL: databaseUrl.toString(), APP_SECRET: randomBytes(24).toString('hex') };
    const a = await startInstance(servers, common);
    const b = await startInstance(servers, { ...common, LOCAL_STRIPE_URL: `${a}/api/local-stripe` });

    // One cookie jar for both: cookies are per host, not per port, like one browser behind a balancer.
    const shopper = await request.newContext();
    const created = await shopper.post(`${a}/api/checkout/sessions`, {
      data: {
        items: [
          { productId: 'pour-over-kit', quantity: 1 },
          { productId: 'single-origin-beans', quantity: 1 },
        ],
        currency: 'usd',
      },
    });
    expect(created.status(), await created.text()).toBe(200);
    const { id } = (await created.json()) as { id: string };
    const toggle = (origin: string, addOn: string, selected: boolean) =>
      shopper.post(`${origin}/api/checkout/sessions/${id}/add-ons`, { data: { addOn, selected } });

    for (let round = 0; round < 10; round += 1) {
      const selected = round % 2 === 0;
      const answers = await Promise.all([
        toggle(a, 'gift_wrap', selected),
        toggle(b, 'extended_warranty', selected),
        toggle(round % 3 === 0 ? a : b, 'express_shipping', selected),
      ]);
      for (const answer of answers) expect(answer.status(), await answer.text()).toBe(200);
      const session = await shopper.get(
        `${a}/api/local-stripe/v1/checkout/sessions/${id}?expand[]=line_items`,
        {
          headers: { authorization: `Bearer ${localStripeKey()}` },
        },
      );
      const body = (await session.json()) as {
        amount_subtotal: number;
        line_items: { data: { description: string }[] };
      };
      const names = body.line_items.data.map((item) => item.description).sort();
      const products = ['Pour-over coffee kit', 'Single-origin beans 250 g'];
      expect(names).toEqual(
        (selected ? [...products, 'Gift wrap', 'Extended warranty', 'Express shipping'] : products).sort(),
      );
      expect(body.amount_subtotal).toBe(selected ? 6600 + 500 + 2000 + 1500 : 6600);
    }
    await shopper.dispose();
  } finally {
    for (const server of servers) server.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
});

async function startInstance(servers: ChildProcess[], env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, ['server.mjs', '-p', String(port)], {
    env: {
      ...process.env,
      ...env,
      NEXT_TELEMETRY_DISABLED: '1',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'embedded-checkout-instance-')),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  servers.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 120; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`instance on ${port} exited: ${stderr}`);
    const ready = await fetch(`${origin}/`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return origin;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`instance on ${port} did not start: ${stderr}`);
}
