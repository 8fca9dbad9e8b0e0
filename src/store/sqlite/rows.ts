// Row → domain object conversions, shared by the SQL stores (column names are the same in both).
import type { Warning } from '../../domain/event.ts';
import type { AttemptRecord, DeliveryStatus, DeliveryView, StoredEvent } from '../store.ts';

export type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function toStoredEvent(row: Row): StoredEvent {
  return {
    id: String(row.id),
    registerId: String(row.register_id),
    registerEventId: String(row.register_event_id),
    type: String(row.type),
    occurredAt: String(row.occurred_at),
    receivedAt: Number(row.received_at),
    warnings: JSON.parse(String(row.warnings)) as Warning[],
    status: String(row.status) as DeliveryStatus,
  };
}

export function toDeliveryView(row: Row): DeliveryView {
  return {
    id: String(row.delivery_id),
    messageId: String(row.message_id),
    contract: String(row.contract),
    status: String(row.status) as DeliveryStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: num(row.next_attempt_at),
    receipt: row.receipt_number
      ? { number: String(row.receipt_number), status: String(row.receipt_status), registeredAt: String(row.registered_at) }
      : null,
    rejection: row.rejection_code ? { code: String(row.rejection_code), reason: String(row.rejection_reason) } : null,
    lastError: str(row.last_error),
    finishedAt: num(row.finished_at),
  };
}

export function toAttempt(row: Row): AttemptRecord {
  return {
    number: Number(row.number),
    startedAt: Number(row.started_at),
    durationMs: Number(row.duration_ms),
    outcome: String(row.outcome) as AttemptRecord['outcome'],
    httpStatus: num(row.http_status),
    errorClass: str(row.error_class),
    detail: str(row.detail),
    responseExcerpt: str(row.response_excerpt),
  };
}
