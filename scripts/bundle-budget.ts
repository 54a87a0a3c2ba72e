/**
 * The browser-download budget: each page's first-load JavaScript, gzip, from Next's
 * `<distDir>/diagnostics/route-bundle-stats.json` of a real-mode build (scripts/check-real-mode-bundle.sh
 * runs it on `.next-real-mode`), against `bundle-budget.json`. Fails when a page grows more than
 * 5 % over its budget, exceeds the 145 kB cap, has no budget, or the budget names a page the build
 * no longer has. Stripe.js is not counted: it loads from js.stripe.com, never from our chunks.
 *
 *   npx tsx scripts/bundle-budget.ts .next-real-mode            check and print each page's figure
 *   npx tsx scripts/bundle-budget.ts .next-real-mode --write    record the figures as the new budget
 *
 * Sizes are gzip at level 9 (what Next's own "First Load JS" column used) in kB of 1000 bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** No page may ship more than this, whatever its budget says (the framework alone is ~139 kB). */
export const CAP_KB = 145;
/** How far a page may grow over its recorded budget before the check fails. */
export const GROWTH_ALLOWED = 0.05;
export const BUDGET_FILE = 'bundle-budget.json';

export interface RouteSize {
  route: string;
  kB: number;
}

export interface BudgetFile {
  /** Per route, the recorded first-load JavaScript in kB (gzip). */
  routes: Record<string, number>;
}

interface RouteStats {
  route: string;
  firstLoadChunkPaths: string[];
}

function isRouteStats(value: unknown): value is RouteStats {
  if (typeof value !== 'object' || value === null) return false;
  const { route, firstLoadChunkPaths } = value as Record<string, unknown>;
  return (
    typeof route === 'string' &&
    Array.isArray(firstLoadChunkPaths) &&
    firstLoadChunkPaths.every((chunk) => typeof chunk === 'string')
  );
}

const round = (kB: number) => Math.round(kB * 10) / 10;

/**
 * Each route's first-load JavaScript: the gzip size of every chunk the stats list for it. Chunk
 * paths in the stats start with the build folder's name; they are read relative to its parent.
 */
export function measureRoutes(distDir: string): RouteSize[] {
  const statsFile = path.join(distDir, 'diagnostics', 'route-bundle-stats.json');
  const stats: unknown = JSON.parse(readFileSync(statsFile, 'utf8'));
  if (!Array.isArray(stats) || !stats.every(isRouteStats)) {
    throw new Error(
      `${statsFile}: not a list of { route, firstLoadChunkPaths } (did Next change its format?)`,
    );
  }
  const root = path.dirname(path.resolve(distDir));
  const gzipBytes = new Map<string, number>();
  const sizeOf = (chunk: string) => {
    let bytes = gzipBytes.get(chunk);
    if (bytes === undefined) {
      bytes = gzipSync(readFileSync(path.resolve(root, chunk)), { level: 9 }).length;
      gzipBytes.set(chunk, bytes);
    }
    return bytes;
  };
  return stats
    .map(({ route, firstLoadChunkPaths }) => ({
      route,
      kB: round([...new Set(firstLoadChunkPaths)].reduce((sum, chunk) => sum + sizeOf(chunk), 0) / 1000),
    }))
    .sort((a, b) => a.route.localeCompare(b.route));
}

export interface BudgetReport {
  lines: string[];
  failures: string[];
}

/** Each route's figure against its budget and the cap; every problem is one failure line. */
export function compareWithBudget(measured: readonly RouteSize[], budget: BudgetFile): BudgetReport {
  const lines: string[] = [];
  const failures: string[] = [];
  for (const { route, kB } of measured) {
    const allowed = budget.routes[route];
    if (allowed === undefined) {
      lines.push(`${route}: ${kB} kB (no budget)`);
      failures.push(
        `${route} has no budget in ${BUDGET_FILE}: record it (--write) once it is at most ${CAP_KB} kB`,
      );
      continue;
    }
    const limit = round(Math.min(CAP_KB, allowed * (1 + GROWTH_ALLOWED)));
    const change = allowed === 0 ? 0 : ((kB - allowed) / allowed) * 100;
    lines.push(
      `${route}: ${kB} kB vs budget ${allowed} kB (${change >= 0 ? '+' : ''}${change.toFixed(1)} %, limit ${limit} kB)`,
    );
    if (kB > CAP_KB) failures.push(`${route} ships ${kB} kB, over the ${CAP_KB} kB cap`);
    else if (kB > allowed * (1 + GROWTH_ALLOWED)) {
      failures.push(
        `${route} grew to ${kB} kB, more than ${GROWTH_ALLOWED * 100} % over its budget of ${allowed} kB`,
      );
    }
  }
  for (const route of Object.keys(budget.routes)) {
    if (!measured.some((size) => size.route === route)) {
      failures.push(`${BUDGET_FILE} lists ${route}, which the build does not have: remove it`);
    }
  }
  return { lines, failures };
}

export function readBudget(file: string): BudgetFile {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const routes = (parsed as { routes?: unknown } | null)?.routes;
  if (
    typeof routes !== 'object' ||
    routes === null ||
    !Object.values(routes).every((kB) => typeof kB === 'number' && Number.isFinite(kB) && kB > 0)
  ) {
    throw new Error(`${file}: expected { "routes": { "<route>": <kB> } }`);
  }
  return { routes: routes as Record<string, number> };
}

/** The CLI: prints every figure, then either the failures (exit 1) or one passed line. */
export function main(argv: readonly string[], log = console.log, error = console.error): number {
  const [distDir, flag] = argv;
  if (distDir === undefined) {
    error('usage: bundle-budget.ts <distDir> [--write]');
    return 2;
  }
  const measured = measureRoutes(distDir);
  if (flag === '--write') {
    const routes = Object.fromEntries(measured.map(({ route, kB }) => [route, kB]));
    writeFileSync(BUDGET_FILE, `${JSON.stringify({ routes }, null, 2)}\n`);
    for (const { route, kB } of measured) log(`${route}: ${kB} kB (recorded)`);
    return 0;
  }
  const report = compareWithBudget(measured, readBudget(BUDGET_FILE));
  for (const line of report.lines) log(`bundle-budget: ${line}`);
  if (report.failures.length > 0) {
    for (const failure of report.failures) error(`bundle-budget: FAILED: ${failure}`);
    return 1;
  }
  log(`bundle-budget: ${measured.length} pages within budget (first-load JavaScript, gzip)`);
  return 0;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
