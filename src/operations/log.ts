// Reading the delivery log: lists with filters, one event, its message and DMS's answers.
import type { Principal } from '../auth/principal.ts';
import { principalLabel } from '../auth/principal.ts';
import { personKeyForUnzr } from '../ingest/person-key.ts';
import type { LogFilter, LogRow } from '../store/delivery-log.ts';
import { checkReason, eventNotFound, registerScope, requireRole } from './access.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { OperationsDeps } from './deps.ts';
import { maskPersonalData } from './mask-xml.ts';
import type { EventFilter, EventListItem, EventWithAudit, MessageView, Page } from './operations.ts';

/** An УНЗР typed without its dash (13 digits) is the same УНЗР. */
function normaliseUnzrQuery(unzr: string): string {
  const digits = unzr.trim().replace(/[\s-]/g, '');
  return /^\d{13}$/.test(digits) ? `${digits.slice(0, 8)}-${digits.slice(8)}` : unzr.trim();
}

export function toListItem(r: LogRow): EventListItem {
  return {
    id: r.id,
    eventId: r.registerEventId,
    registerCode: r.registerCode,
    type: r.type,
    status: r.status,
    receivedAt: r.receivedAt,
    occurredAt: r.occurredAt,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt,
    finishedAt: r.finishedAt,
    lastError: r.lastError,
    receiptNumber: r.receiptNumber,
    sandbox: r.sandbox,
  };
}

/** The store's filter for a principal: a register is confined to its own events. */
export function logFilter(deps: OperationsDeps, p: Principal, f: EventFilter): LogFilter {
  const scope = registerScope(p);
  return {
    status: f.status,
    registerId: scope ?? undefined,
    registerCode: scope ? undefined : f.registerCode,
    type: f.type,
    receivedFrom: f.receivedFrom,
    receivedTo: f.receivedTo,
    personKey: f.unzr ? personKeyForUnzr(deps.personKeySecret, normaliseUnzrQuery(f.unzr)) : undefined,
    sandbox: f.sandbox,
  };
}

export async function listEvents(deps: OperationsDeps, p: Principal, filter: EventFilter, cursor: string | null, limit: number): Promise<Page<EventListItem>> {
  const size = Math.max(1, Math.min(200, Math.floor(limit) || 50));
  const rows = await deps.store.log.listLog(logFilter(deps, p, filter), decodeCursor(cursor), size);
  const last = rows[rows.length - 1];
  return { items: rows.map(toListItem), nextCursor: rows.length === size && last ? encodeCursor({ receivedAt: last.receivedAt, id: last.id }) : null };
}

export async function eventFor(deps: OperationsDeps, p: Principal, id: string): Promise<EventWithAudit> {
  const details = await deps.store.events.getEvent(id);
  const scope = registerScope(p);
  if (!details || (scope !== null && details.registerId !== scope)) throw eventNotFound(id);
  const [audit, codes] = await Promise.all([deps.store.audit.listAudit(id), deps.store.access.registerCodes()]);
  // Order is per person across registers, so what an event waits for may be another register's:
  // a register learns that it waits and why, not which event of another register it is.
  const waiting = details.delivery.waitingFor;
  if (scope !== null && waiting?.eventId) {
    const other = await deps.store.events.getEvent(waiting.eventId);
    if (other?.registerId !== scope) details.delivery.waitingFor = { ...waiting, eventId: null };
  }
  // DMS's answers are shown masked here too; unmasked only through the audited reveal.
  const attempts = details.attempts.map((a) => ({ ...a, responseExcerpt: a.responseExcerpt === null ? null : maskPersonalData(a.responseExcerpt) }));
  return { ...details, attempts, audit, registerCode: codes.get(details.registerId) ?? '' };
}

export async function messageFor(deps: OperationsDeps, p: Principal, id: string, options: { reveal: boolean; reason?: string }): Promise<MessageView> {
  const event = await eventFor(deps, p, id);
  if (options.reveal) {
    requireRole(p, 'operator');
    const reason = checkReason(options.reason, true);
    await deps.store.audit.appendAudit({ at: deps.now(), actor: principalLabel(p), action: 'reveal', eventId: id, reason: reason, detail: { messageId: event.delivery.messageId } });
  }
  const show = (xml: string | null) => (xml === null || options.reveal ? xml : maskPersonalData(xml));
  const evidence = await deps.store.evidence.evidenceForEvent(id);
  const latest = evidence[evidence.length - 1];
  return {
    eventId: id,
    messageId: event.delivery.messageId,
    masked: !options.reveal,
    request: show(latest?.requestBody ?? null),
    requestDigest: latest?.requestDigest ?? null,
    purged: evidence.length > 0 && latest?.requestBody === null,
    exchanges: evidence.map((e) => ({
      attempt: e.attempt,
      at: e.at,
      httpStatus: e.httpStatus,
      outcome: e.outcome,
      answer: show(e.responseBody),
      answerDigest: e.responseDigest,
    })),
  };
}
