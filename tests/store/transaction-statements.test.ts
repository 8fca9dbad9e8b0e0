// A transaction waits for every statement it issued before it commits, awaited or not (the evidence
// entry's INSERT is not awaited where it is issued): one that failed, even in the client before
// reaching the database, fails the transaction and nothing of it stays; one issued after the work
// failed is refused. On PostgreSQL's pipelined connections statements issued together come back in
// order, and the error thrown is that of the statement that failed.
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../src/store/db/database.ts';
import { createPool, postgresDatabase } from '../../src/store/db/postgres.ts';
import { sqliteDatabase } from '../../src/store/db/sqlite.ts';
import { describePostgres, postgresProblem, TestSchemas } from '../support/pg.ts';

const problem = await postgresProblem();
const schemas = problem === null ? new TestSchemas('rtg_tx') : null;
afterAll(async () => schemas?.dropAll());

const INSERT = 'INSERT INTO t (id, v) VALUES (:id, :v)';

function describeTransactions(open: () => Promise<Database>): void {
  const withTable = async (): Promise<Database> => {
    const db = await open();
    await db.run('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    return db;
  };
  const ids = async (db: Database) => (await db.all('SELECT id FROM t ORDER BY id')).map((r) => Number(r.id));

  it('commits a statement the work issued without waiting for it', async () => {
    const db = await withTable();
    await db.transaction(async (tx) => {
      await tx.run(INSERT, { id: 1, v: 'a' });
      void tx.run(INSERT, { id: 2, v: 'b' });
    });
    expect(await ids(db)).toEqual([1, 2]);
    await db.close();
  });

  it('fails, and keeps nothing, when a statement the work did not wait for fails', async () => {
    const db = await withTable();
    await db.run(INSERT, { id: 1, v: 'a' });
    const tx = db.transaction(async (q) => {
      await q.run(INSERT, { id: 2, v: 'b' });
      void q.run(INSERT, { id: 1, v: 'again' });
      return 'done';
    });
    await expect(tx).rejects.toThrow(/unique|duplicate/i);
    expect(await ids(db)).toEqual([1]);
    await db.close();
  });

  it('throws the error of the statement that failed, not of those issued behind it', async () => {
    const db = await withTable();
    const tx = db.transaction(async (q) => {
      void q.run(INSERT, { id: 1, v: 'a' });
      void q.run(INSERT, { id: 2, v: null });
      // On PostgreSQL this one fails too, only because the transaction was aborted.
      return q.all('SELECT id FROM t');
    });
    await expect(tx).rejects.toThrow(/null|NOT NULL/i);
    expect(await ids(db)).toEqual([]);
    await db.close();
  });

  it('throws the work’s own error when it fails on its own, even if a statement it did not wait for failed too', async () => {
    const db = await withTable();
    await db.run(INSERT, { id: 1, v: 'a' });
    const tx = db.transaction(async (q) => {
      void q.run(INSERT, { id: 1, v: 'again' });
      await q.all('SELECT id FROM t').catch(() => undefined);
      throw new Error('the key was kept by another request');
    });
    await expect(tx).rejects.toThrow(/kept by another request/);
    expect(await ids(db)).toEqual([1]);
    await db.close();
  });

  it('throws the statement’s error when the work wraps it in one of its own', async () => {
    const db = await withTable();
    await db.run(INSERT, { id: 1, v: 'a' });
    const tx = db.transaction(async (q) => {
      await q.run(INSERT, { id: 1, v: 'again' }).catch((err: unknown) => {
        throw new Error('could not keep the row', { cause: err });
      });
    });
    await expect(tx).rejects.toThrow(/unique|duplicate/i);
    await db.close();
  });

  it('fails, and keeps nothing, when a statement it did not wait for fails before reaching the database', async () => {
    const db = await withTable();
    const tx = db.transaction(async (q) => {
      await q.run(INSERT, { id: 1, v: 'the record' });
      // A parameter left out is refused by the adapter itself: PostgreSQL never sees it, so its
      // transaction is not aborted there, and COMMIT must not go out.
      void q.run(INSERT, { id: 2, v: undefined });
    });
    await expect(tx).rejects.toThrow(/not given/);
    expect(await ids(db)).toEqual([]);
    await db.close();
  });

  it('refuses a statement issued after the work failed, instead of running it outside the transaction', async () => {
    const db = await withTable();
    let release: () => void = () => undefined;
    const go = new Promise<void>((resolve) => (release = resolve));
    let straggler: Promise<unknown> = Promise.resolve();
    const tx = db.transaction(async (q) => {
      await q.run(INSERT, { id: 1, v: 'the record' });
      // One branch still running when another fails (the shape of a record's statements issued together).
      straggler = (async () => {
        await go;
        await q.run(INSERT, { id: 2, v: 'late' });
      })();
      await Promise.all([straggler, Promise.reject(new Error('boom'))]);
    });
    await expect(tx).rejects.toThrow(/boom/);
    release();
    await expect(straggler).rejects.toThrow(/after its transaction ended/);
    expect(await ids(db)).toEqual([]);
    await db.close();
  });

  it('commits or fails each transaction of one group alone, though they are asked for together', async () => {
    const db = await withTable();
    const group = { group: 'one person' };
    const asked = [
      db.transaction((q) => q.run(INSERT, { id: 1, v: 'a' }), group),
      db.transaction((q) => q.run(INSERT, { id: 2, v: 'b' }), group),
      db.transaction((q) => q.run(INSERT, { id: 1, v: 'again' }), group),
      db.transaction(async (q) => {
        await q.run(INSERT, { id: 4, v: 'd' });
        throw new Error('the key was kept by another request');
      }, group),
      db.transaction(async (q) => {
        void q.run(INSERT, { id: 5, v: 'e' });
        void q.run(INSERT, { id: 6, v: null });
      }, group),
      db.transaction((q) => q.run(INSERT, { id: 7, v: 'g' }), group),
    ];
    const settled = await Promise.allSettled(asked);
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected', 'fulfilled']);
    expect((settled[2] as PromiseRejectedResult).reason).toMatchObject({ message: expect.stringMatching(/unique|duplicate/i) });
    expect((settled[3] as PromiseRejectedResult).reason).toMatchObject({ message: 'the key was kept by another request' });
    expect((settled[4] as PromiseRejectedResult).reason).toMatchObject({ message: expect.stringMatching(/null|NOT NULL/i) });
    expect(await ids(db)).toEqual([1, 2, 7]);
    await db.close();
  });

  it('answers statements issued together, each with its own result, in order', async () => {
    const db = await withTable();
    const results = await db.transaction((q) =>
      Promise.all([
        q.run(INSERT, { id: 1, v: 'a' }),
        q.run(INSERT, { id: 2, v: 'b' }),
        q.one('SELECT COUNT(*) AS n FROM t'),
        q.run('UPDATE t SET v = :v WHERE id > :id', { v: 'c', id: 0 }),
        q.all('SELECT id, v FROM t ORDER BY id'),
      ]),
    );
    expect(results[0]).toBe(1);
    expect(Number(results[2]?.n)).toBe(2);
    expect(results[3]).toBe(2);
    expect(results[4]).toEqual([
      { id: 1, v: 'c' },
      { id: 2, v: 'c' },
    ]);
    await db.close();
  });
}

describe('sqlite transactions', () => {
  describeTransactions(async () => sqliteDatabase(new DatabaseSync(':memory:')));
});

describePostgres('postgres transactions', problem, () => {
  describeTransactions(async () => postgresDatabase(createPool((await (schemas as TestSchemas).create()).url, 2)));

  it('runs the transactions that wait for one of their group together, in one transaction after it, in the order asked', async () => {
    const db = postgresDatabase(createPool((await (schemas as TestSchemas).create()).url, 4));
    await db.run('CREATE TABLE g (n SERIAL PRIMARY KEY, who TEXT NOT NULL, xid BIGINT NOT NULL)');
    const write = (who: string) => async (q: Queryable) => {
      await q.run('INSERT INTO g (who, xid) VALUES (:who, txid_current())', { who });
    };
    const held = Promise.withResolvers<void>();
    const first = db.transaction(async (q) => {
      await write('first')(q);
      await held.promise;
    }, { group: 'p' });
    // Asked for while the first runs: they wait for it, and then share one transaction.
    const waiting = ['second', 'third', 'fourth'].map((who) => db.transaction(write(who), { group: 'p' }));
    // Another group does not wait.
    await db.transaction(write('other person'), { group: 'q' });
    held.resolve();
    await Promise.all([first, ...waiting]);
    const rows = await db.all('SELECT who, xid FROM g ORDER BY n');
    expect(rows.map((r) => r.who).filter((who) => who !== 'other person')).toEqual(['first', 'second', 'third', 'fourth']);
    const xid = Object.fromEntries(rows.map((r) => [String(r.who), Number(r.xid)]));
    expect(new Set([xid.second, xid.third, xid.fourth]).size).toBe(1);
    expect(new Set([xid.first, xid.second, xid['other person']]).size).toBe(3);
    // The group is over: the next one runs at once, in a transaction of its own.
    await db.transaction(write('later'), { group: 'p' });
    expect(Number((await db.one("SELECT xid FROM g WHERE who = 'later'"))?.xid)).not.toBe(xid.second);
    await db.close();
  });

  it("fails every transaction of a group whose shared transaction fails, and the group goes on after it", async () => {
    const db = postgresDatabase(createPool((await (schemas as TestSchemas).create()).url, 4));
    await db.run('CREATE TABLE d (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES d (id) DEFERRABLE INITIALLY DEFERRED)');
    const held = Promise.withResolvers<void>();
    const first = db.transaction(async (q) => {
      await q.run('INSERT INTO d (id) VALUES (1)');
      await held.promise;
    }, { group: 'p' });
    // The second's row breaks a deferred constraint: only the shared COMMIT finds out, so the third fails with it.
    const second = db.transaction((q) => q.run('INSERT INTO d (id, parent) VALUES (2, 99)'), { group: 'p' });
    const third = db.transaction((q) => q.run('INSERT INTO d (id) VALUES (3)'), { group: 'p' });
    held.resolve();
    await first;
    await expect(second).rejects.toThrow(/foreign key/i);
    await expect(third).rejects.toThrow(/foreign key/i);
    await db.transaction((q) => q.run('INSERT INTO d (id) VALUES (4)'), { group: 'p' });
    expect((await db.all('SELECT id FROM d ORDER BY id')).map((r) => Number(r.id))).toEqual([1, 4]);
    await db.close();
  });

  it('pipelines its connections', async () => {
    const db = postgresDatabase(createPool((await (schemas as TestSchemas).create()).url, 2));
    const client = await db.pool.connect();
    try {
      expect(client.pipeline).toBe(true);
    } finally {
      client.release();
      await db.close();
    }
  });
});
