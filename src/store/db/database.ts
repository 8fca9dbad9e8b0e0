// The one seam between the store's modules and a database driver: statements with named
// parameters (`:eventId`, written once in the SQL), rows back, transactions, and the dialect for the
// few statements that must differ. One adapter per driver: sqlite.ts (node:sqlite), postgres.ts (pg).

export type Dialect = 'sqlite' | 'postgres';
export type Row = Record<string, unknown>;
export type Params = object;

/** Runs statements: the database itself, or one transaction of it. */
export interface Queryable {
  readonly dialect: Dialect;
  all(sql: string, params?: Params): Promise<Row[]>;
  one(sql: string, params?: Params): Promise<Row | undefined>;
  /** How many rows the statement changed. */
  run(sql: string, params?: Params): Promise<number>;
}

export interface TransactionOptions {
  /**
   * Transactions of one group (a person's queue) asked for while another of the group runs in this
   * process wait for it, then run together in one transaction, each in its own savepoint: one commit
   * for many where each would wait for the one before (the person's lock is held until its commit).
   * Each still succeeds or fails alone. SQLite needs no group: it commits every transaction that way.
   * A group's work must not ask for another transaction of its own group: that one would wait for it.
   */
  group?: string;
}

export interface Database extends Queryable {
  /**
   * `work` runs on one connection, committed when it resolves and rolled back when it throws. A
   * statement it issued without awaiting it is awaited before the commit: if it failed, so does the
   * transaction (on PostgreSQL's pipelined connection, the last statement and COMMIT share a round trip).
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

export interface CompiledSql {
  /** The statement with numbered placeholders (`?1` for SQLite, `$1` for PostgreSQL). */
  text: string;
  /** The parameter name of each number, in order. */
  names: string[];
}

/** A compiled statement with a name unique in its adapter (PostgreSQL prepares it once per connection under it). */
export interface CachedSql extends CompiledSql {
  id: string;
}

// A named parameter outside string literals; `::` (a PostgreSQL cast) and `a:b` are not parameters.
const PARAMETER = /'(?:[^']|'')*'|(?<![:\w]):([A-Za-z_]\w*)/g;

/** Numbers the named parameters of `sql`: each name gets one number, however often it appears. */
export function compileNamed(sql: string, prefix: '?' | '$'): CompiledSql {
  const names: string[] = [];
  const text = sql.replace(PARAMETER, (match, name: string | undefined) => {
    if (name === undefined) return match;
    let index = names.indexOf(name);
    if (index < 0) index = names.push(name) - 1;
    return `${prefix}${index + 1}`;
  });
  return { text, names };
}

/** The values in placeholder order; a name the caller did not give is a bug, not a NULL. */
export function bindValues(compiled: CompiledSql, params: Params): unknown[] {
  return compiled.names.map((name) => {
    const value = (params as Record<string, unknown>)[name];
    if (value === undefined) throw new Error(`SQL parameter :${name} was not given`);
    return value;
  });
}

/** Compiles each statement once per adapter. */
export function statementCache(prefix: '?' | '$'): (sql: string) => CachedSql {
  const cache = new Map<string, CachedSql>();
  return (sql) => {
    let compiled = cache.get(sql);
    if (!compiled) cache.set(sql, (compiled = { ...compileNamed(sql, prefix), id: `rtg_${cache.size + 1}` }));
    return compiled;
  };
}

/** A column that may be NULL, as text or as a number. */
export const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
export const numberOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The statements a transaction's work issues on `tx`, kept so the transaction can wait for every one
 * of them (awaited or not) before it commits. Once `close`d, a statement issued late (by a branch of
 * the work still running after another failed) is refused, not sent on a connection that has rolled
 * back and may serve another transaction by then.
 */
export function transactionStatements(q: Queryable) {
  const issued: Array<Promise<unknown>> = [];
  const failures = new Set<unknown>();
  let open = true;
  const keep = <T>(p: Promise<T>): Promise<T> => {
    issued.push(p);
    p.catch((err: unknown) => failures.add(err));
    return p;
  };
  // A refused statement is not kept: the transaction fails with what failed in it, not with this.
  const issue = <T>(send: () => Promise<T>): Promise<T> => (open ? keep(send()) : Promise.reject(new Error('a statement was issued after its transaction ended')));
  const tx: Queryable = {
    dialect: q.dialect,
    all: (sql, params) => issue(() => q.all(sql, params)),
    one: (sql, params) => issue(() => q.one(sql, params)),
    run: (sql, params) => issue(() => q.run(sql, params)),
  };
  /** `err` is a statement's error, or wraps one (Error.cause, however deep). */
  const causedByStatement = (err: unknown): boolean => {
    for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 10; e = (e as { cause?: unknown }).cause, depth++) if (failures.has(e)) return true;
    return false;
  };
  return {
    tx,
    /** One more to wait for (PostgreSQL's BEGIN, sent with the first statement). */
    keep,
    close: (): void => {
      open = false;
    },
    /** Waits for every statement, in the order issued: the first that failed throws its error. */
    allSucceeded: async (): Promise<void> => {
      for (const p of issued) await p;
    },
    /**
     * Why the transaction failed with `err`, once every statement has settled: the work's own error
     * when neither it nor what it wraps is a statement's (the work decided, as a key already kept does), else the first
     * statement that failed (on PostgreSQL those behind it fail only because the transaction was aborted).
     */
    cause: async (err: unknown): Promise<unknown> => {
      const settled = await Promise.allSettled(issued);
      if (!causedByStatement(err)) return err;
      for (const s of settled) if (s.status === 'rejected') return s.reason as unknown;
      return err;
    },
  };
}

/**
 * Statements issued together (one round trip on PostgreSQL's pipelined connection), waited for all:
 * unlike Promise.all, which rejects at the first failure while the others still run. The first
 * failure, in the order given, is thrown.
 */
export async function allOf(statements: Array<Promise<unknown> | undefined>): Promise<void> {
  const settled = await Promise.allSettled(statements);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
}

/** A transaction committed with others (a group commit): its work, and how its caller hears how it went. */
export interface GroupedWork {
  work: (tx: Queryable) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export type WorkOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Runs each item's work in its own savepoint of the transaction open on `connection`: one that throws
 * (or whose statement fails) is rolled back alone and its outcome is its error. `control` sends a
 * savepoint command; those not waited for on the way (each SAVEPOINT goes out with its item's first
 * statements, each RELEASE with the next item's) are waited for at the end, and one that failed
 * throws: the whole group then fails.
 */
export async function runInSavepoints(items: GroupedWork[], connection: Queryable, control: (sql: string) => Promise<unknown>): Promise<WorkOutcome[]> {
  const outcomes: WorkOutcome[] = [];
  const released: Array<Promise<unknown>> = [];
  const send = (sql: string): Promise<unknown> => {
    const sent = control(sql);
    released.push(sent);
    sent.catch(() => undefined);
    return sent;
  };
  for (const item of items) {
    const statements = transactionStatements(connection);
    statements.keep(control('SAVEPOINT item'));
    try {
      const value = await item.work(statements.tx);
      statements.close();
      await statements.allSucceeded();
      void send('RELEASE item');
      outcomes.push({ ok: true, value });
    } catch (error) {
      statements.close();
      const cause = await statements.cause(error);
      await control('ROLLBACK TO item');
      void send('RELEASE item');
      outcomes.push({ ok: false, error: cause });
    }
  }
  for (const sent of released) await sent;
  return outcomes;
}

/** Tells an item of a committed group how its own work went. */
export function settle(item: GroupedWork, outcome: WorkOutcome): void {
  if (outcome.ok) item.resolve(outcome.value);
  else item.reject(outcome.error);
}
