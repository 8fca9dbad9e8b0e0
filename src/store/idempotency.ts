// Idempotency keys of POST /v1/events: the first request with a key runs, a repeat replays its
// answer. What a known key means is decided in ingest/idempotency-rules.ts.
import { judgeKnownKey, type KeyRecord, type StoredResponse } from '../ingest/idempotency-rules.ts';
import { ENCRYPTED } from './crypto/encrypted-columns.ts';
import type { FieldCipher } from './crypto/field-cipher.ts';
import { numberOrNull, type Database, type Dialect, type Queryable, type Row } from './db/database.ts';

export type { StoredResponse } from '../ingest/idempotency-rules.ts';

/** How a request with an Idempotency-Key went: it ran (its answer kept with what it wrote), or its key answered. */
export type IdempotentOutcome<T> =
  | { kind: 'ran'; value: T }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in_flight' }
  | { kind: 'mismatch' };

export interface IdempotencyScope {
  registerId: string;
  key: string;
}

/**
 * Taken first in the request's transaction and completed at its end, so the key is never seen in
 * flight by anyone else: two instances with the same new key at once, one inserts, the other waits
 * for its commit, inserts nothing and replays its answer.
 */
const INSERT_KEY = `
  INSERT INTO idempotency_keys (register_id, key, request_hash, state, locked_until, created_at)
  VALUES (:registerId, :key, :requestHash, 'in_flight', NULL, :now)
  ON CONFLICT (register_id, key) DO NOTHING`;
/** A known key is examined under its row lock (PostgreSQL; SQLite's writer lock holds the whole transaction). */
const FOR_UPDATE: Record<Dialect, string> = { sqlite: '', postgres: 'FOR UPDATE' };
const keyRecord = (dialect: Dialect): string => `SELECT * FROM idempotency_keys WHERE register_id = :registerId AND key = :key ${FOR_UPDATE[dialect]}`;
const DELETE_KEY = `DELETE FROM idempotency_keys WHERE register_id = :registerId AND key = :key`;
const COMPLETE = `
  UPDATE idempotency_keys
     SET state = 'done', locked_until = NULL, response_status = :status, response_headers = :headers, response_body = :body
   WHERE register_id = :registerId AND key = :key`;
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
  const complete = (tx: Queryable, scope: IdempotencyScope, response: StoredResponse) =>
    tx.run(COMPLETE, { ...scope, ...response, body: fields.seal(ENCRYPTED.idempotentResponse, [scope.registerId, scope.key], response.body), headers: JSON.stringify(response.headers) });
  return {
    /**
     * One transaction: a known key answers from its record (replay, mismatch; in flight only for a
     * record a process left before keys were kept this way); a new one runs `work` and keeps the
     * answer it returns beside what `work` wrote, committed together (one fsync). A `work` that
     * throws rolls it all back: the key stays new, so a retry after a server error runs again.
     */
    async once<T>(
      scope: IdempotencyScope,
      requestHash: string,
      now: number,
      retentionMs: number,
      work: (tx: Queryable) => Promise<{ value: T; response: StoredResponse }>,
    ): Promise<IdempotentOutcome<T>> {
      return db.transaction(async (tx): Promise<IdempotentOutcome<T>> => {
        const fresh = { ...scope, requestHash, now };
        if ((await tx.run(INSERT_KEY, fresh)) === 0) {
          const row = await tx.one(keyRecord(db.dialect), scope);
          const known = judgeKnownKey(row ? toKeyRecord(row, fields) : null, requestHash, now, retentionMs);
          if (known.kind === 'expired') {
            // Gone since (purged) or past retention: the key counts as new.
            if (row) await tx.run(DELETE_KEY, scope);
            if ((await tx.run(INSERT_KEY, fresh)) === 0) return { kind: 'in_flight' };
          } else if (known.kind !== 'take_over') {
            return known;
          }
          // take_over: a record left in flight by a dead process; this request runs in its place.
        }
        const { value, response } = await work(tx);
        await complete(tx, scope, response);
        return { kind: 'ran', value };
      });
    },
    purgeIdempotency: (olderThan: number): Promise<number> => db.run(PURGE, { olderThan }),
  };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
