/**
 * Runs once when the server process starts, before it serves a request: validate the environment
 * (a misconfiguration stops start-up with a message naming the variable), open the database, apply
 * migrations and seed the demo data.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServer } = await import('./lib/start-server');
  try {
    await startServer();
  } catch (error) {
    // Next.js would log the error and keep serving broken pages; a server that cannot work must not start.
    console.error(`\nembedded-checkout cannot start.\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
