/**
 * Runs once when the server process starts, before it serves a request: validate the environment,
 * open and migrate the database, seed the demo data (see lib/start-server.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServerOrExit } = await import('./lib/start-server');
  await startServerOrExit();
}
