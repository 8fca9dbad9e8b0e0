import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openSqlite, sqliteDatabase } from './sqlite.ts';

const memory = () => {
  const db = sqliteDatabase(new DatabaseSync(':memory:'));
  db.connection.exec('CREATE TABLE log (n INTEGER PRIMARY KEY AUTOINCREMENT, who TEXT NOT NULL)');
  return db;
};

describe('the SQLite adapter', () => {
  it('runs two concurrent transactions one after the other, never interleaved', async () => {
    const db = memory();
    const work = (who: string) =>
      db.transaction(async (tx) => {
        for (let i = 0; i < 3; i++) {
          await tx.run('INSERT INTO log (who) VALUES (:who)', { who });
          await sleep(5);
        }
      });
    await Promise.all([work('a'), work('b')]);
    expect((await db.all('SELECT who FROM log ORDER BY n')).map((r) => r.who)).toEqual(['a', 'a', 'a', 'b', 'b', 'b']);
    await db.close();
  });

  it('keeps a statement outside a transaction out of another caller open transaction, and rolls back on a throw', async () => {
    const db = memory();
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const failing = db.transaction(async (tx) => {
      await tx.run('INSERT INTO log (who) VALUES (:who)', { who: 'rolled back' });
      inside();
      await sleep(10);
      throw new Error('boom');
    });
    await entered;
    // queued behind the transaction: it neither joins it nor sees its uncommitted row
    const outside = db.run('INSERT INTO log (who) VALUES (:who)', { who: 'outside' });
    await expect(failing).rejects.toThrow('boom');
    await outside;
    expect((await db.all('SELECT who FROM log')).map((r) => r.who)).toEqual(['outside']);
    await db.close();
  });

  it('commits concurrent transactions together, a failing one rolled back alone, none answered before the commit', async () => {
    const db = memory();
    let commits = 0;
    const exec = db.connection.exec.bind(db.connection);
    db.connection.exec = (sql: string) => {
      if (sql === 'COMMIT') commits++;
      exec(sql);
    };
    const commitsWhenAnswered: number[] = [];
    const insert = (who: string, fail = false) =>
      db
        .transaction(async (tx) => {
          await tx.run('INSERT INTO log (who) VALUES (:who)', { who });
          if (fail) throw new Error(`boom ${who}`);
          return who;
        })
        .finally(() => commitsWhenAnswered.push(commits));
    const results = await Promise.allSettled([insert('a'), insert('b', true), insert('c')]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['a', 'boom b', 'c']);
    expect(commits).toBe(1);
    expect(commitsWhenAnswered).toEqual([1, 1, 1]);
    expect((await db.all('SELECT who FROM log ORDER BY n')).map((r) => r.who)).toEqual(['a', 'c']);
    await db.close();
  });

  it('answers a group commit only once the WAL is flushed, and commits the next batch meanwhile', async () => {
    const flushes: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];
    const wal = { flushed: () => new Promise<void>((resolve, reject) => flushes.push({ resolve, reject })), close: async () => undefined };
    const db = sqliteDatabase(new DatabaseSync(':memory:'), undefined, wal);
    db.connection.exec('CREATE TABLE log (n INTEGER PRIMARY KEY AUTOINCREMENT, who TEXT NOT NULL)');
    const answered: string[] = [];
    const insert = (who: string) => db.transaction((tx) => tx.run('INSERT INTO log (who) VALUES (:who)', { who })).then(() => answered.push(who));
    const first = insert('a');
    await vi.waitFor(() => expect(flushes).toHaveLength(1));
    // committed, not yet flushed: nobody is answered, and the queue already takes the next batch
    const second = insert('b');
    await vi.waitFor(() => expect(flushes).toHaveLength(2));
    expect(answered).toEqual([]);
    expect((await db.all('SELECT who FROM log ORDER BY n')).map((r) => r.who)).toEqual(['a', 'b']);
    flushes[0]!.resolve();
    await first;
    expect(answered).toEqual(['a']);
    flushes[1]!.reject(new Error('EIO'));
    await expect(second).rejects.toThrow('EIO');
    expect(answered).toEqual(['a']);
    await db.close();
  });

  it('flushes the WAL file of a database in WAL mode, one flush for the commits made while one runs', async () => {
    const db = openSqlite(dir, 'flushed.sqlite');
    await db.run('CREATE TABLE IF NOT EXISTS t (k INTEGER)');
    const results = await Promise.all(Array.from({ length: 20 }, (_, k) => db.transaction((tx) => tx.run('INSERT INTO t (k) VALUES (:k)', { k }))));
    expect(results).toEqual(Array(20).fill(1));
    expect(db.connection.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 }); // FULL outside the group commit
    await db.close();
  });

  const dir = mkdtempSync(path.join(tmpdir(), 'rtg-seam-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shares the queue between two connections to one file in this process', async () => {
    const [a, b] = [openSqlite(dir, 'two.sqlite'), openSqlite(dir, 'two.sqlite')];
    await a.run('CREATE TABLE IF NOT EXISTS twice (k TEXT PRIMARY KEY)');
    const insert = (db: typeof a) => db.transaction(async (tx) => {
      const seen = await tx.one('SELECT k FROM twice WHERE k = :k', { k: 'x' });
      await sleep(5);
      if (!seen) await tx.run('INSERT INTO twice (k) VALUES (:k)', { k: 'x' });
      return !seen;
    });
    expect((await Promise.all([insert(a), insert(b)])).filter(Boolean)).toHaveLength(1);
    await a.close();
    await b.close();
  });
});
