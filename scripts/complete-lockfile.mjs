// npm records optional platform binaries (Biome's, Next's SWC) in package-lock.json only when the
// registry serves them. A registry mirror that serves just this platform's leaves them out, and
// `npm ci` then refuses the lock file. This adds the missing entries, with the os/cpu/libc that make
// npm skip them on other platforms. Run it after `npm install` changes the lock file.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
const added = [];
for (const meta of Object.values(packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key]) continue;
    const match = /-(android|darwin|linux|win32|freebsd)-(arm64|x64|ia32|arm)(?:-(musl|gnu|msvc))?$/.exec(
      name,
    );
    if (!match) throw new Error(`Cannot tell the platform of ${name}; add its lock entry by hand`);
    const [, os, cpu, libc] = match;
    packages[key] = {
      version,
      cpu: [cpu],
      ...(meta.dev ? { dev: true } : {}),
      ...(os === 'linux' && libc === 'musl' ? { libc: ['musl'] } : {}),
      ...(os === 'linux' && libc === 'gnu' ? { libc: ['glibc'] } : {}),
      optional: true,
      os: [os],
    };
    added.push(name);
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length === 0 ? 'package-lock.json is complete' : `added: ${added.join(', ')}`);
