import { Worker } from 'node:worker_threads';
import type Stripe from 'stripe';
import { type HandledRequest, type HandledResponse, LocalHttpClient } from './http-client';
import type { LocalStripe, LocalStripeOptions } from './local-stripe';

/** What crosses to the thread: plain data (a clock or a fetch stays on its own side). */
export type ThreadedLocalStripeOptions = Omit<LocalStripeOptions, 'now' | 'fetch'>;

export type ThreadRequest =
  | { id: number; op: 'handle'; request: HandledRequest }
  | { id: number; op: 'flushWebhooks' | 'close' };

export type ThreadReply =
  | { id: number; ok: true; response?: { status: number; headers: Record<string, string>; bodyText: string } }
  | { id: number; ok: false; error: string };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** Starts the thread; tests pass one that can load TypeScript. */
export type StartThread = (options: ThreadedLocalStripeOptions) => Worker;

// The literal `new Worker(new URL(...), ...)` is what the bundler follows to build the thread's
// entry (Next's Turbopack does for node:worker_threads).
const startBundledThread: StartThread = (options) =>
  new Worker(new URL('./thread-host.ts', import.meta.url), { workerData: options });

/**
 * A local Stripe on its own thread. Served in the app's own thread, the stand-in's work - routing,
 * rendering sessions, its journal, webhook deliveries - took 1-2 ms of CPU of every checkout change
 * from the thread that serves shoppers, work that real Stripe does on its own machines. Same interface, same state file, same behaviour: only where it runs differs. A thread
 * that dies fails the requests it held (the SDK reports a connection error) and the next request
 * starts a fresh one, which reloads the state from its file.
 */
export function createThreadedLocalStripe(
  options: ThreadedLocalStripeOptions,
  start: StartThread = startBundledThread,
): LocalStripe {
  let worker: Worker | null = null;
  let nextId = 1;
  let closed = false;
  const pending = new Map<
    number,
    { resolve: (reply: ThreadReply) => void; reject: (error: Error) => void }
  >();

  const failAll = (error: Error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  const thread = (): Worker => {
    if (worker !== null) return worker;
    const started = start(options);
    started.on('message', (reply: ThreadReply) => {
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      waiter?.resolve(reply);
    });
    started.on('error', (error) => {
      console.error('[local-stripe] its thread failed', error);
      failAll(new Error(`The local Stripe's thread failed: ${error.message}`));
    });
    started.on('exit', (code) => {
      if (worker === started) worker = null;
      failAll(new Error(`The local Stripe's thread stopped (exit code ${code}).`));
    });
    // The server's own handles keep the process alive; this thread should not keep a script alive.
    started.unref();
    worker = started;
    return started;
  };
  const ask = (message: WithoutId<ThreadRequest>): Promise<ThreadReply> => {
    if (closed) return Promise.reject(new Error('This local Stripe is closed.'));
    const id = nextId++;
    return new Promise<ThreadReply>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      thread().postMessage({ ...message, id });
    }).then((reply) => {
      if (!reply.ok) throw new Error(`The local Stripe's thread could not answer: ${reply.error}`);
      return reply;
    });
  };

  const handle = async (request: HandledRequest): Promise<HandledResponse> => {
    const reply = await ask({ op: 'handle', request });
    const response = reply.ok ? reply.response : undefined;
    if (response === undefined) throw new Error("The local Stripe's thread answered without a response.");
    const { status, headers, bodyText } = response;
    return {
      status,
      headers,
      bodyText,
      get body() {
        return JSON.parse(bodyText) as unknown;
      },
    };
  };

  return {
    handle,
    httpClient: (): Stripe.HttpClient => new LocalHttpClient(handle),
    webhookSecret: options.webhookSecret,
    flushWebhooks: async () => {
      await ask({ op: 'flushWebhooks' });
    },
    close: async () => {
      if (closed || worker === null) {
        closed = true;
        return;
      }
      const running = worker;
      await ask({ op: 'close' });
      closed = true;
      await running.terminate();
    },
  };
}
