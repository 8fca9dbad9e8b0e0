// The operator side of the SQLite store: delivery log, dashboard figures, evidence chain, replay
// jobs, audit log and the retention purge. The SQL is in operations-queries.ts.
import type { SQLInputValue } from 'node:sqlite';
import { entryHash, GENESIS_HASH } from '../../evidence/chain.ts';
import type {
  EvidenceEntry,
  HourCount,
  LogFilter,
  LogPosition,
  LogRow,
  NewEvidence,
  OperationsStore,
  PurgeResult,
  ReplayJobRow,
} from '../operations-store.ts';
import { actorLabel, toAuditEntry, toEvidence, toLogRow, toReplayJobRow } from '../rows.ts';
import type { Actor, AuditEntry, EventStatus } from '../store.ts';
import { emptyCounts } from '../operator-rules.ts';
import * as Q from './operations-queries.ts';
import { SqliteBase } from './sqlite-base.ts';

function filterParams(f: LogFilter): Record<string, SQLInputValue> {
  return {
    status: f.status ?? null,
    registerId: f.registerId ?? null,
    registerCode: f.registerCode ?? null,
    type: f.type ?? null,
    from: f.receivedFrom ?? null,
    to: f.receivedTo ?? null,
    personKey: f.personKey ?? null,
  };
}

export class SqliteOperations extends SqliteBase implements OperationsStore {
  async listLog(filter: LogFilter, before: LogPosition | null, limit: number): Promise<LogRow[]> {
    const params = { ...filterParams(filter), beforeReceived: before?.receivedAt ?? null, beforeId: before?.id ?? null, limit };
    return this.all(Q.LOG_PAGE, params).map(toLogRow);
  }

  async scanLog(filter: LogFilter, after: LogPosition | null, limit: number): Promise<LogRow[]> {
    const params = { ...filterParams(filter), afterReceived: after?.receivedAt ?? null, afterId: after?.id ?? null, limit };
    return this.all(Q.LOG_SCAN, params).map(toLogRow);
  }

  async countLog(filter: LogFilter): Promise<number> {
    return Number(this.get(Q.LOG_COUNT, filterParams(filter))?.n ?? 0);
  }

  async countByStatusFor(registerId: string | null): Promise<Record<EventStatus, number>> {
    const counts = emptyCounts();
    for (const row of this.all(Q.COUNT_BY_STATUS_FOR, { registerId })) counts[String(row.status) as EventStatus] = Number(row.n);
    return counts;
  }

  async oldestWaiting(registerId: string | null): Promise<{ id: string; registerEventId: string; receivedAt: number } | null> {
    const row = this.get(Q.OLDEST_WAITING, { registerId });
    return row ? { id: String(row.id), registerEventId: String(row.register_event_id), receivedAt: Number(row.received_at) } : null;
  }

  async finishedPerHour(since: number, registerId: string | null): Promise<HourCount[]> {
    return this.all(Q.FINISHED_PER_HOUR, { since, registerId }).map((r) => ({ hourStart: Number(r.hour_start), status: String(r.status), count: Number(r.n) }));
  }

  async registerCodes(): Promise<Map<string, string>> {
    return new Map(this.all(Q.REGISTER_CODES).map((r) => [String(r.id), String(r.code)]));
  }

  async appendAudit(at: number, actor: Actor | string, action: string, eventId: string | null, reason: string | null, detail: Record<string, unknown> | null): Promise<void> {
    this.insertAudit(at, actor, action, eventId, reason, detail);
  }

  protected insertAudit(at: number, actor: Actor | string, action: string, eventId: string | null, reason: string | null, detail: Record<string, unknown> | null): void {
    this.run(Q.INSERT_AUDIT, at, typeof actor === 'string' ? actor : actorLabel(actor), action, eventId, reason, detail ? JSON.stringify(detail) : null);
  }

  async auditPage(before: number | null, limit: number): Promise<Array<AuditEntry & { id: number }>> {
    return this.all(Q.AUDIT_PAGE, before, before, limit).map((r) => ({ ...toAuditEntry(r), id: Number(r.id) }));
  }

  async appendEvidence(e: NewEvidence): Promise<EvidenceEntry> {
    return this.tx(() => {
      const last = this.get(Q.LAST_EVIDENCE);
      const id = last ? Number(last.id) + 1 : 1;
      const prevHash = last ? String(last.entry_hash) : GENESIS_HASH;
      const entry: EvidenceEntry = { ...e, id, prevHash, entryHash: '', purgedAt: null };
      entry.entryHash = entryHash(entry);
      this.run(
        Q.INSERT_EVIDENCE,
        id, e.at, e.eventId, e.messageId, e.attempt, e.outcome, e.httpStatus, e.signer,
        e.requestDigest, e.requestBody, e.responseDigest, e.responseBody, prevHash, entry.entryHash,
      );
      return entry;
    });
  }

  async evidenceForEvent(eventId: string): Promise<EvidenceEntry[]> {
    return this.all(Q.EVIDENCE_FOR_EVENT, eventId).map(toEvidence);
  }

  async evidenceChain(afterId: number, limit: number): Promise<EvidenceEntry[]> {
    return this.all(Q.EVIDENCE_CHAIN, afterId, limit).map(toEvidence);
  }

  async createReplayJob(job: Omit<ReplayJobRow, 'processed' | 'retried' | 'skipped' | 'afterReceived' | 'afterId' | 'finishedAt' | 'state'>): Promise<void> {
    this.run(Q.INSERT_REPLAY_JOB, job.id, job.filter, job.reason, job.createdBy, job.createdAt, job.total);
  }

  async getReplayJob(id: string): Promise<ReplayJobRow | null> {
    const row = this.get(Q.REPLAY_JOB, id);
    return row ? toReplayJobRow(row) : null;
  }

  async listReplayJobs(limit: number): Promise<ReplayJobRow[]> {
    return this.all(Q.REPLAY_JOBS, limit).map(toReplayJobRow);
  }

  async claimReplayJob(owner: string, now: number, leaseMs: number): Promise<ReplayJobRow | null> {
    const row = this.tx(() => this.get(Q.CLAIM_REPLAY_JOB, owner, now + leaseMs, now));
    return row ? toReplayJobRow(row) : null;
  }

  async saveReplayProgress(
    id: string,
    owner: string,
    p: Pick<ReplayJobRow, 'processed' | 'retried' | 'skipped' | 'afterReceived' | 'afterId'>,
    done: boolean,
    now: number,
    leaseMs: number,
  ): Promise<boolean> {
    const d = done ? 1 : 0;
    return this.run(Q.SAVE_REPLAY_PROGRESS, p.processed, p.retried, p.skipped, p.afterReceived, p.afterId, d, d, now, d, now + leaseMs, d, id, owner) > 0;
  }

  async cancelReplayJob(id: string, now: number): Promise<boolean> {
    return this.run(Q.CANCEL_REPLAY_JOB, now, id) > 0;
  }

  async purgePersonalData(finishedBefore: number, now: number): Promise<PurgeResult> {
    return this.tx(() => {
      const evidence = this.run(Q.PURGE_EVIDENCE, now, finishedBefore);
      this.run(Q.PURGE_DELIVERIES, finishedBefore);
      this.run(Q.PURGE_ATTEMPTS, finishedBefore);
      const events = this.run(Q.PURGE_EVENTS, now, finishedBefore);
      return { events, evidence };
    });
  }
}

