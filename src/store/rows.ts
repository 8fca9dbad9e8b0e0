// Row → domain object conversions, shared by the SQL stores (column names are the same in both).
import type { Warning } from '../domain/event.ts';
import type { EvidenceEntry, LogRow, ReplayJobRow } from './operations-store.ts';
import type {
  Actor,
  AttemptRecord,
  AuditEntry,
  ClaimedDelivery,
  DeliveryStatus,
  DeliveryView,
  EventStatus,
  Operator,
  OperatorRole,
  Register,
  StoredEvent,
} from './store.ts';

export type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'operator':
      return `operator:${actor.name}`;
    case 'register':
      return `register:${actor.code}`;
    case 'replay':
      return `replay:${actor.jobId} (${actor.requestedBy})`;
    case 'system':
      return 'system';
  }
}

export function toRegister(row: Row): Register {
  return { id: String(row.id), code: String(row.code), name: String(row.name), createdAt: Number(row.created_at) };
}

export function toOperator(row: Row): Operator {
  return { id: String(row.id), name: String(row.name), role: String(row.role) as OperatorRole, createdAt: Number(row.created_at) };
}

export function toStoredEvent(row: Row): StoredEvent {
  return {
    id: String(row.id),
    registerId: String(row.register_id),
    registerEventId: String(row.register_event_id),
    type: String(row.type),
    occurredAt: String(row.occurred_at),
    receivedAt: Number(row.received_at),
    warnings: (typeof row.warnings === 'string' ? JSON.parse(row.warnings) : row.warnings) as Warning[],
    status: String(row.status) as EventStatus,
  };
}

export function toDeliveryView(row: Row): DeliveryView {
  return {
    id: String(row.delivery_id),
    messageId: String(row.message_id),
    contract: String(row.contract),
    status: String(row.delivery_status) as DeliveryStatus,
    waitingFor: row.waiting_for ? { eventId: String(row.waiting_for), status: String(row.waiting_for_status) as DeliveryStatus } : null,
    cancelReason: str(row.cancel_reason),
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

export function toClaimed(row: Row): ClaimedDelivery {
  return {
    id: String(row.id),
    eventId: String(row.event_id),
    messageId: String(row.message_id),
    contract: String(row.contract),
    attempts: Number(row.attempts),
    scheduleBase: Number(row.schedule_base),
    payload: String(row.payload),
    registerCode: String(row.register_code),
    requestXml: str(row.request_xml),
  };
}

export function toAuditEntry(row: Row): AuditEntry {
  return {
    at: Number(row.at),
    actor: String(row.actor),
    action: String(row.action),
    eventId: str(row.event_id),
    reason: str(row.reason),
    detail: row.detail === null || row.detail === undefined ? null : ((typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail) as Record<string, unknown>),
  };
}

export function toLogRow(row: Row): LogRow {
  return {
    id: String(row.id),
    registerEventId: String(row.register_event_id),
    registerCode: String(row.register_code),
    type: String(row.type),
    status: String(row.status) as EventStatus,
    receivedAt: Number(row.received_at),
    occurredAt: String(row.occurred_at),
    attempts: Number(row.attempts),
    nextAttemptAt: num(row.next_attempt_at),
    finishedAt: num(row.finished_at),
    lastError: str(row.last_error),
    receiptNumber: str(row.receipt_number),
  };
}

export function toEvidence(row: Row): EvidenceEntry {
  return {
    id: Number(row.id),
    at: Number(row.at),
    eventId: String(row.event_id),
    messageId: String(row.message_id),
    attempt: Number(row.attempt),
    outcome: String(row.outcome),
    httpStatus: num(row.http_status),
    signer: str(row.signer),
    requestDigest: String(row.request_digest),
    requestBody: str(row.request_body),
    responseDigest: str(row.response_digest),
    responseBody: str(row.response_body),
    prevHash: String(row.prev_hash),
    entryHash: String(row.entry_hash),
    purgedAt: num(row.purged_at),
  };
}

export function toReplayJobRow(row: Row): ReplayJobRow {
  return {
    id: String(row.id),
    state: String(row.state) as ReplayJobRow['state'],
    filter: typeof row.filter === 'string' ? row.filter : JSON.stringify(row.filter),
    reason: String(row.reason),
    createdBy: String(row.created_by),
    createdAt: Number(row.created_at),
    total: Number(row.total),
    processed: Number(row.processed),
    retried: Number(row.retried),
    skipped: Number(row.skipped),
    afterReceived: num(row.after_received),
    afterId: str(row.after_id),
    finishedAt: num(row.finished_at),
  };
}
