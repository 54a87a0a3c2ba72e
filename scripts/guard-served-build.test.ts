import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import config from '../playwright.config';

const guard = path.resolve('scripts/guard-served-build.mjs');

function runGuard(dir: string, command: string) {
  return spawnSync(process.execPath, [guard, command], {
    env: { ...process.env, GUARD_DIST_DIR: dir },
    encoding: 'utf8',
  });
}

function fakeBuild(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'guard-served-build-')), '.next');
  mkdirSync(path.join(dir, 'static', 'chunks'), { recursive: true });
  writeFileSync(path.join(dir, 'BUILD_ID'), 'served-build');
  writeFileSync(path.join(dir, 'static', 'chunks', 'app.js'), 'console.log(1)');
  return dir;
}

describe('scripts/guard-served-build.mjs (npm test runs the build steps under it)', () => {
  test('passes when the command leaves the served build alone, and keeps the command’s exit code', () => {
    const dir = fakeBuild();
    expect(runGuard(dir, 'true').status).toBe(0);
    expect(runGuard(dir, 'exit 3').status).toBe(3);
  });

  test('fails when the command rewrites a chunk of the served build', () => {
    const dir = fakeBuild();
    const chunk = path.join(dir, 'static', 'chunks', 'app.js');
    const result = runGuard(dir, `echo rebuilt > '${chunk}'`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('rewrote it');
  });

  test('fails when the command creates a build where none was', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'guard-served-build-')), '.next');
    const result = runGuard(dir, `mkdir '${dir}'`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('created it');
  });
});

describe('every build and server in the test path uses its own output folder', () => {
  test('the e2e suite builds and serves from a folder that is not .next', () => {
    const webServer = config.webServer;
    if (webServer === undefined || Array.isArray(webServer)) throw new Error('expected one webServer');
    const distDir = webServer.env?.NEXT_DIST_DIR;
    expect(distDir).toBeTruthy();
    expect(path.normalize(distDir ?? '.next')).not.toBe('.next');
    // Specs that spawn `next start` themselves inherit the runner's environment.
    expect(process.env.NEXT_DIST_DIR).toBe(distDir);
  });
});
