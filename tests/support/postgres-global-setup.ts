// vitest globalSetup: the PostgreSQL suites use the server named by TEST_DATABASE_URL, or else a
// throwaway one started here once for the whole run and stopped at its end. The URL reaches the
// test processes through the environment (they are started after this runs).
import { startThrowawayPostgres } from './throwaway-postgres.ts';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.TEST_DATABASE_URL) return undefined;
  const server = await startThrowawayPostgres();
  process.env.TEST_DATABASE_URL = server.url;
  return async () => {
    delete process.env.TEST_DATABASE_URL;
    await server.stop();
  };
}
