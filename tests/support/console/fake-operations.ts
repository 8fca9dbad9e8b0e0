// An in-memory Operations with the same access rules as the real one (a register sees only its own
// events and acts on none; viewers read; operators act), so the console's render tests check what
// each principal is offered and what happens when the server refuses.
import { hasRole, principalLabel, type Principal } from '../../../src/auth/principal.ts';
import { ProblemError } from '../../../src/errors.ts';
import { emptyCounts } from '../../../src/delivery/model/status.ts';
import type { EventListItem, EventWithAudit, Operations, ReplayJob } from '../../../src/operations/operations.ts';
import type { EventStatus } from '../../../src/delivery/model/status.ts';
import type { OperatorRole } from '../../../src/delivery/model/actors.ts';
import { MASKED_XML, seedEvents, SIGNED_XML, T0 } from './fixtures.ts';

const problem = (status: number, code: string, uk: string) => new ProblemError({ status, code, message: { uk, en: code } });

function requireRole(p: Principal, role: OperatorRole): void {
  if (!hasRole(p, role)) throw problem(403, 'FORBIDDEN', `Ця дія потребує ролі «${role}» або вищої.`);
}

function requireReason(reason: string | null | undefined): string {
  if (!reason?.trim()) throw problem(422, 'REASON_REQUIRED', 'Потрібна причина.');
  return reason.trim();
}

export interface FakeOperations extends Operations {
  events: EventWithAudit[];
  jobs: ReplayJob[];
  /** Every call, to check what the console asked for (e.g. the УНЗР filter). */
  calls: Array<{ method: string; args: unknown[] }>;
}

export function fakeOperations(now = () => T0 + 3_600_000): FakeOperations {
  const events = seedEvents();
  const jobs: ReplayJob[] = [];
  const calls: FakeOperations['calls'] = [];
  const visible = (p: Principal) => events.filter((e) => p.kind === 'operator' || e.registerId === p.register.id);
  const find = (p: Principal, id: string) => {
    const e = visible(p).find((x) => x.id === id);
    if (!e) throw problem(404, 'NOT_FOUND', `Подію ${id} не знайдено.`);
    return e;
  };
  const item = (e: EventWithAudit): EventListItem => ({
    id: e.id,
    eventId: e.registerEventId,
    registerCode: e.registerCode,
    type: e.type,
    status: e.status,
    receivedAt: e.receivedAt,
    occurredAt: e.occurredAt,
    attempts: e.delivery.attempts,
    nextAttemptAt: e.delivery.nextAttemptAt,
    finishedAt: e.delivery.finishedAt,
    lastError: e.delivery.lastError,
    receiptNumber: e.delivery.receipt?.number ?? null,
    sandbox: e.sandbox,
  });
  const audit = (p: Principal, e: EventWithAudit, action: string, reason: string | null) => e.audit.push({ at: now(), actor: principalLabel(p), action, eventId: e.id, reason, detail: null });
  const setStatus = (e: EventWithAudit, status: EventStatus & ('accepted' | 'cancelled')) => {
    e.status = status;
    e.delivery.status = status;
  };
  const log = (method: string, ...args: unknown[]) => calls.push({ method, args });

  const ops: FakeOperations = {
    events,
    jobs,
    calls,
    async dashboard(p) {
      log('dashboard', p);
      const mine = visible(p);
      const counts = emptyCounts();
      for (const e of mine) counts[e.status] += 1;
      const hours = Array.from({ length: 24 }, (_, i) => ({ hourStart: T0 - (23 - i) * 3_600_000, delivered: (i * 7) % 11, rejected: i % 5 === 0 ? 1 : 0, failed: i % 8 === 0 ? 2 : 0 }));
      return {
        counts,
        backlog: counts.accepted + counts.retrying + counts.blocked,
        oldestWaiting: mine.find((e) => e.status === 'blocked') ? { id: 'evt-3', eventId: 'RE-3', receivedAt: T0 } : null,
        throughput: hours,
        breakers: p.kind === 'operator' ? [{ destination: 'http://dms.test/registration', state: 'closed', consecutiveFailures: 0, windowRequests: 12, windowFailures: 1, openUntil: null, timesOpened: 1 }] : [],
        failed: mine.filter((e) => e.status === 'failed').map(item),
        blocked: mine.filter((e) => e.status === 'blocked').map(item),
      };
    },
    async listEvents(p, filter, cursor, limit) {
      log('listEvents', p, filter, cursor, limit);
      const matching = visible(p).filter(
        (e) => (!filter.status || e.status === filter.status) && (!filter.registerCode || e.registerCode === filter.registerCode) && (!filter.unzr || filter.unzr === '19900127-07422') &&
          (filter.sandbox === undefined || e.sandbox === filter.sandbox),
      );
      const start = cursor ? Number(cursor) : 0;
      const items = matching.slice(start, start + limit).map(item);
      return { items, nextCursor: start + limit < matching.length ? String(start + limit) : null };
    },
    async event(p, id) {
      log('event', p, id);
      return structuredClone(find(p, id));
    },
    async message(p, id, options) {
      log('message', p, id, options);
      const e = find(p, id);
      if (options.reveal) {
        requireRole(p, 'operator');
        audit(p, e, 'reveal', requireReason(options.reason));
      }
      const xml = options.reveal ? SIGNED_XML : MASKED_XML;
      const sent = e.delivery.attempts > 0;
      return {
        eventId: id,
        messageId: e.delivery.messageId,
        masked: !options.reveal,
        request: sent ? xml : null,
        requestDigest: sent ? 'ab'.repeat(32) : null,
        purged: false,
        exchanges: e.attempts.map((a) => ({ attempt: a.number, at: a.startedAt, httpStatus: a.httpStatus, outcome: a.outcome, answer: '<html>503</html>', answerDigest: null })),
      };
    },
    async retry(p, id, reason) {
      log('retry', p, id, reason);
      requireRole(p, 'operator');
      const e = find(p, id);
      if (!['failed', 'rejected', 'retrying'].includes(e.delivery.status)) throw problem(409, 'ACTION_NOT_APPLICABLE', 'Дія не застосовна.');
      setStatus(e, 'accepted');
      audit(p, e, 'retry', reason);
      return structuredClone(e);
    },
    async cancel(p, id, reason) {
      log('cancel', p, id, reason);
      requireRole(p, 'operator');
      const why = requireReason(reason);
      const e = find(p, id);
      if (['delivered', 'cancelled'].includes(e.delivery.status)) throw problem(409, 'ACTION_NOT_APPLICABLE', 'Дія не застосовна.');
      setStatus(e, 'cancelled');
      audit(p, e, 'cancel', why);
      return structuredClone(e);
    },
    async startReplay(p, filter, reason) {
      log('startReplay', p, filter, reason);
      requireRole(p, 'operator');
      const job: ReplayJob = { id: `job-${jobs.length + 1}`, state: 'running', filter, reason: requireReason(reason), createdBy: principalLabel(p), createdAt: now(), total: 4, processed: 1, retried: 1, skipped: 0, finishedAt: null };
      jobs.unshift(job);
      return { ...job };
    },
    async replays(p) {
      log('replays', p);
      requireRole(p, 'viewer');
      return jobs.map((j) => ({ ...j }));
    },
    async replay(p, id) {
      requireRole(p, 'viewer');
      const job = jobs.find((j) => j.id === id);
      if (!job) throw problem(404, 'NOT_FOUND', `Запуску ${id} немає.`);
      return { ...job };
    },
    async cancelReplay(p, id) {
      log('cancelReplay', p, id);
      requireRole(p, 'operator');
      const job = await ops.replay(p, id);
      const stored = jobs.find((j) => j.id === job.id) as ReplayJob;
      stored.state = 'cancelled';
      stored.finishedAt = now();
      return { ...stored };
    },
    async auditLog(p, _cursor, _limit) {
      requireRole(p, 'viewer');
      return { items: events.flatMap((e) => e.audit), nextCursor: null };
    },
  };
  return ops;
}
