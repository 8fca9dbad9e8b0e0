// PostgreSQL for tests: the server named by TEST_DATABASE_URL, else a throwaway one that vitest's
// global setup starts (tests/support/postgres-global-setup.ts), a fresh schema or database per
// test, and a clear verdict when there is no server: the tests fail and say why, never skip.
import { describe, it } from 'vitest';
import { redact } from './pg-databases.ts';

export { createTestDatabase, postgresProblem, testDatabaseUrl, TestSchemas, urlWithSchema } from './pg-databases.ts';

/**
 * describe() for tests that need PostgreSQL. `problem` comes from postgresProblem(), awaited at the
 * top of the test file. Never passes silently: without a server it fails with the reason.
 */
export function describePostgres(title: string, problem: string | null, body: () => void): void {
  if (problem !== null) {
    describe(title, () => {
      it('needs a PostgreSQL server', () => {
        throw new Error(
          `PostgreSQL is not reachable at ${redact(process.env.TEST_DATABASE_URL ?? '(unset)')} (${problem}). ` +
            'Unset TEST_DATABASE_URL to let the tests start a throwaway server, or point it at a running one.',
        );
      });
    });
    return;
  }
  describe(title, body);
}
