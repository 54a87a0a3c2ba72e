import createNextIntlPlugin from 'next-intl/plugin';
import { securityHeaders, securityModeFromEnv } from './lib/http/security-headers.mjs';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // forbidden() answers 403 for a checkout that belongs to another browser.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  // CSP, frame-ancestors, nosniff, Referrer-Policy, Permissions-Policy, HSTS on every response.
  headers: async () => [{ source: '/:path*', headers: securityHeaders(securityModeFromEnv(process.env)) }],
  // PGlite ships WebAssembly and data files that it loads from its own package folder at run time;
  // bundling would break those paths.
  serverExternalPackages: ['@electric-sql/pglite', 'pg'],
  // The SQL migrations are read from disk at start-up.
  outputFileTracingIncludes: { '/**': ['./lib/store/migrations/*.sql'] },
  // Parallel builds (tests, tools) each get their own output folder.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // `npm test` type-checks the whole project before it builds; the e2e build may skip doing it twice.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === '1' },
};

export default withNextIntl(nextConfig);
