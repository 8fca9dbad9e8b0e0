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
import { bindValues, statementCache, transactionStatements, type Database, type Params, type Queryable, type Row } from './database.ts';
import { migratePostgres } from './migrate-postgres.ts';

const INT8 = 20;
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
  return {
    ...on(pool),
    dialect: 'postgres',
    pool,
    transaction: async (work) => {
      const client = await pool.connect();
      let broken = false;
      // A connection lost while checked out: pg emits 'error' on the client, which would otherwise
      // be an uncaught exception. The statements fail, and the client is not handed out again.
      const lost = (): void => {
        broken = true;
      };
      client.on('error', lost);
      // BEGIN goes out with the transaction's first statement, not a round trip ahead of it: on a
      // pipelined connection the server runs them in order. COMMIT goes out only once every
      // statement the work issued (awaited or not) has succeeded: a statement that failed in the
      // client, never reaching the server, would not have aborted the transaction there.
      const statements = transactionStatements(on(client));
      statements.keep(client.query('BEGIN'));
      try {
        const result = await work(statements.tx);
        statements.close();
        await statements.allSucceeded();
        if ((await client.query('COMMIT')).command !== 'COMMIT') throw new Error('PostgreSQL rolled the transaction back at its COMMIT');
        return result;
      } catch (err) {
        statements.close();
        // A connection that cannot even roll back is closed, not handed out again.
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw await statements.cause(err);
      } finally {
        client.off('error', lost);
        client.release(broken);
      }
    },
    close: async () => {
      if (!pool.ended) await pool.end();
    },
  };
}
