// Fresh schemas and databases on the test server (TEST_DATABASE_URL: under vitest, the one named or
// the throwaway one of tests/support/postgres-global-setup.ts), for tests and the bench.
// No test-runner imports here, so plain scripts can use it too.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The test server's URL, read when used (a script may start a throwaway server first). */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is unset (vitest sets it to a throwaway server; scripts call useTestPostgres())');
  return url;
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  if (!URL.canParse(url)) return url;
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** Why PostgreSQL cannot be used, or null when it can. */
export async function postgresProblem(): Promise<string | null> {
  if (!process.env.TEST_DATABASE_URL) return 'TEST_DATABASE_URL is unset';
  const client = new pg.Client({ connectionString: testDatabaseUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message || err.name : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const uniqueName = (prefix: string) => `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;

/** The same server and database, with `search_path` set to `schema`. */
export function urlWithSchema(schema: string, base = testDatabaseUrl()): string {
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** Makes fresh schemas in the test database and drops them all at the end. */
export class TestSchemas {
  readonly #admin = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
  readonly #made: string[] = [];
  readonly #prefix: string;

  constructor(prefix = 'rtg_test') {
    this.#prefix = prefix;
  }

  /** A new empty schema; returns a URL that uses it. */
  async create(): Promise<{ schema: string; url: string }> {
    const schema = uniqueName(this.#prefix);
    await this.#admin.query(`CREATE SCHEMA ${pg.escapeIdentifier(schema)}`);
    this.#made.push(schema);
    return { schema, url: urlWithSchema(schema) };
  }

  async dropAll(): Promise<void> {
    for (const schema of this.#made.splice(0)) await this.#admin.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
    await this.#admin.end();
  }
}

/** A new empty database on the test server, for tests whose processes connect on their own. */
export async function createTestDatabase(prefix = 'rtg_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = uniqueName(prefix);
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: testDatabaseUrl() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
