/**
 * The worker-thread side of `createThreadedLocalStripe` (threaded.ts): one local Stripe, answering
 * the requests its parent thread posts. Each answer's body goes back as JSON text, ready for the
 * SDK or an HTTP response, so nothing is rendered twice.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createLocalStripe } from './local-stripe';
import type { ThreadedLocalStripeOptions, ThreadReply, ThreadRequest } from './threaded';

const port = parentPort;
if (port === null) throw new Error('thread-host.ts runs only as a worker thread (threaded.ts starts it).');
const local = createLocalStripe(workerData as ThreadedLocalStripeOptions);

port.on('message', (message: ThreadRequest) => {
  answer(message).then(
    (reply) => port.postMessage(reply),
    (error: unknown) =>
      port.postMessage({
        id: message.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      } satisfies ThreadReply),
  );
});

async function answer(message: ThreadRequest): Promise<ThreadReply> {
  switch (message.op) {
    case 'handle': {
      const { status, headers, body } = await local.handle(message.request);
      return { id: message.id, ok: true, response: { status, headers, bodyText: JSON.stringify(body) } };
    }
    case 'flushWebhooks':
      await local.flushWebhooks();
      return { id: message.id, ok: true };
    case 'close':
      await local.close();
      return { id: message.id, ok: true };
  }
}
