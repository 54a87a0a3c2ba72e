import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { nonLoopbackAddresses, reachableBeyondLoopback } from './listen-check';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

function listen(host: string): Promise<number> {
  server = createServer((socket) => socket.destroy());
  return new Promise((resolve) =>
    server?.listen(0, host, () => {
      const address = server?.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    }),
  );
}

const outside = nonLoopbackAddresses();

describe.skipIf(outside.length === 0)('reachableBeyondLoopback (needs a non-loopback address)', () => {
  test('a server on 127.0.0.1 is reachable on none of them', async () => {
    const port = await listen('127.0.0.1');
    expect(await reachableBeyondLoopback(port, outside)).toEqual([]);
  });

  test('a server on every interface is reported (the start-up check refuses it)', async () => {
    const port = await listen('0.0.0.0');
    const ipv4 = outside.filter((address) => !address.includes(':'));
    expect(await reachableBeyondLoopback(port, ipv4)).toEqual(ipv4);
  });
});
