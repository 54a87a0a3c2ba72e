import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';

/**
 * `npm start`: serves the production build (`npm run build`) as `next start` does, but decides where
 * it listens. Without Stripe keys the app runs the local Stripe, whose test controls can settle
 * payments and whose events carry shoppers' emails, so it listens on loopback (127.0.0.1) unless
 * LOCAL_STRIPE_ALLOW_REMOTE=1. With Stripe keys it listens on every interface, like `next start`.
 *
 *   node server.mjs [-p PORT] [-H HOST]       (PORT defaults to $PORT, then 3000)
 *
 * This is the same rule as `config.allowRemote` in lib/config, which the app checks again at
 * start-up however it was started (lib/start-server.ts), so a `next start` on every interface in
 * local mode refuses to run.
 */

const { values } = parseArgs({
  options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' } },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65_535)
  fail(`-p must be a port number, not ${values.port}`);

const localStripe = (process.env.STRIPE_SECRET_KEY ?? '').trim() === '';
const allowRemote = /^(1|true)$/i.test((process.env.LOCAL_STRIPE_ALLOW_REMOTE ?? '').trim());
const loopbackOnly = localStripe && !allowRemote;
if (loopbackOnly && values.hostname !== undefined && !isLoopback(values.hostname)) {
  fail(
    `-H ${values.hostname} is not a loopback address. Without Stripe keys the app serves the local Stripe, which is private to this machine; set LOCAL_STRIPE_ALLOW_REMOTE=1 to listen beyond loopback.`,
  );
}
// Undefined listens on every interface (IPv4 and IPv6), as `next start` does.
const host = values.hostname ?? (loopbackOnly ? '127.0.0.1' : undefined);

// Rate limits key anonymous requests by client address (lib/http/client-address.ts). Route handlers
// cannot see the socket, so this writes its peer address into a header of our own, after deleting
// whatever copy the client sent; the flag tells the app that the header is this server's.
const PEER_HEADER = 'x-embedded-checkout-peer';
process.env.EMBEDDED_CHECKOUT_PEER_HEADER = '1';

const server = createServer((request, response) => {
  delete request.headers[PEER_HEADER];
  request.headers[PEER_HEADER] = request.socket.remoteAddress ?? '';
  ready.then(
    (handle) => handle(request, response),
    () => {
      response.statusCode = 503;
      response.end();
    },
  );
});
server.on('error', (error) => fail(`cannot listen on port ${port}: ${error.message}`));
await new Promise((resolve) => server.listen(port, host, () => resolve(undefined)));
const address = server.address();
const actualPort = typeof address === 'object' && address !== null ? address.port : port;
// The app reads its port from PORT (for the local Stripe's default webhook URL), as under `next start`.
process.env.PORT = String(actualPort);

const shown = host === undefined ? 'localhost' : host.includes(':') ? `[${host}]` : host;
console.log(`embedded-checkout: listening on http://${shown}:${actualPort}`);
console.log(
  loopbackOnly
    ? '  loopback only: no Stripe keys are set, so this app serves the local Stripe, which stays private to this machine (LOCAL_STRIPE_ALLOW_REMOTE=1 opens it to the network).'
    : localStripe
      ? '  every interface: LOCAL_STRIPE_ALLOW_REMOTE=1 is set, so other machines can reach this app and its local Stripe (which still needs its secret key).'
      : host === undefined
        ? '  every interface: Stripe keys are set (real Stripe).'
        : `  on ${host} only, as -H asked.`,
);

// Next's URL helpers spell every loopback address "localhost"; given 127.0.0.1 here, a proxy rewrite
// (the locale routing's `/orders` -> `/en/orders`) would look like another origin and be proxied
// back to this server, which redirects it again (next.js#84341). The socket stays on `host`.
const nextHostname = host !== undefined && isLoopback(host) ? 'localhost' : shown;
const app = next({ dev: false, hostname: nextHostname, port: actualPort, httpServer: server });
const ready = app.prepare().then(() => app.getRequestHandler());
ready.catch((error) => fail(error instanceof Error ? error.message : String(error)));

function isLoopback(name) {
  return /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i.test(name);
}

function fail(message) {
  console.error(`\nembedded-checkout cannot start: ${message}\n`);
  process.exit(1);
}
