import type { Config } from '@/lib/config';

/**
 * The header server.mjs writes on every request from the TCP connection's peer address, after
 * deleting any copy the client sent. Only trusted when server.mjs says it writes it
 * (EMBEDDED_CHECKOUT_PEER_HEADER=1 in its own environment); a client cannot set that.
 */
export const PEER_HEADER = 'x-embedded-checkout-peer';

/**
 * The address to limit anonymous requests by, never from a header the client controls:
 * - on Vercel, `x-vercel-forwarded-for`, which Vercel's edge sets to the client's public address
 *   (it overwrites client-sent forwarding headers to prevent spoofing);
 * - under `npm start`, the TCP peer (PEER_HEADER); when that peer is one of TRUSTED_PROXIES, the
 *   `x-forwarded-for` entry the nearest trusted proxy added (walking from the right, skipping
 *   trusted proxies), since everything left of it was written by the client;
 * - otherwise (`next dev`, `next start`, tests) 'local': one shared budget, which fails closed.
 */
export function clientAddress(request: Request, source: Config['clientAddress']): string {
  if (source.isVercel) return clip(firstEntry(request.headers.get('x-vercel-forwarded-for')) ?? 'unknown');
  if (!source.peerHeader) return 'local';
  const peer = normalize(request.headers.get(PEER_HEADER) ?? '');
  if (peer === '') return 'unknown';
  const trusted = new Set(source.trustedProxies.map(normalize));
  if (!trusted.has(peer)) return clip(peer);
  const chain = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map(normalize)
    .filter((entry) => entry !== '');
  for (let index = chain.length - 1; index >= 0; index -= 1) {
    const entry = chain[index];
    if (entry !== undefined && !trusted.has(entry)) return clip(entry);
  }
  // Every hop is a trusted proxy (or none was named): the proxy itself is the client.
  return clip(chain[0] ?? peer);
}

function firstEntry(header: string | null): string | null {
  const first = header?.split(',')[0]?.trim();
  return first === undefined || first === '' ? null : first;
}

/** IPv4-mapped IPv6 (`::ffff:203.0.113.7`, how Node reports IPv4 peers on a dual-stack socket). */
function normalize(address: string): string {
  return address
    .trim()
    .toLowerCase()
    .replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
}

// An IPv6 address is at most 45 characters; anything longer is junk that would bloat the key.
function clip(address: string): string {
  return address.slice(0, 64);
}
