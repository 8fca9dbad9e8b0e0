// Idempotency keys of POST /v1/events: the first request with a key runs, a repeat replays its
// answer. What a known key means is decided in ingest/idempotency-rules.ts.
import { judgeKnownKey, type KeyRecord, type StoredResponse } from '../ingest/idempotency-rules.ts';
import { ENCRYPTED } from './crypto/encrypted-columns.ts';
import type { FieldCipher } from './crypto/field-cipher.ts';
import { numberOrNull, type Database, type Dialect, type Params, type Row } from './db/database.ts';

export type { StoredResponse } from '../ingest/idempotency-rules.ts';

export type IdempotencyBegin =
  | { kind: 'started' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in_flight' }
  | { kind: 'mismatch' };

export interface IdempotencyScope {
  registerId: string;
  key: string;
}

/** Two instances with the same new key at once: one inserts, the other waits for it and inserts nothing. */
const INSERT_KEY = `
  INSERT INTO idempotency_keys (register_id, key, request_hash, state, locked_until, created_at)
  VALUES (:registerId, :key, :requestHash, 'in_flight', :lockedUntil, :now)
  ON CONFLICT (register_id, key) DO NOTHING`;
/** A known key is examined under its row lock (PostgreSQL; SQLite's writer lock holds the whole transaction). */
const FOR_UPDATE: Record<Dialect, string> = { sqlite: '', postgres: 'FOR UPDATE' };
const keyRecord = (dialect: Dialect): string => `SELECT * FROM idempotency_keys WHERE register_id = :registerId AND key = :key ${FOR_UPDATE[dialect]}`;
const DELETE_KEY = `DELETE FROM idempotency_keys WHERE register_id = :registerId AND key = :key`;
const TAKE_OVER = `UPDATE idempotency_keys SET locked_until = :lockedUntil WHERE register_id = :registerId AND key = :key`;
const COMPLETE = `
  UPDATE idempotency_keys
     SET state = 'done', locked_until = NULL, response_status = :status, response_headers = :headers, response_body = :body
   WHERE register_id = :registerId AND key = :key`;
const ABANDON = `DELETE FROM idempotency_keys WHERE register_id = :registerId AND key = :key AND state = 'in_flight'`;
/** Past retention a key is gone whatever its state: an in-flight one that old belonged to a dead process. */
const PURGE = `DELETE FROM idempotency_keys WHERE created_at < :olderThan`;

function toKeyRecord(row: Row, fields: FieldCipher): KeyRecord {
  const done = row.state === 'done';
  return {
    requestHash: String(row.request_hash),
    state: done ? 'done' : 'in_flight',
    createdAt: Number(row.created_at),
    lockedUntil: numberOrNull(row.locked_until),
    response: done
      ? { status: Number(row.response_status), headers: JSON.parse(String(row.response_headers)) as Record<string, string>, body: String(fields.open(ENCRYPTED.idempotentResponse, [String(row.register_id), String(row.key)], row.response_body)) }
      : null,
  };
}

export function createIdempotency(db: Database, fields: FieldCipher) {
  /**
   * One write as a transaction: on SQLite it then joins the group commit (one fsync for the requests
   * of a turn) instead of an autocommit of its own, which took an fsync on the event loop per request.
   * PostgreSQL already flushes concurrent commits together; a BEGIN/COMMIT would only add round trips.
   */
  const write = (sql: string, params: Params): Promise<number> => (db.dialect === 'sqlite' ? db.transaction((tx) => tx.run(sql, params)) : db.run(sql, params));
  return {
    async beginIdempotency(scope: IdempotencyScope, requestHash: string, now: number, lockMs: number, retentionMs: number): Promise<IdempotencyBegin> {
      const fresh = { ...scope, requestHash, lockedUntil: now + lockMs, now };
      // A new key (the usual case) is one statement.
      if ((await write(INSERT_KEY, fresh)) === 1) return { kind: 'started' };
      return db.transaction(async (tx): Promise<IdempotencyBegin> => {
        const row = await tx.one(keyRecord(db.dialect), scope);
        const known = judgeKnownKey(row ? toKeyRecord(row, fields) : null, requestHash, now, retentionMs);
        switch (known.kind) {
          case 'expired': {
            // Gone since (abandoned, purged) or past retention: the key counts as new.
            if (row) await tx.run(DELETE_KEY, scope);
            return (await tx.run(INSERT_KEY, fresh)) === 1 ? { kind: 'started' } : { kind: 'in_flight' };
          }
          case 'take_over':
            await tx.run(TAKE_OVER, fresh);
            return { kind: 'started' };
          default:
            return known;
        }
      });
    },

    async completeIdempotency(scope: IdempotencyScope, response: StoredResponse): Promise<void> {
      const body = fields.seal(ENCRYPTED.idempotentResponse, [scope.registerId, scope.key], response.body);
      await write(COMPLETE, { ...scope, ...response, body, headers: JSON.stringify(response.headers) });
    },

    async abandonIdempotency(scope: IdempotencyScope): Promise<void> {
      await write(ABANDON, scope);
    },

    purgeIdempotency: (olderThan: number): Promise<number> => db.run(PURGE, { olderThan }),
  };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
