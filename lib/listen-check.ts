import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * Which of this machine's non-loopback addresses accept a TCP connection on `port`. Used at start-up
 * to prove, rather than assume, that a local-mode server is not reachable from other machines:
 * however it was started (`npm start`, `next start -H ...`, `next dev`), if it answers on one of
 * these addresses it is listening beyond loopback.
 */
export async function reachableBeyondLoopback(
  port: number,
  addresses: readonly string[] = nonLoopbackAddresses(),
): Promise<string[]> {
  const answers = await Promise.all(addresses.map((address) => accepts(address, port)));
  return addresses.filter((_, index) => answers[index]);
}

/** IPv4 and global IPv6 addresses of this machine's interfaces other than loopback. */
export function nonLoopbackAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => !entry.internal && !(entry.family === 'IPv6' && entry.scopeid !== 0))
    .map((entry) => entry.address);
}

function accepts(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (connected: boolean) => {
      socket.destroy();
      resolve(connected);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
