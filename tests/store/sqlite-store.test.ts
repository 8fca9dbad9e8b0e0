import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { describeStore } from './store-suite.ts';

const root = mkdtempSync(path.join(tmpdir(), 'rtg-sqlite-'));
let n = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A fresh database file per test.
describeStore('sqlite', async () => openSqliteStore(path.join(root, `db-${++n}`)));

describe('sqlite specifics', () => {
  it('runs in WAL mode with full fsync, and migrations once', async () => {
    const dir = path.join(root, 'pragma');
    const store = openSqliteStore(dir);
    expect(store.db.prepare('PRAGMA journal_mode').get()).toMatchObject({ journal_mode: 'wal' });
    expect(store.db.prepare('PRAGMA synchronous').get()).toMatchObject({ synchronous: 2 });
    await store.close();
    const again = openSqliteStore(dir);
    expect(again.db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toMatchObject({ n: 1 });
    await again.close();
  });
});
