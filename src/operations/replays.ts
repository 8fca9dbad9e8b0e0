// Bulk replay: retry every failed (or rejected) event matching a filter, as a job with progress
// that survives restarts (the runner is in replay-runner.ts) and can be cancelled.
import type { Principal } from '../auth/principal.ts';
import { principalLabel } from '../auth/principal.ts';
import { ProblemError } from '../errors.ts';
import { uuidv7 } from '../ids.ts';
import type { ReplayJobRow } from '../store/replay-jobs.ts';
import { checkReason, requireRole } from './access.ts';
import type { OperationsDeps } from './deps.ts';
import { logFilter } from './log.ts';
import type { ReplayFilter, ReplayJob } from './operations.ts';

export function toReplayJob(row: ReplayJobRow): ReplayJob {
  return {
    id: row.id,
    state: row.state,
    filter: JSON.parse(row.filter) as ReplayFilter,
    reason: row.reason,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    total: row.total,
    processed: row.processed,
    retried: row.retried,
    skipped: row.skipped,
    finishedAt: row.finishedAt,
  };
}

const notFound = (id: string) =>
  new ProblemError({ status: 404, code: 'NOT_FOUND', message: { uk: `Повтор ${id} не знайдено.`, en: `Replay ${id} was not found.` } });

export async function startReplay(deps: OperationsDeps, p: Principal, filter: ReplayFilter, reason: string): Promise<ReplayJob> {
  requireRole(p, 'operator');
  const why = checkReason(reason, true) as string;
  if (filter.status !== 'failed' && filter.status !== 'rejected') {
    throw new ProblemError({
      status: 422,
      code: 'REPLAY_STATUS_INVALID',
      pointer: '/filter/status',
      message: { uk: 'Повторити можна події зі статусом failed або rejected.', en: 'Only failed or rejected events can be replayed.' },
    });
  }
  const clean: ReplayFilter = { status: filter.status, registerCode: filter.registerCode, type: filter.type, receivedFrom: filter.receivedFrom, receivedTo: filter.receivedTo };
  const id = uuidv7();
  const createdAt = deps.now();
  // Counted over the same window the runner scans: received up to the job's start.
  const total = await deps.store.log.countLog({ ...logFilter(deps, p, clean), receivedTo: Math.min(clean.receivedTo ?? Number.MAX_SAFE_INTEGER, createdAt + 1) });
  await deps.store.replayJobs.createReplayJob({ id, filter: JSON.stringify(clean), reason: why, createdBy: principalLabel(p), createdAt, total });
  await deps.store.audit.appendAudit({ at: deps.now(), actor: principalLabel(p), action: 'replay_start', eventId: null, reason: why, detail: { jobId: id, filter: clean, total } });
  deps.onReplay();
  return replayJob(deps, p, id);
}

export async function replayJob(deps: OperationsDeps, p: Principal, id: string): Promise<ReplayJob> {
  requireRole(p, 'viewer');
  const row = await deps.store.replayJobs.getReplayJob(id);
  if (!row) throw notFound(id);
  return toReplayJob(row);
}

export async function replayJobs(deps: OperationsDeps, p: Principal): Promise<ReplayJob[]> {
  requireRole(p, 'viewer');
  return (await deps.store.replayJobs.listReplayJobs(50)).map(toReplayJob);
}

export async function cancelReplay(deps: OperationsDeps, p: Principal, id: string): Promise<ReplayJob> {
  requireRole(p, 'operator');
  const job = await replayJob(deps, p, id);
  if (!(await deps.store.replayJobs.cancelReplayJob(id, deps.now()))) {
    throw new ProblemError({
      status: 409,
      code: 'ACTION_NOT_APPLICABLE',
      message: { uk: `Повтор уже завершено (${job.state}).`, en: `The replay has already ended (${job.state}).` },
    });
  }
  await deps.store.audit.appendAudit({ at: deps.now(), actor: principalLabel(p), action: 'replay_cancel', eventId: null, reason: null, detail: { jobId: id } });
  return replayJob(deps, p, id);
}
