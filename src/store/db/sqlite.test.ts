import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
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
