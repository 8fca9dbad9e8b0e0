import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseSync } from 'node:sqlite';
import { readMigrations } from '../../src/store/migrations/migration-files.ts';
import { migrateSqlite } from '../../src/store/db/migrate-sqlite.ts';
import { testFields } from '../support/data-keys.ts';
import { openSqliteStore } from '../../src/store/open-store.ts';
import { describeAccessStore } from './access-suite.ts';
import { describeCountersStore } from './counters-suite.ts';
import { describeSandboxStore } from './sandbox-suite.ts';
import { describeOperationsStore } from './operations-suite.ts';
import { describeStore } from './store-suite.ts';
import { describeNoticesStore } from './notices-suite.ts';
import { describeWebhooksStore } from './webhooks-suite.ts';

const root = mkdtempSync(path.join(tmpdir(), 'rtg-sqlite-'));
let n = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A fresh database file per test; the second connection opens the same file, as a second process would.
describeStore(
  'sqlite',
  async () => openSqliteStore(path.join(root, `db-${++n}`), testFields),
  async () => openSqliteStore(path.join(root, `db-${n}`), testFields),
);
describeNoticesStore(
  'sqlite',
  async () => openSqliteStore(path.join(root, `db-${++n}`), testFields),
  async () => openSqliteStore(path.join(root, `db-${n}`), testFields),
);
describeOperationsStore('sqlite', async () => openSqliteStore(path.join(root, `db-${++n}`), testFields));
describeCountersStore(
  'sqlite',
  async () => openSqliteStore(path.join(root, `db-${++n}`), testFields),
  async () => openSqliteStore(path.join(root, `db-${n}`), testFields),
);
describeAccessStore('sqlite', async () => openSqliteStore(path.join(root, `db-${++n}`), testFields));
describeSandboxStore('sqlite', async () => openSqliteStore(path.join(root, `db-${++n}`), testFields));
describeWebhooksStore(
  'sqlite',
  async () => openSqliteStore(path.join(root, `db-${++n}`), testFields),
  async () => openSqliteStore(path.join(root, `db-${n}`), testFields),
);

describe('sqlite specifics', () => {
  it('runs in WAL mode with full fsync, and migrations once', async () => {
    const dir = path.join(root, 'pragma');
    const store = openSqliteStore(dir, testFields);
    expect(store.db.connection.prepare('PRAGMA journal_mode').get()).toMatchObject({ journal_mode: 'wal' });
    expect(store.db.connection.prepare('PRAGMA synchronous').get()).toMatchObject({ synchronous: 2 });
    await store.close();
    const again = openSqliteStore(dir, testFields);
    expect(again.db.connection.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toMatchObject({ n: readMigrations('sqlite').length });
    await again.close();
  });

  it('carries deliveries of the first schema over into the second, with their order key', () => {
    const db = new DatabaseSync(':memory:');
    const [first] = readMigrations('sqlite');
    db.exec('CREATE TABLE schema_migrations (version TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
    db.exec(first!.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, 0)').run(first!.version);
    db.exec(`INSERT INTO registers VALUES ('r', '26376375', 'x', 'h', 0)`);
    db.exec(`INSERT INTO events VALUES ('e', 'r', 'BC-1', 'residence.registered', '2026-11-20T10:15:00.5+02:00', 'p', 'c', '{}', '[]', 0)`);
    db.exec(`INSERT INTO deliveries (id, event_id, contract, message_id, person_key, seq, status, attempts, next_attempt_at, created_at, updated_at)
             VALUES ('d', 'e', 'dms-registration-v1', 'm', 'p', 1, 'retrying', 2, 5, 0, 0)`);
    db.exec(`INSERT INTO attempts (delivery_id, number, started_at, duration_ms, outcome) VALUES ('d', 1, 0, 5, 'retryable')`);
    db.exec('PRAGMA foreign_keys = ON');
    migrateSqlite(db);
    expect(db.prepare('SELECT COUNT(*) AS n FROM attempts').get()).toEqual({ n: 1 });
    expect(db.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 });
    expect(db.prepare('SELECT status, attempts, occurred_at_ms, schedule_base, queue_head FROM deliveries').get()).toEqual({
      queue_head: 1,
      status: 'retrying',
      attempts: 2,
      occurred_at_ms: Date.parse('2026-11-20T08:15:00.500Z'),
      schedule_base: 0,
    });
    db.close();
  });
});
