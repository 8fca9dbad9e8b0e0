// The run's store: the SQLite file in the run's folder (the gateway's default without DATABASE_URL),
// or a fresh PostgreSQL database on the test server that every instance and `registers add` share
// (TEST_DATABASE_URL's, else a throwaway one for this run).
import { createTestDatabase, postgresProblem, redact } from '../support/pg-databases.ts';
import { useTestPostgres } from '../support/throwaway-postgres.ts';

export interface RunStore {
  kind: 'sqlite' | 'postgres';
  /** What the gateway processes need to find it (added to their environment). */
  env: Record<string, string>;
  /** The database's URL without its password (PostgreSQL), to print for a kept run. */
  url: string | null;
  /** Drops the database (PostgreSQL); the SQLite file goes with the run's folder. */
  drop(): Promise<void>;
}

export async function openRunStore(postgres: boolean): Promise<RunStore> {
  if (!postgres) return { kind: 'sqlite', env: {}, url: null, drop: async () => undefined };
  const url = await useTestPostgres();
  const problem = await postgresProblem();
  if (problem !== null) throw new Error(`--postgres: PostgreSQL is not reachable at ${redact(url)} (${problem}); unset TEST_DATABASE_URL or start its server`);
  const db = await createTestDatabase('rtg_chaos');
  // Three instances at the default pool size stay well under the server's 100 connections.
  return { kind: 'postgres', env: { DATABASE_URL: db.url }, url: redact(db.url), drop: () => db.drop() };
}
