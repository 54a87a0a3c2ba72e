import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

// Starts a second server from the build the suite made, with a broken environment.
test('@local-stripe a secret key without the publishable key stops start-up naming the variable', async () => {
  const child = spawn(
    process.execPath,
    ['node_modules/next/dist/bin/next', 'start', '-H', '127.0.0.1', '-p', '0'],
    {
      env: {
        ...process.env,
        NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: '',
        STRIPE_SECRET_KEY: 'sk_test_not_a_real_key',
        APP_SECRET: 'x'.repeat(40),
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'embedded-checkout-startup-')),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exitCode = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(null);
    }, 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  expect(exitCode, output).toBe(1);
  expect(output).toContain('NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY is required when STRIPE_SECRET_KEY is set');
});
