import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { CAP_KB, compareWithBudget, main, measureRoutes } from './bundle-budget';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** Random bytes barely compress: a chunk of `bytes` random hex characters gzips to about bytes / 2. */
function chunkOf(bytes: number): string {
  let text = '';
  let seed = bytes;
  while (text.length < bytes) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    text += seed.toString(16);
  }
  return text.slice(0, bytes);
}

/** A build folder as Next writes it: diagnostics/route-bundle-stats.json naming chunks under static/. */
function sampleBuild(routes: Record<string, Record<string, string>>): { root: string; distDir: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'bundle-budget-'));
  folders.push(root);
  const distDir = path.join(root, '.next-sample');
  mkdirSync(path.join(distDir, 'diagnostics'), { recursive: true });
  mkdirSync(path.join(distDir, 'static', 'chunks'), { recursive: true });
  const stats = Object.entries(routes).map(([route, chunks]) => {
    for (const [name, text] of Object.entries(chunks)) {
      writeFileSync(path.join(distDir, 'static', 'chunks', name), text);
    }
    return {
      route,
      firstLoadUncompressedJsBytes: 0,
      firstLoadChunkPaths: Object.keys(chunks).map((name) => `.next-sample/static/chunks/${name}`),
    };
  });
  writeFileSync(path.join(distDir, 'diagnostics', 'route-bundle-stats.json'), JSON.stringify(stats));
  return { root, distDir };
}

const kBOf = (...texts: string[]) =>
  Math.round(texts.reduce((sum, text) => sum + gzipSync(text, { level: 9 }).length, 0) / 100) / 10;

describe('measureRoutes', () => {
  it('adds the gzip size of each first-load chunk, a shared chunk counting on every page', () => {
    const framework = chunkOf(40_000);
    const page = chunkOf(9_000);
    const { distDir } = sampleBuild({
      '/': { 'framework.js': framework, 'page.js': page },
      '/orders': { 'framework.js': framework },
    });
    expect(measureRoutes(distDir)).toEqual([
      { route: '/', kB: kBOf(framework, page) },
      { route: '/orders', kB: kBOf(framework) },
    ]);
    expect(kBOf(framework, page)).toBeGreaterThan(kBOf(framework));
  });

  it('refuses a stats file in another shape', () => {
    const { distDir } = sampleBuild({});
    writeFileSync(path.join(distDir, 'diagnostics', 'route-bundle-stats.json'), '{"routes":{}}');
    expect(() => measureRoutes(distDir)).toThrow(/not a list of/);
  });
});

describe('compareWithBudget', () => {
  it('passes a page within 5 % of its budget and prints its figure against it', () => {
    const report = compareWithBudget([{ route: '/', kB: 141.4 }], { routes: { '/': 140 } });
    expect(report.failures).toEqual([]);
    expect(report.lines).toEqual(['/: 141.4 kB vs budget 140 kB (+1.0 %, limit 145 kB)']);
  });

  it('fails a page that grew more than 5 % over its budget', () => {
    const report = compareWithBudget([{ route: '/orders', kB: 126.1 }], { routes: { '/orders': 120 } });
    expect(report.failures).toEqual(['/orders grew to 126.1 kB, more than 5 % over its budget of 120 kB']);
  });

  it('fails a page over the cap even when its budget would allow it', () => {
    const report = compareWithBudget([{ route: '/', kB: 146 }], { routes: { '/': 144 } });
    expect(report.failures).toEqual([`/ ships 146 kB, over the ${CAP_KB} kB cap`]);
  });

  it('fails a page without a budget and a budget without a page', () => {
    const report = compareWithBudget([{ route: '/new', kB: 130 }], { routes: { '/gone': 130 } });
    expect(report.failures).toHaveLength(2);
    expect(report.failures[0]).toMatch(/^\/new has no budget/);
    expect(report.failures[1]).toMatch(/lists \/gone, which the build does not have/);
  });
});

describe('main (the step npm test runs)', () => {
  function run(routes: Record<string, Record<string, string>>, budget: Record<string, number>) {
    const { root, distDir } = sampleBuild(routes);
    writeFileSync(path.join(root, 'bundle-budget.json'), JSON.stringify({ routes: budget }));
    const out: string[] = [];
    const err: string[] = [];
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const code = main(
        [path.basename(distDir)],
        (line) => out.push(line),
        (line) => err.push(line),
      );
      return { code, out, err };
    } finally {
      process.chdir(cwd);
    }
  }

  it('exits 0 and prints each page when every page is within budget', () => {
    const chunk = chunkOf(20_000);
    const { code, out, err } = run({ '/': { 'a.js': chunk } }, { '/': kBOf(chunk) });
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out[0]).toMatch(/^bundle-budget: \/: [\d.]+ kB vs budget [\d.]+ kB \(\+0\.0 %/);
    expect(out.at(-1)).toBe('bundle-budget: 1 pages within budget (first-load JavaScript, gzip)');
  });

  it('exits 1 when a page outgrew its budget', () => {
    const small = chunkOf(10_000);
    const added = chunkOf(4_000).split('').reverse().join('');
    const { code, err } = run({ '/': { 'a.js': small, 'b.js': added } }, { '/': kBOf(small) });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/bundle-budget: FAILED: \/ grew to [\d.]+ kB, more than 5 % over/);
  });
});
