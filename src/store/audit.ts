// The audit log: who did what to which event, when and why.
import { actorLabel, type Actor } from '../delivery/model/actors.ts';
import { ENCRYPTED } from './crypto/encrypted-columns.ts';
import type { FieldCipher } from './crypto/field-cipher.ts';
import { textOrNull, type Database, type Queryable, type Row } from './db/database.ts';

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  eventId: string | null;
  reason: string | null;
  detail: Record<string, unknown> | null;
}

export interface NewAuditEntry extends Omit<AuditEntry, 'actor'> {
  actor: Actor | string;
}

const INSERT_AUDIT = `INSERT INTO audit_log (at, actor, action, event_id, reason, detail) VALUES (:at, :actor, :action, :eventId, :reason, :detail)`;
const AUDIT_FOR_EVENT = `SELECT * FROM audit_log WHERE event_id = :eventId ORDER BY id`;
const AUDIT_PAGE = `SELECT * FROM audit_log WHERE (CAST(:before AS BIGINT) IS NULL OR id < CAST(:before AS BIGINT)) ORDER BY id DESC LIMIT :limit`;

function toAuditEntry(row: Row, fields: FieldCipher): AuditEntry {
  return {
    at: Number(row.at),
    actor: String(row.actor),
    action: String(row.action),
    eventId: textOrNull(row.event_id),
    reason: fields.open(ENCRYPTED.auditReason, [String(row.at), String(row.actor), String(row.action)], row.reason),
    detail: row.detail === null || row.detail === undefined ? null : (JSON.parse(String(row.detail)) as Record<string, unknown>),
  };
}

/** Writes an entry on `q`: inside the transaction of the action it records, or on its own. */
export async function insertAudit(q: Queryable, fields: FieldCipher, e: NewAuditEntry): Promise<void> {
  const actor = typeof e.actor === 'string' ? e.actor : actorLabel(e.actor);
  const reason = fields.seal(ENCRYPTED.auditReason, [e.at, actor, e.action], e.reason);
  await q.run(INSERT_AUDIT, { ...e, actor, reason, detail: e.detail ? JSON.stringify(e.detail) : null });
}

export function createAudit(db: Database, fields: FieldCipher) {
  return {
    appendAudit: (entry: NewAuditEntry): Promise<void> => insertAudit(db, fields, entry),
    listAudit: async (eventId: string): Promise<AuditEntry[]> => (await db.all(AUDIT_FOR_EVENT, { eventId })).map((r) => toAuditEntry(r, fields)),
    /** Newest first; `before` is the id of the last entry of the previous page. */
    auditPage: async (before: number | null, limit: number): Promise<Array<AuditEntry & { id: number }>> =>
      (await db.all(AUDIT_PAGE, { before, limit })).map((r) => ({ ...toAuditEntry(r, fields), id: Number(r.id) })),
  };
}

export type Audit = ReturnType<typeof createAudit>;
