import { describe, expect, it } from 'vitest';
import { clientAddress, PEER_HEADER } from './client-address';

const request = (headers: Record<string, string>) => new Request('https://shop.example/', { headers });
const direct = { isVercel: false, peerHeader: true, trustedProxies: [] };
const proxied = { isVercel: false, peerHeader: true, trustedProxies: ['10.0.0.1', '10.0.0.2'] };

describe('clientAddress never takes a header the client controls', () => {
  it.each([
    // No proxy: the TCP peer, whatever X-Forwarded-For / X-Real-IP claim.
    [
      direct,
      { [PEER_HEADER]: '198.51.100.9', 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '1.2.3.4' },
      '198.51.100.9',
    ],
    [direct, { [PEER_HEADER]: '::ffff:127.0.0.1', 'x-forwarded-for': '203.0.113.7' }, '127.0.0.1'],
    [direct, { 'x-forwarded-for': '203.0.113.7' }, 'unknown'],
    // Behind trusted proxies: the entry the nearest trusted proxy added, not the client's forgeries.
    [proxied, { [PEER_HEADER]: '10.0.0.1', 'x-forwarded-for': '6.6.6.6, 198.51.100.4' }, '198.51.100.4'],
    [
      proxied,
      { [PEER_HEADER]: '10.0.0.1', 'x-forwarded-for': '6.6.6.6, 198.51.100.4, 10.0.0.2' },
      '198.51.100.4',
    ],
    [proxied, { [PEER_HEADER]: '10.0.0.1', 'x-forwarded-for': '10.0.0.2' }, '10.0.0.2'],
    [proxied, { [PEER_HEADER]: '10.0.0.1' }, '10.0.0.1'],
    // A peer that is not a trusted proxy is the client, however it fills X-Forwarded-For.
    [proxied, { [PEER_HEADER]: '198.51.100.5', 'x-forwarded-for': '10.0.0.2, 7.7.7.7' }, '198.51.100.5'],
    // Without server.mjs writing the peer header, a client-sent copy is ignored: one shared budget.
    [{ ...direct, peerHeader: false }, { [PEER_HEADER]: '7.7.7.7', 'x-forwarded-for': '8.8.8.8' }, 'local'],
    // On Vercel: the platform's header only.
    [
      { ...direct, isVercel: true },
      { 'x-vercel-forwarded-for': '203.0.113.7', 'x-forwarded-for': '9.9.9.9', [PEER_HEADER]: '1.1.1.1' },
      '203.0.113.7',
    ],
    [{ ...direct, isVercel: true }, { 'x-forwarded-for': '9.9.9.9' }, 'unknown'],
    [direct, { [PEER_HEADER]: 'x'.repeat(500) }, 'x'.repeat(64)],
  ])('%j %j -> %s', (source, headers, expected) => {
    expect(clientAddress(request(headers), source)).toBe(expected);
  });

  it('rotating X-Forwarded-For from one peer keeps one key', () => {
    const keys = new Set(
      Array.from({ length: 50 }, (_, index) =>
        clientAddress(
          request({ [PEER_HEADER]: '198.51.100.9', 'x-forwarded-for': `203.0.113.${index}` }),
          direct,
        ),
      ),
    );
    expect([...keys]).toEqual(['198.51.100.9']);
  });
});
