// The embedded database: one SQLite file, WAL, fsync on every commit (synchronous=FULL; a group
// commit flushes the WAL off the event loop instead, wal-sync.ts), so an event is on disk before
// its 202 leaves. node:sqlite is synchronous and has one connection, so
// transactions (whose `work` may await) run one at a time through a queue, grouped so that many
// share one commit (one fsync), and so do the statements outside them: none may land inside another caller's open transaction. The queue is per database
// file and process: a second connection to the same file in this process (tests of two instances)
// must not wait for the file lock synchronously while the holder needs this thread to commit.
// Other processes wait for it with busy_timeout.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { bindValues, runInSavepoints, settle, statementCache, type Database, type GroupedWork, type Params, type Queryable, type Row, type WorkOutcome } from './database.ts';
import { migrateSqlite } from './migrate-sqlite.ts';
import { sharedWalSync, type WalSync } from './wal-sync.ts';

export interface SqliteDatabase extends Database {
  readonly dialect: 'sqlite';
  /** The connection itself, for tests and migrations. */
  readonly connection: DatabaseSync;
}

export function openSqlite(dataDir: string, fileName = 'rtg-gateway.sqlite'): SqliteDatabase {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.resolve(dataDir, fileName);
  closeSync(openSync(file, 'a', 0o600)); // made 0600 before SQLite opens it; its -wal and -shm follow its mode
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  // A statement that fires triggers (the dashboard's counters, migration 0016) keeps a statement
  // journal: in memory it costs microseconds, in a temporary file ~30 µs per row written.
  db.exec('PRAGMA temp_store = MEMORY');
  migrateSqlite(db);
  const wal = (db.prepare('PRAGMA journal_mode').get() as { journal_mode?: string } | undefined)?.journal_mode === 'wal';
  return sqliteDatabase(db, file, wal ? sharedWalSync(`${file}-wal`) : undefined);
}

const queues = new Map<string, { tail: Promise<unknown> }>();

/** `wal`: flushes the WAL file after a group commit (without it, COMMIT itself syncs, synchronous=FULL). */
export function sqliteDatabase(db: DatabaseSync, file?: string, wal?: WalSync): SqliteDatabase {
  const compile = statementCache('?');
  const prepared = new Map<string, StatementSync>();
  const bound = (sql: string, params: Params): [StatementSync, SQLInputValue[]] => {
    const compiled = compile(sql);
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = db.prepare(compiled.text)));
    return [statement, bindValues(compiled, params) as SQLInputValue[]];
  };
  const direct: Queryable = {
    dialect: 'sqlite',
    all: async (sql, params = {}) => {
      const [statement, values] = bound(sql, params);
      return statement.all(...values) as Row[];
    },
    one: async (sql, params = {}) => {
      const [statement, values] = bound(sql, params);
      return statement.get(...values) as Row | undefined;
    },
    run: async (sql, params = {}) => {
      const [statement, values] = bound(sql, params);
      return Number(statement.run(...values).changes);
    },
  };

  let queue = file === undefined ? undefined : queues.get(file);
  if (!queue) {
    queue = { tail: Promise.resolve() };
    if (file !== undefined) queues.set(file, queue);
  }
  const line = queue;
  /** Runs `work` after everything queued before it. */
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const turn = line.tail.then(work);
    line.tail = turn.catch(() => undefined);
    return turn;
  };

  /**
   * Group commit: transactions asked for within one turn of the event loop (or while the batch before
   * them held the queue) run one after another inside one BEGIN … COMMIT, so many requests share one
   * fsync. Each runs in its own savepoint: one that throws is rolled back alone and rejects alone; none
   * resolves before the COMMIT and the flush of the WAL after it, so nothing is answered before it is
   * on disk. A failed COMMIT or flush rejects all. The queue is free again right after the COMMIT: the
   * next batch runs while this one's flush is under way (one flush may then cover several batches).
   */
  let pending: GroupedWork[] = [];
  const control = async (sql: string): Promise<void> => db.exec(sql);
  const commitBatch = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    let outcomes: WorkOutcome[];
    let flushed: Promise<void> = Promise.resolve();
    try {
      // NORMAL: COMMIT writes the WAL without syncing it; wal.flushed() syncs it off the event loop.
      // Only here: every other write (and a checkpoint) stays synchronous=FULL.
      if (wal) db.exec('PRAGMA synchronous = NORMAL');
      // IMMEDIATE: take the write lock now, so another process's writer makes us wait, not fail.
      db.exec('BEGIN IMMEDIATE');
      outcomes = await runInSavepoints(batch, direct, control);
      db.exec('COMMIT');
      if (wal) flushed = wal.flushed();
    } catch (err) {
      try {
        if (db.isTransaction) db.exec('ROLLBACK');
      } finally {
        for (const item of batch) item.reject(err);
      }
      return;
    } finally {
      if (wal && db.isOpen) db.exec('PRAGMA synchronous = FULL');
    }
    // Answered after the flush, which the queue does not wait for.
    flushed.then(
      () => batch.forEach((item, i) => settle(item, outcomes[i]!)),
      (err: unknown) => batch.forEach((item) => item.reject(err)),
    );
  };

  return {
    dialect: 'sqlite',
    connection: db,
    all: (sql, params) => exclusive(() => direct.all(sql, params)),
    one: (sql, params) => exclusive(() => direct.one(sql, params)),
    run: (sql, params) => exclusive(() => direct.run(sql, params)),
    transaction: <T>(work: (tx: Queryable) => Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
        // The first of a batch waits one turn (setImmediate), so requests read in the same I/O poll join it.
        if (pending.length === 1) setImmediate(() => void exclusive(commitBatch).catch(() => undefined));
      }),
    close: () =>
      exclusive(async () => {
        await wal?.close();
        if (db.isOpen) db.close();
      }),
  };
}
