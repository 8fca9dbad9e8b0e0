// A large backlog written straight into a store, fast: hundreds of events per multi-row INSERT and
// tens of thousands per transaction, through the store's own database seam, each payload sealed under
// the store's data key as ingest seals it. The caller makes the rows (statuses, times, queue heads), so
// the soak's pending backlog and the operator queries' mostly finished log are written the same way.
// The dashboard's counters (migration 0016) follow from the database's triggers, as for any writer.
import type { DeliveryStatus } from '../../src/delivery/model/status.ts';
import { ENCRYPTED } from '../../src/store/crypto/encrypted-columns.ts';
import type { Dialect, Queryable } from '../../src/store/db/database.ts';
import type { Store } from '../../src/store/open-store.ts';

export interface SeedRow {
  id: string;
  registerId: string;
  registerEventId: string;
  type: string;
  occurredAt: string;
  occurredAtMs: number;
  personKey: string;
  /** The event as JSON, in clear: sealed here. */
  payload: string;
  receivedAt: number;
  delivery: {
    id: string;
    messageId: string;
    contract: string;
    status: DeliveryStatus;
    attempts: number;
    nextAttemptAt: number | null;
    finishedAt: number | null;
    /** First unsettled delivery of its person (see store/sql/person-order.ts): the caller knows its people. */
    queueHead: boolean;
    /** DMS's final outcome for a delivered message, received when it finished. */
    outcome?: 'registered' | 'refused';
  };
}

/**
 * Rows per INSERT. PostgreSQL: 500 (one round trip for many, well under its 65,535 parameters).
 * SQLite: one, its prepared statement reused, in-process with no round trip (a 500-row statement
 * measured three times slower per row).
 */
const ROWS_PER_INSERT: Record<Dialect, number> = { sqlite: 1, postgres: 500 };
const PER_TRANSACTION = 20_000;

const EVENT_COLUMNS = ['id', 'register_id', 'register_event_id', 'type', 'occurred_at', 'person_key', 'content_hash', 'payload', 'warnings', 'received_at'];
const OUTCOME_COLUMNS = ['outcome_id', 'message_id', 'event_id', 'kind', 'receipt_number', 'record_ref', 'refusal_code', 'refusal_reason', 'decided_at', 'received_at'];
const DELIVERY_COLUMNS = ['id', 'event_id', 'contract', 'message_id', 'person_key', 'occurred_at_ms', 'status', 'attempts', 'next_attempt_at', 'created_at', 'updated_at', 'finished_at', 'queue_head'];

/** `INSERT … VALUES (:c_0, …), (:c_1, …)`: one named parameter per column and row. */
const insertSql = (table: string, columns: readonly string[], rows: number): string =>
  `INSERT INTO ${table} (${columns.join(', ')}) VALUES\n${Array.from({ length: rows }, (_, i) => `(${columns.map((c) => `:${c}_${i}`).join(', ')})`).join(',\n')}`;

function params(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  rows.forEach((row, i) => columns.forEach((c) => (out[`${c}_${i}`] = row[c])));
  return out;
}

/**
 * Writes `count` rows made by `make(i)`. SQLite numbers arrival (seq) itself, after the highest there;
 * PostgreSQL takes it from the column's identity, as ingest does. Returns the seconds it took.
 */
export async function seedBacklog(store: Store, count: number, make: (i: number) => SeedRow, progress: (written: number) => void = () => undefined): Promise<number> {
  const started = performance.now();
  const sqlite = store.db.dialect === 'sqlite';
  const perInsert = ROWS_PER_INSERT[store.db.dialect];
  const deliveryColumns = sqlite ? [...DELIVERY_COLUMNS, 'seq'] : DELIVERY_COLUMNS;
  let seq = sqlite ? Number((await store.db.one('SELECT COALESCE(MAX(seq), 0) AS seq FROM deliveries'))?.seq ?? 0) : 0;
  const writeStatement = async (tx: Queryable, from: number, to: number) => {
    const rows = Array.from({ length: to - from }, (_, k) => make(from + k));
    const events = rows.map((r) => ({
      id: r.id,
      register_id: r.registerId,
      register_event_id: r.registerEventId,
      type: r.type,
      occurred_at: r.occurredAt,
      person_key: r.personKey,
      content_hash: 'seed',
      payload: store.fields.seal(ENCRYPTED.eventPayload, [r.id], r.payload),
      warnings: '[]',
      received_at: r.receivedAt,
    }));
    const deliveries = rows.map((r) => ({
      id: r.delivery.id,
      event_id: r.id,
      contract: r.delivery.contract,
      message_id: r.delivery.messageId,
      person_key: r.personKey,
      occurred_at_ms: r.occurredAtMs,
      status: r.delivery.status,
      attempts: r.delivery.attempts,
      next_attempt_at: r.delivery.nextAttemptAt,
      created_at: r.receivedAt,
      updated_at: r.delivery.finishedAt ?? r.receivedAt,
      finished_at: r.delivery.finishedAt,
      queue_head: r.delivery.queueHead ? 1 : 0,
      seq: ++seq,
    }));
    await tx.run(insertSql('events', EVENT_COLUMNS, rows.length), params(EVENT_COLUMNS, events));
    await tx.run(insertSql('deliveries', deliveryColumns, rows.length), params(deliveryColumns, deliveries));
    const outcomes = rows
      .filter((r) => r.delivery.outcome !== undefined)
      .map((r) => ({
        outcome_id: `o-${r.delivery.messageId}`,
        message_id: r.delivery.messageId,
        event_id: r.id,
        kind: r.delivery.outcome,
        receipt_number: 'R',
        record_ref: r.delivery.outcome === 'registered' ? 'EDDR' : null,
        refusal_code: r.delivery.outcome === 'refused' ? 'RECORD_CONFLICT' : null,
        refusal_reason: r.delivery.outcome === 'refused' ? store.fields.seal(ENCRYPTED.outcomeReason, [`o-${r.delivery.messageId}`], 'refused') : null,
        decided_at: '2026-11-23T12:00:00+02:00',
        received_at: r.delivery.finishedAt ?? r.receivedAt,
      }));
    // one statement per row on SQLite too (a prepared statement per count would be made otherwise)
    for (let k = 0; k < outcomes.length; k += perInsert) {
      const part = outcomes.slice(k, k + perInsert);
      await tx.run(insertSql('outcomes', OUTCOME_COLUMNS, part.length), params(OUTCOME_COLUMNS, part));
    }
  };
  for (let from = 0; from < count; from += PER_TRANSACTION) {
    const to = Math.min(count, from + PER_TRANSACTION);
    await store.db.transaction(async (tx) => {
      for (let at = from; at < to; at += perInsert) await writeStatement(tx, at, Math.min(to, at + perInsert));
    });
    progress(to);
  }
  return (performance.now() - started) / 1000;
}
