// Applies the PostgreSQL migrations not yet applied. Several instances may start at once, so the
// whole run holds a session advisory lock: the others wait, then find nothing left to do. The lock
// key includes the schema, so installations in different schemas of one database don't wait on
// each other. Each migration runs in its own transaction with its schema_migrations row.
import type pg from 'pg';
import { readMigrations } from '../migrations/migration-files.ts';
import { withClient } from './pg-client.ts';

// Computed in SQL each time: the key is a full 64-bit number, which a JavaScript number would round.
const LOCK_KEY = `hashtextextended('rtg-gateway migrations in ' || current_schema(), 0)`;

export async function migratePostgres(pool: pg.Pool): Promise<string[]> {
  return withClient(pool, async (client, broken) => {
    try {
      const { rows } = await client.query<{ schema: string | null }>('SELECT current_schema() AS schema');
      if (!rows[0]?.schema) throw new Error('PostgreSQL has no current schema: the search_path names no existing schema');
      await client.query(`SELECT pg_advisory_lock(${LOCK_KEY})`);
      try {
        return await applyPending(client);
      } finally {
        // An unlock that fails (the connection lost) must not hide why: the closed connection frees the lock.
        await client.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`).catch(broken);
      }
    } catch (err) {
      // A client that failed here may still hold the lock: closed rather than pooled.
      broken();
      throw err;
    }
  });
}

async function applyPending(client: pg.PoolClient): Promise<string[]> {
  await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)');
  const applied = new Set((await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
  const done: string[] = [];
  for (const migration of readMigrations('postgres')) {
    if (applied.has(migration.version)) continue;
    await client.query('BEGIN');
    try {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [migration.version, Date.now()]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    done.push(migration.version);
  }
  return done;
}
