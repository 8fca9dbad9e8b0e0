// The delivery log as operators and registers read it: filtered pages newest first, scans oldest
// first (replay jobs), counts, and the dashboard's figures. Read-only.
import { emptyCounts, type EventStatus } from '../delivery/model/status.ts';
import { numberOrNull, textOrNull, type Database, type Row } from './db/database.ts';
import { PEOPLE_WITH_BLOCKING, SHOWS_BLOCKED, VISIBLE_STATUS } from './sql/person-order.ts';

export interface LogFilter {
  status?: EventStatus;
  registerId?: string;
  registerCode?: string;
  type?: string;
  receivedFrom?: number;
  receivedTo?: number;
  personKey?: string;
  /** true: sandbox events only; false: live ones only; absent: both. */
  sandbox?: boolean;
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
  sandbox: boolean;
}

export interface HourCount {
  hourStart: number;
  status: string;
  count: number;
}

/**
 * Each filter as SQL, put in the WHERE clause only when it is given: an `(:x IS NULL OR col = :x)` form
 * keeps SQLite from using the column's index (the УНЗР search scanned the whole log). Each parameter
 * says its type for PostgreSQL.
 */
const FILTER_SQL: Record<keyof ReturnType<typeof filterParams>, string> = {
  status: `${VISIBLE_STATUS} = CAST(:status AS TEXT)`,
  registerId: `e.register_id = CAST(:registerId AS TEXT)`,
  registerCode: `COALESCE(l.code, r.code) = CAST(:registerCode AS TEXT)`,
  sandbox: `e.sandbox = CAST(:sandbox AS INTEGER)`,
  type: `e.type = CAST(:type AS TEXT)`,
  from: `e.received_at >= CAST(:from AS BIGINT)`,
  to: `e.received_at < CAST(:to AS BIGINT)`,
  personKey: `e.person_key = CAST(:personKey AS TEXT)`,
};

/** The conditions of the filters given, joined by AND (`1 = 1` when none is). */
function logWhere(filter: LogFilter, ...more: string[]): string {
  const params = filterParams(filter);
  const given = (Object.keys(FILTER_SQL) as Array<keyof typeof FILTER_SQL>).filter((k) => params[k] !== null).map((k) => FILTER_SQL[k]);
  return [...given, ...more].join('\n   AND ') || '1 = 1';
}

const LOG_COLUMNS = `
  e.id, e.register_event_id, COALESCE(l.code, r.code) AS register_code, e.type, ${VISIBLE_STATUS} AS status, e.received_at, e.occurred_at,
  d.attempts, d.next_attempt_at, d.finished_at, d.last_error, d.receipt_number, e.sandbox`;

/** `l`: the live register of a sandbox twin, whose code the twin's events show. */
const LOG_FROM = `FROM events e JOIN deliveries d ON d.event_id = e.id JOIN registers r ON r.id = e.register_id LEFT JOIN registers l ON l.id = r.sandbox_of`;

/** Newest first; `before`: only rows after that position. */
const logPage = (filter: LogFilter, before: LogPosition | null) => `
  SELECT ${LOG_COLUMNS} ${LOG_FROM}
   WHERE ${logWhere(filter, ...(before ? [`(e.received_at < CAST(:atReceived AS BIGINT) OR (e.received_at = CAST(:atReceived AS BIGINT) AND e.id < CAST(:atId AS TEXT)))`] : []))}
   ORDER BY e.received_at DESC, e.id DESC
   LIMIT :limit`;

/** Oldest first; `after`: only rows after that position. */
const logScan = (filter: LogFilter, after: LogPosition | null) => `
  SELECT ${LOG_COLUMNS} ${LOG_FROM}
   WHERE ${logWhere(filter, ...(after ? [`(e.received_at > CAST(:atReceived AS BIGINT) OR (e.received_at = CAST(:atReceived AS BIGINT) AND e.id > CAST(:atId AS TEXT)))`] : []))}
   ORDER BY e.received_at, e.id
   LIMIT :limit`;

const logCount = (filter: LogFilter) => `SELECT COUNT(*) AS n ${LOG_FROM} WHERE ${logWhere(filter)}`;

/** The dashboard's register scope: events joined only when a register or a side is asked for. */
function registerScope(registerId: string | null, sandbox: boolean | undefined): { join: string; where: string } {
  const where = [...(registerId === null ? [] : ['e.register_id = CAST(:registerId AS TEXT)']), ...(sandbox === undefined ? [] : ['e.sandbox = CAST(:sandbox AS INTEGER)'])];
  return where.length === 0 ? { join: '', where: '' } : { join: 'JOIN events e ON e.id = d.event_id', where: where.map((w) => ` AND ${w}`).join('') };
}
const side = (sandbox: boolean | undefined) => (sandbox === undefined ? null : sandbox ? 1 : 0);

/**
 * Counts by visible status without working out every row's: the stored statuses (an index scan),
 * then the pending ones shown as `blocked` (only people with a blocking delivery can have them),
 * then the delivered ones whose outcome has come (from the outcomes side, at most one per message DMS
 * acknowledged: CROSS JOIN keeps SQLite from walking every delivered row instead). One statement, so the three parts are one snapshot; added up in countByStatusFor.
 */
const countByStatus = (s: { join: string; where: string }) => `
  SELECT 'stored' AS part, d.status AS status, COUNT(*) AS n FROM deliveries d ${s.join} WHERE 1 = 1${s.where} GROUP BY d.status
  UNION ALL
  SELECT 'blocked', d.status, COUNT(*) FROM (${PEOPLE_WITH_BLOCKING}) bp JOIN deliveries d ON d.person_key = bp.person_key ${s.join}
   WHERE ${SHOWS_BLOCKED}${s.where} GROUP BY d.status
  UNION ALL
  SELECT 'outcome', o.kind, COUNT(*) FROM outcomes o CROSS JOIN deliveries d ${s.join}
   WHERE d.message_id = o.message_id AND d.status = 'delivered'${s.where} GROUP BY o.kind`;

const oldestWaitingSql = (s: { join: string; where: string }) => `
  SELECT e.id, e.register_event_id, e.received_at
    FROM deliveries d JOIN events e ON e.id = d.event_id
   WHERE d.status IN ('accepted', 'retrying')${s.where}
   ORDER BY e.received_at, e.id
   LIMIT 1`;

const finishedPerHourSql = (s: { join: string; where: string }) => `
  SELECT (d.finished_at / 3600000) * 3600000 AS hour_start, d.status, COUNT(*) AS n
    FROM deliveries d ${s.join}
   WHERE d.finished_at >= :since${s.where}
   GROUP BY 1, 2
   ORDER BY 1`;

const filterParams = (f: LogFilter) => ({
  status: f.status ?? null,
  registerId: f.registerId ?? null,
  registerCode: f.registerCode ?? null,
  type: f.type ?? null,
  from: f.receivedFrom ?? null,
  to: f.receivedTo ?? null,
  personKey: f.personKey ?? null,
  sandbox: f.sandbox === undefined ? null : f.sandbox ? 1 : 0,
});

const pageParams = (f: LogFilter, at: LogPosition | null, limit: number) => ({ ...filterParams(f), atReceived: at?.receivedAt ?? null, atId: at?.id ?? null, limit });

function toLogRow(row: Row): LogRow {
  return {
    id: String(row.id),
    registerEventId: String(row.register_event_id),
    registerCode: String(row.register_code),
    type: String(row.type),
    status: String(row.status) as EventStatus,
    receivedAt: Number(row.received_at),
    occurredAt: String(row.occurred_at),
    attempts: Number(row.attempts),
    nextAttemptAt: numberOrNull(row.next_attempt_at),
    finishedAt: numberOrNull(row.finished_at),
    lastError: textOrNull(row.last_error),
    receiptNumber: textOrNull(row.receipt_number),
    sandbox: Number(row.sandbox) === 1,
  };
}

export function createDeliveryLog(db: Database) {
  return {
    /** Newest first, the rows after `before`. */
    listLog: async (filter: LogFilter, before: LogPosition | null, limit: number): Promise<LogRow[]> =>
      (await db.all(logPage(filter, before), pageParams(filter, before, limit))).map(toLogRow),
    /** Oldest first, for replay jobs: rows after `after` in (receivedAt, id) order. */
    scanLog: async (filter: LogFilter, after: LogPosition | null, limit: number): Promise<LogRow[]> =>
      (await db.all(logScan(filter, after), pageParams(filter, after, limit))).map(toLogRow),
    countLog: async (filter: LogFilter): Promise<number> => Number((await db.one(logCount(filter), filterParams(filter)))?.n ?? 0),

    /** `sandbox`: only sandbox (true) or live (false) events; both when absent. */
    async countByStatusFor(registerId: string | null, sandbox?: boolean): Promise<Record<EventStatus, number>> {
      const counts = emptyCounts();
      const add = (status: string, n: number) => (counts[status as EventStatus] = (counts[status as EventStatus] ?? 0) + n);
      for (const row of await db.all(countByStatus(registerScope(registerId, sandbox)), { registerId, sandbox: side(sandbox) })) {
        const n = Number(row.n);
        if (row.part === 'stored') add(String(row.status), n);
        else if (row.part === 'blocked') {
          add(String(row.status), -n);
          add('blocked', n);
        } else {
          add('delivered', -n);
          add(String(row.status), n);
        }
      }
      return counts;
    },
    async oldestWaiting(registerId: string | null, sandbox?: boolean): Promise<{ id: string; registerEventId: string; receivedAt: number } | null> {
      const row = await db.one(oldestWaitingSql(registerScope(registerId, sandbox)), { registerId, sandbox: side(sandbox) });
      return row ? { id: String(row.id), registerEventId: String(row.register_event_id), receivedAt: Number(row.received_at) } : null;
    },
    finishedPerHour: async (since: number, registerId: string | null): Promise<HourCount[]> =>
      (await db.all(finishedPerHourSql(registerScope(registerId, undefined)), { since, registerId, sandbox: null })).map((r) => ({ hourStart: Number(r.hour_start), status: String(r.status), count: Number(r.n) })),
  };
}

export type DeliveryLog = ReturnType<typeof createDeliveryLog>;
