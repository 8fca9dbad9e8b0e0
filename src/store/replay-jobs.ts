// Bulk replay jobs: created by an operator, run under a lease by one instance's runner, resumable.
import { ENCRYPTED } from './crypto/encrypted-columns.ts';
import type { FieldCipher } from './crypto/field-cipher.ts';
import { numberOrNull, textOrNull, type Database, type Dialect, type Row } from './db/database.ts';

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

export type NewReplayJob = Pick<ReplayJobRow, 'id' | 'filter' | 'reason' | 'createdBy' | 'createdAt' | 'total'>;
export type ReplayProgress = Pick<ReplayJobRow, 'processed' | 'retried' | 'skipped' | 'afterReceived' | 'afterId'>;

const INSERT = `
  INSERT INTO replay_jobs (id, state, filter, reason, created_by, created_at, total)
  VALUES (:id, 'running', :filter, :reason, :createdBy, :createdAt, :total)`;
const JOB = `SELECT * FROM replay_jobs WHERE id = :id`;
const JOBS = `SELECT * FROM replay_jobs ORDER BY created_at DESC, id DESC LIMIT :limit`;
/** PostgreSQL: a job another instance is claiming right now is skipped (SQLite: its writer lock). */
const SKIP_LOCKED: Record<Dialect, string> = { sqlite: '', postgres: 'FOR UPDATE SKIP LOCKED' };
/** A running job no live process holds. */
const claim = (dialect: Dialect): string => `
  UPDATE replay_jobs SET lease_owner = :owner, lease_until = :leaseUntil
   WHERE id = (SELECT id FROM replay_jobs
                WHERE state = 'running' AND (lease_until IS NULL OR lease_until <= :now)
                ORDER BY created_at LIMIT 1
                ${SKIP_LOCKED[dialect]})
  RETURNING *`;
/** :done is 1 when the job is done. */
const SAVE_PROGRESS = `
  UPDATE replay_jobs
     SET processed = :processed, retried = :retried, skipped = :skipped, after_received = :afterReceived, after_id = :afterId,
         state = CASE WHEN CAST(:done AS INTEGER) = 1 THEN 'done' ELSE state END,
         finished_at = CASE WHEN CAST(:done AS INTEGER) = 1 THEN CAST(:now AS BIGINT) ELSE finished_at END,
         lease_until = CASE WHEN CAST(:done AS INTEGER) = 1 THEN NULL ELSE CAST(:leaseUntil AS BIGINT) END,
         lease_owner = CASE WHEN CAST(:done AS INTEGER) = 1 THEN NULL ELSE lease_owner END
   WHERE id = :id AND lease_owner = :owner AND state = 'running'`;
const CANCEL = `
  UPDATE replay_jobs SET state = 'cancelled', finished_at = :now, lease_owner = NULL, lease_until = NULL
   WHERE id = :id AND state = 'running'`;

function toReplayJobRow(row: Row, fields: FieldCipher): ReplayJobRow {
  return {
    id: String(row.id),
    state: String(row.state) as ReplayJobRow['state'],
    filter: String(row.filter),
    reason: String(fields.open(ENCRYPTED.replayReason, [String(row.id)], row.reason)),
    createdBy: String(row.created_by),
    createdAt: Number(row.created_at),
    total: Number(row.total),
    processed: Number(row.processed),
    retried: Number(row.retried),
    skipped: Number(row.skipped),
    afterReceived: numberOrNull(row.after_received),
    afterId: textOrNull(row.after_id),
    finishedAt: numberOrNull(row.finished_at),
  };
}

export function createReplayJobs(db: Database, fields: FieldCipher) {
  return {
    async createReplayJob(job: NewReplayJob): Promise<void> {
      await db.run(INSERT, { ...job, reason: fields.seal(ENCRYPTED.replayReason, [job.id], job.reason) });
    },
    async getReplayJob(id: string): Promise<ReplayJobRow | null> {
      const row = await db.one(JOB, { id });
      return row ? toReplayJobRow(row, fields) : null;
    },
    listReplayJobs: async (limit: number): Promise<ReplayJobRow[]> => (await db.all(JOBS, { limit })).map((r) => toReplayJobRow(r, fields)),
    /** A running job no live process holds, leased to `owner`. */
    async claimReplayJob(owner: string, now: number, leaseMs: number): Promise<ReplayJobRow | null> {
      const row = await db.one(claim(db.dialect), { owner, leaseUntil: now + leaseMs, now });
      return row ? toReplayJobRow(row, fields) : null;
    },
    /** Saves progress if `owner` still holds the lease and the job is still running; false otherwise. */
    saveReplayProgress: async (id: string, owner: string, progress: ReplayProgress, done: boolean, now: number, leaseMs: number): Promise<boolean> =>
      (await db.run(SAVE_PROGRESS, { ...progress, id, owner, done: done ? 1 : 0, now, leaseUntil: now + leaseMs })) > 0,
    cancelReplayJob: async (id: string, now: number): Promise<boolean> => (await db.run(CANCEL, { id, now })) > 0,
  };
}

export type ReplayJobs = ReturnType<typeof createReplayJobs>;
