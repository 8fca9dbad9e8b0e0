// PostgreSQL for tests: the server named by TEST_DATABASE_URL (default: the local one), a fresh
// schema or database per test, and a clear verdict when there is no server. Without one the tests
// fail and say how to start it; RTG_SKIP_POSTGRES=1 skips them, and the report says so.
import { describe, it } from 'vitest';
import { redact, TEST_DATABASE_URL } from './pg-databases.ts';

export { createTestDatabase, postgresProblem, TEST_DATABASE_URL, TestSchemas, urlWithSchema } from './pg-databases.ts';

const SKIPPED = process.env.RTG_SKIP_POSTGRES === '1';
const HOW_TO_START = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

/**
 * describe() for tests that need PostgreSQL. `problem` comes from postgresProblem(), awaited at the
 * top of the test file. Never passes silently: skipped only on request, failing without a server.
 */
export function describePostgres(title: string, problem: string | null, body: () => void): void {
  if (SKIPPED) {
    console.warn(`${title}: NOT RUN — RTG_SKIP_POSTGRES=1 skips the PostgreSQL tests`);
    describe(title, () => {
      it.skip('not run: RTG_SKIP_POSTGRES=1 skips the PostgreSQL tests', () => undefined);
    });
    return;
  }
  if (problem !== null) {
    describe(title, () => {
      it('needs a PostgreSQL server', () => {
        throw new Error(
          `PostgreSQL is not reachable at ${redact(TEST_DATABASE_URL)} (${problem}). ` +
            `Start the local server with \`${HOW_TO_START}\` (or set TEST_DATABASE_URL to another one), ` +
            'or set RTG_SKIP_POSTGRES=1 to skip the PostgreSQL tests explicitly.',
        );
      });
    });
    return;
  }
  describe(title, body);
}
