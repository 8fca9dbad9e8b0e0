// The JSON shape of an event for registers and operators. Personal data is not in it: the event's
// content stays with the register that sent it and, for DMS, in the signed message.
import type { AuditEntry } from '../../store/audit.ts';
import type { EventDetails, StoredEvent } from '../../store/events.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function eventSummary(e: StoredEvent) {
  return { id: e.id, eventId: e.registerEventId, type: e.type, status: e.status, sandbox: e.sandbox, receivedAt: iso(e.receivedAt), warnings: e.warnings };
}

/** `forOperator` adds what only operators see: DMS's answer excerpts per attempt and the audit log. */
export function eventView(e: EventDetails & { registerCode?: string }, audit?: AuditEntry[], forOperator = false) {
  const d = e.delivery;
  return {
    ...eventSummary(e),
    ...(e.registerCode ? { registerCode: e.registerCode } : {}),
    occurredAt: e.occurredAt,
    ...(e.noticeId ? { noticeId: e.noticeId } : {}),
    ...(e.status === 'blocked' && d.waitingFor
      ? {
          blockedBy: {
            ...d.waitingFor,
            reason: `an earlier event of the same person${d.waitingFor.eventId ? '' : ' (from another register)'} is ${d.waitingFor.status}; an operator must retry or cancel it`,
          },
        }
      : {}),
    delivery: {
      messageId: d.messageId,
      contract: d.contract,
      attempts: d.attempts,
      nextAttemptAt: iso(d.nextAttemptAt),
      waitingFor: d.waitingFor,
      finishedAt: iso(d.finishedAt),
      lastError: d.lastError,
      cancelReason: d.cancelReason,
    },
    receipt: d.receipt,
    rejection: d.rejection,
    outcome: e.outcome
      ? {
          kind: e.outcome.kind,
          receiptNumber: e.outcome.receiptNumber,
          ...(e.outcome.kind === 'registered' ? { recordRef: e.outcome.recordRef } : { code: e.outcome.code, reason: e.outcome.reason }),
          decidedAt: e.outcome.decidedAt,
          receivedAt: iso(e.outcome.receivedAt),
        }
      : null,
    attempts: e.attempts.map((a) => ({
      number: a.number,
      startedAt: iso(a.startedAt),
      durationMs: a.durationMs,
      outcome: a.outcome,
      httpStatus: a.httpStatus,
      errorClass: a.errorClass,
      detail: a.detail,
      messageId: a.messageId,
      contract: a.contract,
      ...(forOperator ? { responseExcerpt: a.responseExcerpt } : {}),
    })),
    ...(audit ? { audit: audit.map((a) => ({ ...a, at: iso(a.at) })) } : {}),
  };
}
