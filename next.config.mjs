/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // PGlite ships WebAssembly and data files that it loads from its own package folder at run time;
  // bundling would break those paths.
  serverExternalPackages: ['@electric-sql/pglite', 'pg'],
};

export default nextConfig;
