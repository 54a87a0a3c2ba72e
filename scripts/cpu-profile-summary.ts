/**
 * Where a server's CPU goes: reads V8 .cpuprofile files (`node --cpu-prof`, e.g. what
 * `npm run load -- --profile DIR` writes) and prints self time grouped by module (Next internals,
 * React rendering, PGlite's WebAssembly, the local Stripe's persistence, zod, crypto, logging, ...),
 * the same time "inclusive" (a sample counts for every module on its stack), and the costliest
 * functions. Bundled chunks are mapped back to their sources through the build's source maps.
 *
 *   npx tsx scripts/cpu-profile-summary.ts /tmp/prof [--from US --to US] [--per N] [--top 30]
 *
 * --from/--to keep the samples of one window (microseconds of the monotonic clock, which `npm run
 * load` prints for its measured round); --per N divides every figure by N (e.g. the changes made).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Module buckets, first match wins; matched against the source path (after source maps) or URL. */
const MODULES: Array<[string, RegExp]> = [
  ['PGlite (WebAssembly)', /^wasm:\/\//],
  ['PGlite (JS glue)', /@electric-sql\/pglite/],
  ['pg driver', /node_modules\/(pg|pg-protocol|pg-pool|pg-types|pgpass)\//],
  ['React rendering', /react-dom|react-server-dom|compiled\/react|node_modules\/react\/|scheduler/],
  ['next-intl', /next-intl|use-intl|intl-messageformat|@formatjs/],
  ['zod', /node_modules\/zod\//],
  ['Stripe SDK', /node_modules\/stripe\//],
  ['Next internals', /node_modules\/next\/|\[turbopack\]|turbopack/],
  ['local Stripe: persistence', /lib\/local-stripe\/persistence/],
  ['local Stripe: webhooks', /lib\/local-stripe\/webhooks/],
  ['local Stripe: engine & routes', /lib\/local-stripe\//],
  ['app: store', /lib\/store\//],
  ['app: checkout', /lib\/checkout\//],
  ['app: orders & webhooks', /lib\/orders\/|app\/api\/webhooks/],
  ['app: http (route, cookies, limits)', /lib\/http\//],
  ['app: discounts', /lib\/discounts\//],
  ['app: config', /lib\/config\//],
  ['app: pages & components', /^(\.\.\/)*(app|components)\//],
  ['app: other lib', /^(\.\.\/)*lib\//],
  ['node: crypto', /node:internal\/crypto|node:crypto/],
  ['node: fs', /node:fs|node:internal\/fs/],
  ['node: console/logging', /node:internal\/console|node:internal\/util\/inspect/],
  [
    'node: fetch (undici)',
    /undici|node:internal\/webstreams|node:internal\/blob|node:internal\/deps\/undici/,
  ],
  [
    'node: http & net',
    /node:_http|node:http|node:net|node:internal\/http|node:internal\/streams|node:stream/,
  ],
  ['node: zlib', /node:zlib/],
  ['node: modules (loading code)', /node:internal\/modules/],
  [
    'node: async hooks & timers',
    /async_hooks|node:internal\/timers|node:timers|node:internal\/process\/task_queues/,
  ],
  ['node: other', /^node:/],
];

const SPECIAL: Record<string, string> = {
  '(garbage collector)': 'V8 garbage collector',
  '(program)': 'V8/native outside JS frames',
  '(idle)': '(idle)',
};

const maps = new Map<string, SourceMap | null>();

function sourceMapFor(url: string): SourceMap | null {
  if (!url.startsWith('file://')) return null;
  if (!maps.has(url)) {
    let map: SourceMap | null = null;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(url, map);
  }
  return maps.get(url) ?? null;
}

/** The frame's source: the original file for a bundled chunk, else the URL (node_modules-relative). */
function sourceOf(frame: CallFrame): string {
  const map = sourceMapFor(frame.url);
  if (map !== null) {
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string };
    if (entry.originalSource) return entry.originalSource.replace(/^(\.\.\/)+/, '');
  }
  const at = frame.url.indexOf('node_modules/');
  return at >= 0 ? frame.url.slice(at) : frame.url.replace(/^file:\/\/.*\/\.next-load\//, '.next-load/');
}

function moduleOf(source: string): string {
  for (const [name, pattern] of MODULES) if (pattern.test(source)) return name;
  return source === '' ? '' : 'other';
}

interface Frame {
  module: string;
  label: string;
  parent: number | undefined;
}

/** Per node: its module ('' for a builtin such as JSON.stringify) and a printable label. */
function framesOf(profile: Profile): Map<number, Frame> {
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const frames = new Map<number, Frame>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const special = functionName === '(root)' ? '' : SPECIAL[functionName];
    const source = special === undefined ? sourceOf(node.callFrame) : '';
    // Packages outside the bundle (PGlite, pg) ship their own maps to src/...: their URL says who they are.
    const module = special ?? moduleOf(url.includes('node_modules/') ? url : source);
    const label = `${functionName || '(anonymous)'} ${source === '' ? '(native)' : `${source}${url.startsWith('file://') && !source.includes('node_modules') ? '' : `:${lineNumber + 1}`}`}`;
    frames.set(node.id, { module, label, parent: parents.get(node.id) });
  }
  return frames;
}

interface Totals {
  self: Map<string, number>;
  inclusive: Map<string, number>;
  functions: Map<string, number>;
  busy: number;
  idle: number;
}

const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);

/** A builtin (no URL) counts for the nearest caller that has a module: JSON.stringify in persistence. */
function attributedModule(frames: Map<number, Frame>, id: number): string {
  for (let at: number | undefined = id; at !== undefined; at = frames.get(at)?.parent) {
    const frame = frames.get(at);
    if (frame !== undefined && frame.module !== '') return frame.module;
  }
  return 'other';
}

function accumulate(profile: Profile, totals: Totals, window: { from: number; to: number }): void {
  const frames = framesOf(profile);
  let time = profile.startTime;
  for (let index = 0; index < profile.samples.length; index += 1) {
    const delta = profile.timeDeltas[index] ?? 0;
    time += delta;
    if (time < window.from || time > window.to) continue;
    const id = profile.samples[index] ?? 0;
    const frame = frames.get(id);
    if (frame === undefined) continue;
    if (frame.module === '(idle)') {
      totals.idle += delta;
      continue;
    }
    totals.busy += delta;
    add(totals.self, attributedModule(frames, id), delta);
    add(totals.functions, frame.label, delta);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = frames.get(at)?.parent) {
      const module = frames.get(at)?.module ?? '';
      if (module !== '' && !seen.has(module)) {
        seen.add(module);
        add(totals.inclusive, module, delta);
      }
    }
  }
}

function profileFiles(inputs: string[]): string[] {
  return inputs.flatMap((input) =>
    statSync(input).isDirectory()
      ? readdirSync(input)
          .filter((name) => name.endsWith('.cpuprofile'))
          .map((name) => path.join(input, name))
      : [input],
  );
}

function parseArgs(argv: string[]) {
  const options = { files: [] as string[], from: -Infinity, to: Infinity, per: 1, top: 30 };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index] ?? '';
    const value = Number(argv[index + 1]);
    if (['--from', '--to', '--per', '--top'].includes(flag)) {
      if (!Number.isFinite(value)) throw new Error(`${flag} takes a number`);
      options[flag.slice(2) as 'from' | 'to' | 'per' | 'top'] = value;
      index += 1;
    } else options.files.push(flag);
  }
  return options;
}

function print(title: string, map: Map<string, number>, per: number, busy: number, top: number): void {
  console.log(`\n${title}`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    const share = ((100 * us) / busy).toFixed(1).padStart(5);
    console.log(`${(us / 1000 / per).toFixed(2).padStart(9)} ms ${share} %  ${key}`);
  }
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const totals: Totals = { self: new Map(), inclusive: new Map(), functions: new Map(), busy: 0, idle: 0 };
  const files = profileFiles(options.files);
  if (files.length === 0) throw new Error('No .cpuprofile files given');
  for (const file of files) {
    accumulate(JSON.parse(readFileSync(file, 'utf8')) as Profile, totals, options);
  }
  const unit = options.per === 1 ? 'ms' : `ms per unit (/${options.per})`;
  console.log(
    `${files.length} profile(s): busy ${(totals.busy / 1000).toFixed(0)} ms, idle ${(totals.idle / 1000).toFixed(0)} ms; figures in ${unit}`,
  );
  print('Self time by module (builtins count for their caller):', totals.self, options.per, totals.busy, 40);
  print('Inclusive time by module (on the stack):', totals.inclusive, options.per, totals.busy, 40);
  print('Costliest functions (self):', totals.functions, options.per, totals.busy, options.top);
}

main();
