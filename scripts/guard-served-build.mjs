#!/usr/bin/env node
/**
 * Runs a command (the test steps that build and start the app) and fails if it touched the `.next`
 * folder that `npm start` serves. Tests build into folders of their own (NEXT_DIST_DIR); a test
 * step that built into `.next` would swap the chunks under a running `npm start`, whose pages would
 * then answer 500 for their own scripts.
 *
 *   node scripts/guard-served-build.mjs "npm run test:bundle && npm run test:e2e"
 *
 * GUARD_DIST_DIR names another folder to watch (the guard's own test uses it).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const command = process.argv.slice(2).join(' ');
if (command.trim() === '') {
  console.error('usage: node scripts/guard-served-build.mjs "<command>"');
  process.exit(2);
}
const served = path.resolve(process.env.GUARD_DIST_DIR ?? '.next');

/** What a running server depends on: the build id and every file (size, mtime) outside the cache. */
function fingerprint(dir) {
  if (!existsSync(dir)) return 'absent';
  const hash = createHash('sha256');
  const walk = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = path.join(current, entry.name);
      const relative = path.relative(dir, full);
      // The build cache and dev-server state are not what `next start` serves.
      if (relative === 'cache' || relative === 'dev' || relative === 'trace') continue;
      if (entry.isDirectory()) walk(full);
      else {
        const stat = statSync(full);
        hash.update(`${relative}\0${stat.size}\0${stat.mtimeMs}\n`);
      }
    }
  };
  walk(dir);
  return hash.digest('hex');
}

const before = fingerprint(served);
const result = spawnSync(command, { shell: true, stdio: 'inherit' });
const after = fingerprint(served);

if (before !== after) {
  console.error(
    `guard-served-build: FAILED: "${command}" changed ${path.relative(process.cwd(), served) || served} ` +
      `(${before === 'absent' ? 'created it' : after === 'absent' ? 'removed it' : 'rewrote it'}). ` +
      'Builds in tests must set NEXT_DIST_DIR to a folder of their own, so a running `npm start` keeps its chunks.',
  );
  process.exit(1);
}
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(`guard-served-build: 1 passed, 0 failed (${path.basename(served)} untouched by the test steps)`);
