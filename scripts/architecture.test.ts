import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Architecture rules no linter checks: route files stay thin, the README's module map names real paths. */

const root = path.resolve(import.meta.dirname, '..');
const MAX_ROUTE_FILE_LINES = 15;

const SOURCE_FOLDERS = ['app', 'components', 'lib', 'e2e', 'scripts', 'bench'];

const filesUnder = (folder: string) =>
  readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' }).map((file) =>
    path.join(folder, file),
  );

const routeFiles = () => filesUnder('app/api').filter((file) => path.basename(file) === 'route.ts');

/** Lines of the file as written, not counting the line break that ends the last one. */
const lineCount = (text: string) => text.replace(/\n$/, '').split('\n').length;

/** The README's "## Architecture" section, up to the next second-level heading. */
function architectureSection(): string {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Architecture\n');
  if (start === -1) throw new Error('README.md has no "## Architecture" section');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

/**
 * Paths the section names: the first word of each unindented line of its module map, and every
 * backticked word that looks like a path (has a slash, or a source file's extension; no glob).
 */
function namedPaths(section: string): string[] {
  const map = section.match(/```\n([\s\S]*?)```/)?.[1] ?? '';
  const mapPaths = map
    .split('\n')
    .filter((line) => /^\S/.test(line))
    .map((line) => line.split(/\s+/)[0] ?? '');
  const quoted = [...section.matchAll(/`([^`\s]+)`/g)]
    .map((match) => match[1] ?? '')
    .filter(
      (word) => /^[\w.\-[\]/]+$/.test(word) && (word.includes('/') || /\.(ts|tsx|mjs|cjs|sh)$/.test(word)),
    );
  return [...new Set([...mapPaths, ...quoted])].filter((word) => word !== '');
}

describe('architecture', () => {
  it.each(routeFiles())(`route handler file %s has at most ${MAX_ROUTE_FILE_LINES} lines`, (file) => {
    expect(lineCount(readFileSync(path.join(root, file), 'utf8'))).toBeLessThanOrEqual(MAX_ROUTE_FILE_LINES);
  });

  it('finds the route files it limits', () => {
    expect(routeFiles()).toContain(path.join('app/api/checkout/sessions/route.ts'));
  });

  it("every path the README's architecture section names exists", () => {
    const paths = namedPaths(architectureSection());
    expect(paths.length).toBeGreaterThan(30);
    // A bare file name ("history.ts") stands for a file in the folder the sentence names.
    const fileNames = new Set(
      SOURCE_FOLDERS.flatMap((folder) => filesUnder(folder).map((file) => path.basename(file))),
    );
    const missing = paths.filter((name) =>
      name.includes('/')
        ? !existsSync(path.join(root, name))
        : !existsSync(path.join(root, name)) && !fileNames.has(name),
    );
    expect(missing).toEqual([]);
  });
});
