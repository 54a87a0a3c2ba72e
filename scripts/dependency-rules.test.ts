import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The import rules in .dependency-cruiser.cjs, each shown to fail on a violating import. Every case
 * runs depcruise with the project's own config and tsconfig over a small tree in a temporary
 * folder (node_modules linked in), so nothing is planted in the real tree and nothing is left behind.
 */

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const depcruise = path.join(root, 'node_modules', '.bin', 'depcruise');

/** A clean little app: a route, the route layer, a domain folder and a self-contained local Stripe. */
const BASE: Record<string, string> = {
  'app/api/thing/route.ts': "import { route } from '@/lib/http/route';\nexport const GET = route;\n",
  'lib/http/route.ts': "import { thing } from '@/lib/checkout/thing';\nexport const route = thing;\n",
  'lib/checkout/thing.ts': "import { cents } from '@/lib/money/cents';\nexport const thing = cents;\n",
  'lib/money/cents.ts': 'export const cents = 100;\n',
  'lib/local-stripe/index.ts':
    "import type Stripe from 'stripe';\nimport { createHash } from 'node:crypto';\nimport { state } from './state';\nexport type Event = Stripe.Event;\nexport const hash = createHash;\nexport const local = state;\n",
  'lib/local-stripe/state.ts': 'export const state = {};\n',
  'components/label.tsx': "import { cents } from '@/lib/money/cents';\nexport const label = String(cents);\n",
  'components/checkout/start.ts': "import { cents } from '@/lib/money/cents';\nexport const start = cents;\n",
  'components/storefront/cart.tsx':
    "import { start } from '@/components/checkout/start';\nexport const cart = start;\n",
  'app/actions.ts': "'use server';\nexport async function act() {}\n",
};

const TS_OPTIONS = { module: 'esnext', moduleResolution: 'bundler', paths: { '@/*': ['./*'] } };

let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'dependency-rules-'));
  symlinkSync(path.join(root, 'node_modules'), path.join(workDir, 'node_modules'), 'dir');
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

/** Cruises BASE plus `files` (which may replace BASE's); returns `rule: module` for each violation. */
async function brokenRules(name: string, files: Record<string, string>): Promise<string[]> {
  const tree = path.join(workDir, name);
  mkdirSync(tree);
  cpSync(path.join(root, '.dependency-cruiser.cjs'), path.join(tree, '.dependency-cruiser.cjs'));
  writeFileSync(path.join(tree, 'tsconfig.json'), JSON.stringify({ compilerOptions: TS_OPTIONS }));
  for (const [file, text] of Object.entries({ ...BASE, ...files })) {
    mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
    writeFileSync(path.join(tree, file), text);
  }
  try {
    // depcruise exits with the number of errors; its JSON report is on stdout either way.
    const { stdout } = await run(
      depcruise,
      ['--config', '.dependency-cruiser.cjs', '--output-type', 'json', 'app', 'lib', 'components'],
      { cwd: tree },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const result = JSON.parse(stdout) as {
      summary: { violations: { rule: { name: string }; from: string }[] };
    };
    return [...new Set(result.summary.violations.map(({ rule, from }) => `${rule.name}: ${from}`))].sort();
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

describe('import rules (.dependency-cruiser.cjs)', () => {
  it('accept a tree that follows them: npm packages, Node and type-only Stripe in the local Stripe', async () => {
    expect(await brokenRules('clean', {})).toEqual([]);
  });

  it('no-folder-cycle: a lib folder importing a folder that imports it', async () => {
    const files = {
      'lib/money/cents.ts':
        "import type { thing } from '@/lib/checkout/thing';\nexport const cents = 100;\nexport type T = typeof thing;\n",
    };
    expect(await brokenRules('folder-cycle', files)).toEqual([
      'no-folder-cycle: lib/checkout',
      'no-folder-cycle: lib/money',
    ]);
  });

  it('no-folder-cycle: a components folder importing a folder that imports it', async () => {
    const files = {
      'components/checkout/start.ts':
        "import type { cart } from '@/components/storefront/cart';\nexport const start = 1;\nexport type C = typeof cart;\n",
    };
    expect(await brokenRules('components-cycle', files)).toEqual([
      'no-folder-cycle: components/checkout',
      'no-folder-cycle: components/storefront',
    ]);
  });

  it('app-only-from-app: a component importing a server action from app/', async () => {
    const files = {
      'components/label.tsx': "import { act } from '@/app/actions';\nexport const label = act;\n",
    };
    expect(await brokenRules('app-import', files)).toEqual(['app-only-from-app: components/label.tsx']);
  });

  it('no-module-cycle: two modules importing each other at run time', async () => {
    const files = {
      'lib/money/cents.ts': "import { other } from './other';\nexport const cents = other;\n",
      'lib/money/other.ts': "import { cents } from './cents';\nexport const other = () => cents;\n",
    };
    // depcruise reports a cycle once, from the module where it first meets it.
    expect(await brokenRules('module-cycle', files)).toEqual(['no-module-cycle: lib/money/cents.ts']);
  });

  it('http-only-from-route-wiring: a domain module or a component importing lib/http', async () => {
    const files = {
      'lib/catalog/prices.ts':
        "import type { route } from '@/lib/http/route';\nexport type R = typeof route;\n",
      'components/label.tsx':
        "import type { route } from '@/lib/http/route';\nexport type R = typeof route;\n",
    };
    expect(await brokenRules('http-import', files)).toEqual([
      'http-only-from-route-wiring: components/label.tsx',
      'http-only-from-route-wiring: lib/catalog/prices.ts',
    ]);
  });

  it('local-stripe-self-contained: the local Stripe importing app code', async () => {
    const files = {
      'lib/local-stripe/state.ts':
        "import { cents } from '@/lib/money/cents';\nexport const state = { cents };\n",
    };
    expect(await brokenRules('local-stripe-import', files)).toEqual([
      'local-stripe-self-contained: lib/local-stripe/state.ts',
    ]);
  });
});
