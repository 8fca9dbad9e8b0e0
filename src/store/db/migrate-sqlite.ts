import type { DatabaseSync } from 'node:sqlite';
import { readMigrations } from '../migrations/migration-files.ts';

/**
 * Applies the migrations not yet applied, each in its own transaction. Returns their versions.
 * Foreign keys are off while a migration runs, as SQLite prescribes for rebuilding a table that
 * others reference, and checked as a whole before it commits.
 */
export function migrateSqlite(db: DatabaseSync): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').all().map((row) => String(row.version)),
  );
  const foreignKeys = Number((db.prepare('PRAGMA foreign_keys').get() as { foreign_keys: number }).foreign_keys);
  const done: string[] = [];
  for (const migration of readMigrations('sqlite')) {
    if (applied.has(migration.version)) continue;
    db.exec('PRAGMA foreign_keys = OFF');
    db.exec('BEGIN IMMEDIATE');
    try {
      // Another process may have applied it between our read and our lock.
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version)) {
        db.exec('COMMIT');
        continue;
      }
      db.exec(migration.sql);
      const broken = db.prepare('PRAGMA foreign_key_check').all();
      if (broken.length > 0) throw new Error(`migration ${migration.version} leaves ${broken.length} broken foreign keys`);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(migration.version, Date.now());
      db.exec('COMMIT');
      done.push(migration.version);
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    } finally {
      db.exec(`PRAGMA foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }
  return done;
}
