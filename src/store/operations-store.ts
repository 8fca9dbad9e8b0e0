// What the operator side needs from the store beyond delivering: the delivery log with filters,
// dashboard figures, the hash-chained evidence log, bulk replay jobs, the audit log and the
// retention purge. Implemented by each dialect next to its Store.
import type { Actor, AuditEntry, EventStatus } from './store.ts';

export interface LogFilter {
  status?: EventStatus;
  registerId?: string;
  registerCode?: string;
  type?: string;
  receivedFrom?: number;
  receivedTo?: number;
  personKey?: string;
}

/** Position in the log, which is ordered newest first by (receivedAt, id). */
export interface LogPosition {
  receivedAt: number;
  id: string;
}

export interface LogRow {
  id: string;
  registerEventId: string;
  registerCode: string;
  type: string;
  status: EventStatus;
  receivedAt: number;
  occurredAt: string;
  attempts: number;
  nextAttemptAt: number | null;
  finishedAt: number | null;
  lastError: string | null;
  receiptNumber: string | null;
}

export interface HourCount {
  hourStart: number;
  status: string;
  count: number;
}

/** One exchange with DMS: what was sent (signed bytes), what came back, chained to the one before. */
export interface EvidenceEntry {
  id: number;
  at: number;
  eventId: string;
  messageId: string;
  attempt: number;
  outcome: string;
  httpStatus: number | null;
  /** SHA-256 fingerprint of the certificate that signed the request. */
  signer: string | null;
  requestDigest: string;
  requestBody: string | null;
  responseDigest: string | null;
  responseBody: string | null;
  prevHash: string;
  entryHash: string;
  /** When the retention purge removed the bodies (not part of the hash: the purge must not break the chain). */
  purgedAt: number | null;
}

export type NewEvidence = Omit<EvidenceEntry, 'id' | 'prevHash' | 'entryHash' | 'purgedAt'>;

export interface ReplayJobRow {
  id: string;
  state: 'running' | 'done' | 'cancelled';
  filter: string;
  reason: string;
  createdBy: string;
  createdAt: number;
  total: number;
  processed: number;
  retried: number;
  skipped: number;
  afterReceived: number | null;
  afterId: string | null;
  finishedAt: number | null;
}

export interface PurgeResult {
  events: number;
  evidence: number;
}

export interface OperationsStore {
  listLog(filter: LogFilter, before: LogPosition | null, limit: number): Promise<LogRow[]>;
  /** Oldest first, for replay jobs: rows after `after` in (receivedAt, id) order. */
  scanLog(filter: LogFilter, after: LogPosition | null, limit: number): Promise<LogRow[]>;
  countLog(filter: LogFilter): Promise<number>;
  countByStatusFor(registerId: string | null): Promise<Record<EventStatus, number>>;
  oldestWaiting(registerId: string | null): Promise<{ id: string; registerEventId: string; receivedAt: number } | null>;
  finishedPerHour(since: number, registerId: string | null): Promise<HourCount[]>;
  registerCodes(): Promise<Map<string, string>>;

  appendAudit(at: number, actor: Actor | string, action: string, eventId: string | null, reason: string | null, detail: Record<string, unknown> | null): Promise<void>;
  /** Newest first; `before` is the id of the last entry of the previous page. */
  auditPage(before: number | null, limit: number): Promise<Array<AuditEntry & { id: number }>>;

  /** Appends to the chain under a lock, so entries are numbered and linked without gaps. */
  appendEvidence(entry: NewEvidence): Promise<EvidenceEntry>;
  evidenceForEvent(eventId: string): Promise<EvidenceEntry[]>;
  /** The chain in order, from the entry after `afterId`. */
  evidenceChain(afterId: number, limit: number): Promise<EvidenceEntry[]>;

  createReplayJob(job: Omit<ReplayJobRow, 'processed' | 'retried' | 'skipped' | 'afterReceived' | 'afterId' | 'finishedAt' | 'state'>): Promise<void>;
  getReplayJob(id: string): Promise<ReplayJobRow | null>;
  listReplayJobs(limit: number): Promise<ReplayJobRow[]>;
  /** A running job no live process holds, leased to `owner`. */
  claimReplayJob(owner: string, now: number, leaseMs: number): Promise<ReplayJobRow | null>;
  /** Saves progress if `owner` still holds the lease and the job is still running; false otherwise. */
  saveReplayProgress(id: string, owner: string, progress: Pick<ReplayJobRow, 'processed' | 'retried' | 'skipped' | 'afterReceived' | 'afterId'>, done: boolean, now: number, leaseMs: number): Promise<boolean>;
  cancelReplayJob(id: string, now: number): Promise<boolean>;

  /** Removes personal data of deliveries finished before `finishedBefore`; digests and metadata stay. */
  purgePersonalData(finishedBefore: number, now: number): Promise<PurgeResult>;
}
