// A SQLite connection with the few helpers every statement needs: transactions (BEGIN IMMEDIATE,
// so writers queue instead of failing), and typed get/all/run.
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { Row } from '../rows.ts';

export type Params = SQLInputValue[] | [Record<string, SQLInputValue>];

export class SqliteBase {
  readonly db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  protected tx<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  protected get(sql: string, ...params: Params): Row | undefined {
    return this.db.prepare(sql).get(...(params as SQLInputValue[])) as Row | undefined;
  }

  protected all(sql: string, ...params: Params): Row[] {
    return this.db.prepare(sql).all(...(params as SQLInputValue[])) as Row[];
  }

  protected run(sql: string, ...params: Params): number {
    return Number(this.db.prepare(sql).run(...(params as SQLInputValue[])).changes);
  }
}
