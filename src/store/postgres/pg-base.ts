// A pool with the few helpers every statement needs: transactions on one pooled connection, and
// typed all/one/run that work on the pool or on that connection.
import type pg from 'pg';
import type { Row } from '../rows.ts';

export type Db = pg.Pool | pg.PoolClient;

export async function all(db: Db, sql: string, params: unknown[] = []): Promise<Row[]> {
  return (await db.query(sql, params)).rows as Row[];
}

export async function one(db: Db, sql: string, params: unknown[] = []): Promise<Row | undefined> {
  return (await all(db, sql, params))[0];
}

/** How many rows the statement changed. */
export async function run(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  return (await db.query(sql, params)).rowCount ?? 0;
}

export class PgBase {
  readonly pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  protected async tx<T>(work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      // A connection that cannot even roll back is closed, not handed out again.
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }
}
