// The stores the bench compares: the embedded SQLite file, and PostgreSQL (a fresh database on the
// TEST_DATABASE_URL server, else on a throwaway server) when one is reachable.
import path from 'node:path';
import { createTestDatabase, postgresProblem, redact } from '../support/pg-databases.ts';
import { useTestPostgres } from '../support/throwaway-postgres.ts';

export interface BenchStore {
  name: 'SQLite' | 'PostgreSQL';
  /** A new, empty store: the environment that selects it, and how to remove it afterwards. */
  fresh(tag: string): Promise<{ env: Record<string, string>; remove(): Promise<void> }>;
}

export const sqliteStore = (root: string): BenchStore => ({
  name: 'SQLite',
  fresh: async (tag) => ({ env: { DATA_DIR: path.join(root, `data-${tag}`) }, remove: async () => undefined }),
});

const postgresStore: BenchStore = {
  name: 'PostgreSQL',
  fresh: async () => {
    const db = await createTestDatabase('rtg_bench');
    return { env: { DATABASE_URL: db.url }, remove: () => db.drop() };
  },
};

/** The stores to measure; says so when PostgreSQL is left out. */
export async function benchStores(root: string, skipPostgres: boolean): Promise<BenchStore[]> {
  if (skipPostgres) {
    console.log('PostgreSQL: not measured (--skip-postgres)\n');
    return [sqliteStore(root)];
  }
  const url = await useTestPostgres();
  const problem = await postgresProblem();
  if (problem) {
    console.log(`PostgreSQL: not measured — not reachable at ${redact(url)} (${problem}); unset TEST_DATABASE_URL or start its server\n`);
    return [sqliteStore(root)];
  }
  return [sqliteStore(root), postgresStore];
}
