// The operator side of the PostgreSQL store: delivery log, dashboard figures, evidence chain,
// replay jobs, audit log and the retention purge. The SQL is in operations-queries.ts.
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
import { all, one, PgBase, run, type Db } from './pg-base.ts';

/** $1–$7 of the log queries. */
const filterParams = (f: LogFilter): unknown[] => [
  f.status ?? null,
  f.registerId ?? null,
  f.registerCode ?? null,
  f.type ?? null,
  f.receivedFrom ?? null,
  f.receivedTo ?? null,
  f.personKey ?? null,
];


export class PgOperations extends PgBase implements OperationsStore {
  async listLog(filter: LogFilter, before: LogPosition | null, limit: number): Promise<LogRow[]> {
    return (await all(this.pool, Q.LOG_PAGE, [...filterParams(filter), before?.receivedAt ?? null, before?.id ?? null, limit])).map(toLogRow);
  }

  async scanLog(filter: LogFilter, after: LogPosition | null, limit: number): Promise<LogRow[]> {
    return (await all(this.pool, Q.LOG_SCAN, [...filterParams(filter), after?.receivedAt ?? null, after?.id ?? null, limit])).map(toLogRow);
  }

  async countLog(filter: LogFilter): Promise<number> {
    return Number((await one(this.pool, Q.LOG_COUNT, filterParams(filter)))?.n ?? 0);
  }

  async countByStatusFor(registerId: string | null): Promise<Record<EventStatus, number>> {
    const counts = emptyCounts();
    for (const row of await all(this.pool, Q.COUNT_BY_STATUS_FOR, [registerId])) counts[String(row.status) as EventStatus] = Number(row.n);
    return counts;
  }

  async oldestWaiting(registerId: string | null): Promise<{ id: string; registerEventId: string; receivedAt: number } | null> {
    const row = await one(this.pool, Q.OLDEST_WAITING, [registerId]);
    return row ? { id: String(row.id), registerEventId: String(row.register_event_id), receivedAt: Number(row.received_at) } : null;
  }

  async finishedPerHour(since: number, registerId: string | null): Promise<HourCount[]> {
    return (await all(this.pool, Q.FINISHED_PER_HOUR, [since, registerId])).map((r) => ({ hourStart: Number(r.hour_start), status: String(r.status), count: Number(r.n) }));
  }

  async registerCodes(): Promise<Map<string, string>> {
    return new Map((await all(this.pool, Q.REGISTER_CODES)).map((r) => [String(r.id), String(r.code)]));
  }

  async appendAudit(at: number, actor: Actor | string, action: string, eventId: string | null, reason: string | null, detail: Record<string, unknown> | null): Promise<void> {
    await this.insertAudit(this.pool, at, actor, action, eventId, reason, detail);
  }

  protected async insertAudit(db: Db, at: number, actor: Actor | string, action: string, eventId: string | null, reason: string | null, detail: Record<string, unknown> | null): Promise<void> {
    await run(db, Q.INSERT_AUDIT, [at, typeof actor === 'string' ? actor : actorLabel(actor), action, eventId, reason, detail ? JSON.stringify(detail) : null]);
  }

  async auditPage(before: number | null, limit: number): Promise<Array<AuditEntry & { id: number }>> {
    return (await all(this.pool, Q.AUDIT_PAGE, [before, limit])).map((r) => ({ ...toAuditEntry(r), id: Number(r.id) }));
  }

  async appendEvidence(e: NewEvidence): Promise<EvidenceEntry> {
    return this.tx(async (db) => {
      await db.query(Q.LOCK_EVIDENCE);
      const last = await one(db, Q.LAST_EVIDENCE);
      const id = last ? Number(last.id) + 1 : 1;
      const prevHash = last ? String(last.entry_hash) : GENESIS_HASH;
      const entry: EvidenceEntry = { ...e, id, prevHash, entryHash: '', purgedAt: null };
      entry.entryHash = entryHash(entry);
      await run(db, Q.INSERT_EVIDENCE, [
        id, e.at, e.eventId, e.messageId, e.attempt, e.outcome, e.httpStatus, e.signer,
        e.requestDigest, e.requestBody, e.responseDigest, e.responseBody, prevHash, entry.entryHash,
      ]);
      return entry;
    });
  }

  async evidenceForEvent(eventId: string): Promise<EvidenceEntry[]> {
    return (await all(this.pool, Q.EVIDENCE_FOR_EVENT, [eventId])).map(toEvidence);
  }

  async evidenceChain(afterId: number, limit: number): Promise<EvidenceEntry[]> {
    return (await all(this.pool, Q.EVIDENCE_CHAIN, [afterId, limit])).map(toEvidence);
  }

  async createReplayJob(job: Omit<ReplayJobRow, 'processed' | 'retried' | 'skipped' | 'afterReceived' | 'afterId' | 'finishedAt' | 'state'>): Promise<void> {
    await run(this.pool, Q.INSERT_REPLAY_JOB, [job.id, job.filter, job.reason, job.createdBy, job.createdAt, job.total]);
  }

  async getReplayJob(id: string): Promise<ReplayJobRow | null> {
    const row = await one(this.pool, Q.REPLAY_JOB, [id]);
    return row ? toReplayJobRow(row) : null;
  }

  async listReplayJobs(limit: number): Promise<ReplayJobRow[]> {
    return (await all(this.pool, Q.REPLAY_JOBS, [limit])).map(toReplayJobRow);
  }

  async claimReplayJob(owner: string, now: number, leaseMs: number): Promise<ReplayJobRow | null> {
    const row = await one(this.pool, Q.CLAIM_REPLAY_JOB, [owner, now + leaseMs, now]);
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
    const params = [p.processed, p.retried, p.skipped, p.afterReceived, p.afterId, done, now, now + leaseMs, id, owner];
    return (await run(this.pool, Q.SAVE_REPLAY_PROGRESS, params)) > 0;
  }

  async cancelReplayJob(id: string, now: number): Promise<boolean> {
    return (await run(this.pool, Q.CANCEL_REPLAY_JOB, [now, id])) > 0;
  }

  async purgePersonalData(finishedBefore: number, now: number): Promise<PurgeResult> {
    return this.tx(async (db) => {
      const evidence = await run(db, Q.PURGE_EVIDENCE, [finishedBefore, now]);
      await run(db, Q.PURGE_DELIVERIES, [finishedBefore]);
      await run(db, Q.PURGE_ATTEMPTS, [finishedBefore]);
      const events = await run(db, Q.PURGE_EVENTS, [finishedBefore, now]);
      return { events, evidence };
    });
  }
}
