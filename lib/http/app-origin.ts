import { networkInterfaces, hostname as osHostname } from 'node:os';
import type { Config } from '@/lib/config';
import { AppError } from '@/lib/errors';

/**
 * The origin shoppers come back to after paying (a Checkout Session's return_url). It is APP_URL
 * when configured. Otherwise it is the host the browser addressed (the `Host` header, so that the
 * return page sees this browser's cookies), accepted only when that host is one of the app's own:
 * a loopback name, a host the platform says this deployment has (Vercel's system variables), or,
 * when the server listens beyond loopback, one of this machine's addresses or its name. Forwarded
 * headers (`X-Forwarded-Host`) never choose it.
 */
export function appOrigin(
  request: Request,
  config: Config,
  /** This machine's names (tests pass their own); looked up only when the server listens beyond loopback. */
  machineHosts?: readonly string[],
): string {
  if (config.appUrl !== null) return config.appUrl;
  const host = (request.headers.get('host') ?? '').trim().toLowerCase();
  const name = hostnameOf(host);
  const known = new Set([
    ...LOOPBACK_NAMES,
    ...config.platformHosts.map((entry) => entry.toLowerCase()),
    ...(config.allowRemote ? (machineHosts ?? machineNames()).map((entry) => entry.toLowerCase()) : []),
  ]);
  if (name === null || !known.has(name)) {
    throw new AppError(
      'invalid_request',
      'This shop does not take checkouts at this address. Open it at its own address (or set APP_URL to it).',
    );
  }
  return `${isSecureRequest(request, config) ? 'https' : 'http'}://${host}`;
}

/**
 * Whether cookies should be `Secure`. On Vercel always; elsewhere as Next.js reports the scheme
 * (TLS usually ends at a proxy). It decides a cookie flag only, never a destination.
 */
export function isSecureRequest(request: Request, config: Config): boolean {
  return config.isVercel || new URL(request.url).protocol === 'https:';
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** `example.com:3000` -> `example.com`, `[::1]:3000` -> `[::1]`; null for anything that is not a host. */
function hostnameOf(host: string): string | null {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.exec(host);
  return match?.[1] ?? null;
}

/** This machine's interface addresses (IPv6 in brackets, as in a Host header) and its host name. */
function machineNames(): string[] {
  const addresses = Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .map((entry) => (entry.family === 'IPv6' ? `[${entry.address}]` : entry.address));
  return [...addresses, osHostname()];
}
