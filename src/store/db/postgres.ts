// PostgreSQL, for several gateway instances on one database: a pool, and each transaction on one
// client of it. BIGINT (int8) columns come back as numbers: they hold milliseconds since the epoch,
// counts and sequence numbers, all far below 2^53. Every commit waits for its WAL flush
// (synchronous_commit=on), whatever the server's default, so an event is durable before its 202.
// JIT is off: the gateway's statements are short and stop at a LIMIT, but their plans' costs, counted
// as if every row were read, pass jit_above_cost — compiling them took 100–500 ms for a page read in
// 30 ms (the status filter at a million events).
// The pool's connections pipeline (pg's `pipeline`): statements a caller issues together (Promise.all)
// go out at once and the server runs them in order, one round trip for the lot instead of one each.
import pg from 'pg';
import { bindValues, runInSavepoints, settle, statementCache, transactionStatements, type Database, type GroupedWork, type Params, type Queryable, type Row, type WorkOutcome } from './database.ts';
import { migratePostgres } from './migrate-postgres.ts';
import { withClient } from './pg-client.ts';

const INT8 = 20;
// deadlock_detected, serialization_failure, lock_not_available
const LOCK_LOST = new Set(['40P01', '40001', '55P03']);
const lostToALock = (outcome: WorkOutcome): boolean => !outcome.ok && LOCK_LOST.has(String((outcome.error as { code?: unknown } | null)?.code));
const PREPARABLE = /^(?![\s\S]*(?:SELECT|RETURNING|\w\.)\s*\*)/i;

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** Sets synchronous_commit=on and jit=off at connection start, beside any options the URL carries. */
function withSessionSettings(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const options = url.searchParams.get('options');
  url.searchParams.set('options', `${options ? `${options} ` : ''}-c synchronous_commit=on -c jit=off`);
  return url.toString();
}

export function createPool(databaseUrl: string, size: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: withSessionSettings(databaseUrl), max: size, types, application_name: 'rtg-gateway', pipeline: true });
  // An idle client that loses its connection (server restart, failover) must not crash the process:
  // the pool drops it and the next query opens a new one.
  pool.on('error', () => undefined);
  return pool;
}

/** One connection outside the pool (LISTEN), configured like the pool's. */
export function createClient(databaseUrl: string): pg.Client {
  return new pg.Client({ connectionString: withSessionSettings(databaseUrl), types, application_name: 'rtg-gateway' });
}

export interface PostgresDatabase extends Database {
  readonly dialect: 'postgres';
  readonly pool: pg.Pool;
}

export async function openPostgres(databaseUrl: string, poolSize: number): Promise<PostgresDatabase> {
  const pool = createPool(databaseUrl, poolSize);
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return postgresDatabase(pool);
}

export function postgresDatabase(pool: pg.Pool): PostgresDatabase {
  const compile = statementCache('$');
  /** Whether each compiled statement may be prepared, tested once per statement, not on every call. */
  const preparable = new Map<string, boolean>();
  const on = (client: pg.Pool | pg.PoolClient): Queryable => {
    const query = (sql: string, params: Params = {}) => {
      const compiled = compile(sql);
      const values = bindValues(compiled, params);
      let prepare = preparable.get(compiled.id);
      if (prepare === undefined) preparable.set(compiled.id, (prepare = PREPARABLE.test(compiled.text)));
      // Prepared once per connection (parsed and planned once, not on every call); not a `*` list,
      // whose cached plan a migration adding a column would break on connections already open.
      return prepare ? client.query({ name: compiled.id, text: compiled.text, values }) : client.query(compiled.text, values);
    };
    return {
      dialect: 'postgres',
      all: async (sql, params) => (await query(sql, params)).rows as Row[],
      one: async (sql, params) => (await query(sql, params)).rows[0] as Row | undefined,
      run: async (sql, params) => (await query(sql, params)).rowCount ?? 0,
    };
  };
  /** A transaction on a pooled connection: `body` gets the connection, COMMIT after it, ROLLBACK when it throws. */
  const inTransaction = <T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> =>
    withClient(pool, async (client, broken) => {
      try {
        const result = await body(client);
        if ((await client.query('COMMIT')).command !== 'COMMIT') throw new Error('PostgreSQL rolled the transaction back at its COMMIT');
        return result;
      } catch (err) {
        // A connection that cannot even roll back is closed, not handed out again.
        await client.query('ROLLBACK').catch(broken);
        throw err;
      }
    });

  // BEGIN goes out with the transaction's first statement, not a round trip ahead of it: on a
  // pipelined connection the server runs them in order. COMMIT goes out only once every statement
  // the work issued (awaited or not) has succeeded: a statement that failed in the client, never
  // reaching the server, would not have aborted the transaction there.
  const alone = <T>(work: (tx: Queryable) => Promise<T>): Promise<T> =>
    inTransaction(async (client) => {
      const statements = transactionStatements(on(client));
      statements.keep(client.query('BEGIN'));
      try {
        const result = await work(statements.tx);
        statements.close();
        await statements.allSucceeded();
        return result;
      } catch (err) {
        statements.close();
        throw await statements.cause(err);
      }
    });

  /**
   * Several transactions of one group in one, each in its savepoint; the group fails whole only when
   * the transaction itself does. An item chosen as a deadlock's victim runs again alone after the
   * commit: the group holds the rows all its items wrote (their idempotency keys, their event ids),
   * which one of them alone would not have held while it waited for another transaction's.
   */
  const together = async (items: GroupedWork[]): Promise<void> => {
    let outcomes: WorkOutcome[];
    try {
      outcomes = await inTransaction(async (client) => {
        const begun = client.query('BEGIN');
        begun.catch(() => undefined);
        const done = await runInSavepoints(items, on(client), (sql) => client.query(sql));
        await begun;
        return done;
      });
    } catch (err) {
      for (const item of items) item.reject(err);
      return;
    }
    const again: GroupedWork[] = [];
    items.forEach((item, i) => (lostToALock(outcomes[i]!) ? again.push(item) : settle(item, outcomes[i]!)));
    for (const item of again) await alone(item.work).then(item.resolve, item.reject);
  };

  // The groups with a transaction running in this process, and the transactions waiting for it. At
  // most GROUP_LIMIT go in one transaction: its statements run one after another on one connection,
  // and the last of a long queue should not wait behind all the others' round trips.
  const groups = new Map<string, GroupedWork[]>();
  const GROUP_LIMIT = 64;
  const nextOfGroup = (group: string): void => {
    const waiting = groups.get(group) ?? [];
    if (waiting.length === 0) {
      groups.delete(group);
      return;
    }
    void together(waiting.splice(0, GROUP_LIMIT)).then(() => nextOfGroup(group));
  };
  const grouped = <T>(group: string, work: (tx: Queryable) => Promise<T>): Promise<T> => {
    const waiting = groups.get(group);
    if (waiting) return new Promise<T>((resolve, reject) => waiting.push({ work, resolve: resolve as (value: unknown) => void, reject }));
    groups.set(group, []);
    const first = alone(work);
    first.then(
      () => nextOfGroup(group),
      () => nextOfGroup(group),
    );
    return first;
  };

  return {
    ...on(pool),
    dialect: 'postgres',
    pool,
    transaction: (work, options) => (options?.group === undefined ? alone(work) : grouped(options.group, work)),
    close: async () => {
      if (!pool.ended) await pool.end();
    },
  };
}
