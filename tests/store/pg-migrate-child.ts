// Run by postgres-store.test.ts as a separate process: migrates the schema in the URL it is given
// and prints the versions it applied, so the test can see that concurrent starts apply each once.
import { migratePostgres } from '../../src/store/db/migrate-postgres.ts';
import { createPool } from '../../src/store/db/postgres.ts';

const pool = createPool(process.argv[2] as string, 2);
try {
  process.stdout.write(`${JSON.stringify(await migratePostgres(pool))}\n`);
} finally {
  await pool.end();
}
