/**
 * Runs once when the server process starts, before it serves a request: validate the environment
 * (so a misconfiguration stops start-up with a message naming the variable), open the database,
 * apply migrations and seed the demo data.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServer } = await import('./lib/start-server');
  await startServer();
}
