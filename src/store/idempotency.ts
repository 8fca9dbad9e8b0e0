// Idempotency keys of POST /v1/events: the first request with a key runs, a repeat replays its
// answer. What a known key means is decided in ingest/idempotency-rules.ts.
import { judgeKnownKey, type KeyRecord, type StoredResponse } from '../ingest/idempotency-rules.ts';
import { ENCRYPTED } from './crypto/encrypted-columns.ts';
import type { FieldCipher } from './crypto/field-cipher.ts';
import { numberOrNull, type Database, type Dialect, type Queryable, type Row, type TransactionOptions } from './db/database.ts';

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
 * Written last in the request's transaction, answer and all, so the key is never seen in flight: of
 * two requests with the same new key at once (two instances), the second's INSERT waits for the
 * first's commit, inserts nothing, and the second's transaction is rolled back and answered from the
 * key. One statement per request (an in-flight row first and its completion last took two, and a
 * round trip more on PostgreSQL).
 */
const INSERT_DONE = `
  INSERT INTO idempotency_keys (register_id, key, request_hash, state, locked_until, created_at, response_status, response_headers, response_body)
  VALUES (:registerId, :key, :requestHash, 'done', NULL, :now, :status, :headers, :body)
  ON CONFLICT (register_id, key) DO NOTHING`;
/** A known key is examined under its row lock (PostgreSQL; SQLite's writer lock holds the whole transaction). */
const FOR_UPDATE: Record<Dialect, string> = { sqlite: '', postgres: 'FOR UPDATE' };
const keyRecord = (dialect: Dialect): string => `SELECT * FROM idempotency_keys WHERE register_id = :registerId AND key = :key ${FOR_UPDATE[dialect]}`;
const DELETE_KEY = `DELETE FROM idempotency_keys WHERE register_id = :registerId AND key = :key`;
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

/** The key was kept by another request meanwhile: this one's writes are rolled back, the key answers. */
class KeyTaken extends Error {}

export function createIdempotency(db: Database, fields: FieldCipher) {
  const keep = (tx: Queryable, scope: IdempotencyScope, requestHash: string, now: number, response: StoredResponse) =>
    tx.run(INSERT_DONE, {
      ...scope,
      requestHash,
      now,
      status: response.status,
      headers: JSON.stringify(response.headers),
      body: fields.seal(ENCRYPTED.idempotentResponse, [scope.registerId, scope.key], response.body),
    });
  return {
    /**
     * A new key runs `work` and keeps the answer it returns beside what `work` wrote, committed
     * together (one fsync). A known key answers from its record (replay, mismatch; in flight only for
     * a record a process left before keys were kept this way): found when keeping it fails, after
     * which `work`'s writes are rolled back. A `work` that throws rolls it all back: the key stays
     * new, so a retry after a server error runs again. `work` may run twice (its first writes undone).
     * `options`: the transactions' group (an event's ingest: its person's queue).
     */
    async once<T>(
      scope: IdempotencyScope,
      requestHash: string,
      now: number,
      retentionMs: number,
      work: (tx: Queryable) => Promise<{ value: T; response: StoredResponse }>,
      options?: TransactionOptions,
    ): Promise<IdempotentOutcome<T>> {
      const runAndKeep = async (tx: Queryable): Promise<IdempotentOutcome<T>> => {
        const { value, response } = await work(tx);
        if ((await keep(tx, scope, requestHash, now, response)) === 0) throw new KeyTaken();
        return { kind: 'ran', value };
      };
      try {
        return await db.transaction(runAndKeep, options);
      } catch (err) {
        if (!(err instanceof KeyTaken)) throw err;
      }
      try {
        return await db.transaction(async (tx): Promise<IdempotentOutcome<T>> => {
          const row = await tx.one(keyRecord(db.dialect), scope);
          const known = judgeKnownKey(row ? toKeyRecord(row, fields) : null, requestHash, now, retentionMs);
          if (known.kind !== 'expired' && known.kind !== 'take_over') return known;
          // Past retention or purged (the key counts as new), or left in flight by a dead process
          // (this request runs in its place).
          if (row) await tx.run(DELETE_KEY, scope);
          return runAndKeep(tx);
        }, options);
      } catch (err) {
        // Kept again by another request in the meantime: it is running or has just finished.
        if (err instanceof KeyTaken) return { kind: 'in_flight' };
        throw err;
      }
    },
    purgeIdempotency: (olderThan: number): Promise<number> => db.run(PURGE, { olderThan }),
  };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
