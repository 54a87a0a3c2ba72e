import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('.', import.meta.url)),
      // `server-only` throws outside React Server Components; tests run server code directly, so
      // they get the package's own empty module (what the react-server condition resolves to).
      'server-only': fileURLToPath(new URL('./node_modules/server-only/empty.js', import.meta.url)),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'app/**/*.test.ts', 'components/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    // Tests run the app from source; the local Stripe's thread entry exists only in a Next build
    // (lib/local-stripe/threaded.ts), so the app's local Stripe runs on the test's own thread
    // (threaded.test.ts starts the thread through tsx).
    env: { LOCAL_STRIPE_THREAD: '0' },
    hookTimeout: 60_000,
  },
});
