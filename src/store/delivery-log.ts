// The delivery log as operators and registers read it: filtered pages newest first, scans oldest
// first (replay jobs), counts, and the dashboard's figures (from the counters of migration 0016).
// Read-only, but for PostgreSQL's counters, folded in before they are read.
import { BLOCKING_STATUSES, emptyCounts, type EventStatus } from '../delivery/model/status.ts';
import { numberOrNull, textOrNull, type Database, type Row } from './db/database.ts';
import { PEOPLE_WITH_BLOCKING, SHOWS_BLOCKED, VISIBLE_STATUS } from './sql/person-order.ts';

const BLOCKING_LIST = BLOCKING_STATUSES.map((s) => `'${s}'`).join(', ');

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

/**
 * The status filter. The statuses an operator looks for to act on are few among many: `rejected` and
 * `failed` are read from the partial index deliveries_blocking, and `blocked` among the people it
 * holds, instead of working out the status of every row newest first until a page is full (at a
 * million events, a status with no rows read them all). Each extra condition is implied by the status.
 */
function statusSql(status: EventStatus | undefined): string {
  if (status !== undefined && (BLOCKING_STATUSES as readonly string[]).includes(status)) return `d.status IN (${BLOCKING_LIST}) AND d.status = CAST(:status AS TEXT)`;
  if (status === 'blocked') return `d.person_key IN (${PEOPLE_WITH_BLOCKING}) AND ${SHOWS_BLOCKED}`;
  return FILTER_SQL.status;
}

/** The conditions of the filters given, joined by AND (`1 = 1` when none is). */
function logWhere(filter: LogFilter, ...more: string[]): string {
  const params = filterParams(filter);
  const given = (Object.keys(FILTER_SQL) as Array<keyof typeof FILTER_SQL>).filter((k) => params[k] !== null).map((k) => (k === 'status' ? statusSql(filter.status) : FILTER_SQL[k]));
  return [...given, ...more].join('\n   AND ') || '1 = 1';
}

const LOG_COLUMNS = `
  e.id, e.register_event_id, COALESCE(l.code, r.code) AS register_code, e.type, ${VISIBLE_STATUS} AS status, e.received_at, e.occurred_at,
  d.attempts, d.next_attempt_at, d.finished_at, d.last_error, d.receipt_number, e.sandbox`;

/** `l`: the live register of a sandbox twin, whose code the twin's events show. */
const LOG_FROM = `FROM events e JOIN deliveries d ON d.event_id = e.id JOIN registers r ON r.id = e.register_id LEFT JOIN registers l ON l.id = r.sandbox_of`;

/**
 * A status few rows have, found from its rows rather than by reading the log newest first until a page
 * is full: the deliveries in the stored status it comes from, or DMS's outcomes of its kind, first
 * (CROSS JOIN keeps SQLite's join in that order; PostgreSQL plans from its statistics), then sorted.
 */
const SPARSE_FROM: Partial<Record<EventStatus, string>> = Object.fromEntries([
  ...(['accepted', 'retrying', 'cancelled', 'delivered'] as const).map((s) => [s, `FROM deliveries d CROSS JOIN events e JOIN registers r ON r.id = e.register_id LEFT JOIN registers l ON l.id = r.sandbox_of`]),
  ...(['registered', 'refused'] as const).map((s) => [s, `FROM outcomes o CROSS JOIN deliveries d CROSS JOIN events e JOIN registers r ON r.id = e.register_id LEFT JOIN registers l ON l.id = r.sandbox_of`]),
]);
const SPARSE_WHERE: Partial<Record<EventStatus, string>> = {
  accepted: `d.status = 'accepted' AND e.id = d.event_id`,
  retrying: `d.status = 'retrying' AND e.id = d.event_id`,
  cancelled: `d.status = 'cancelled' AND e.id = d.event_id`,
  delivered: `d.status = 'delivered' AND e.id = d.event_id`,
  registered: `o.kind = 'registered' AND d.message_id = o.message_id AND e.id = d.event_id`,
  refused: `o.kind = 'refused' AND d.message_id = o.message_id AND e.id = d.event_id`,
};

/** Newest first; `before`: only rows after that position; `sparse`: the filter's status has few rows. */
const logPage = (filter: LogFilter, before: LogPosition | null, sparse = false) => `
  SELECT ${LOG_COLUMNS} ${sparse ? SPARSE_FROM[filter.status as EventStatus] : LOG_FROM}
   WHERE ${logWhere(filter, ...(sparse ? [SPARSE_WHERE[filter.status as EventStatus] as string] : []), ...(before ? [`(e.received_at < CAST(:atReceived AS BIGINT) OR (e.received_at = CAST(:atReceived AS BIGINT) AND e.id < CAST(:atId AS TEXT)))`] : []))}
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

/** The counters' scope: a register, a side, or all of them. */
function counterScope(registerId: string | null, sandbox: boolean | undefined): string {
  return [...(registerId === null ? [] : [' AND c.register_id = CAST(:registerId AS TEXT)']), ...(sandbox === undefined ? [] : [' AND c.sandbox = CAST(:sandbox AS INTEGER)'])].join('');
}

/**
 * The counters kept by the triggers of migration 0016: the totals, plus the changes not yet folded in
 * (PostgreSQL's triggers append changes, so that several writers never wait on one counter row;
 * SQLite's add to the totals, and its changes tables stay empty).
 */
const STATUS_COUNTS = '(SELECT register_id, sandbox, status, n FROM status_counts UNION ALL SELECT register_id, sandbox, status, n FROM status_count_changes)';
const FINISHED_HOURS = '(SELECT hour_start, register_id, status, n FROM finished_hours UNION ALL SELECT hour_start, register_id, status, n FROM finished_hour_changes)';

/** How many deliveries are counted in a status, all registers and sides. */
const STORED_COUNT = `SELECT SUM(c.n) AS n FROM ${STATUS_COUNTS} c WHERE c.status = CAST(:status AS TEXT)`;

/**
 * Counts by visible status without visiting every row: the counters (stored statuses, and the
 * delivered ones whose outcome has come counted as its kind), then the pending ones shown as
 * `blocked`, worked out when read (only people with a blocking delivery can have them: the partial
 * index deliveries_blocking). One statement, so both parts are one snapshot; added up in countByStatusFor.
 */
const countByStatus = (registerId: string | null, sandbox: boolean | undefined) => {
  const s = registerScope(registerId, sandbox);
  return `
  SELECT 'stored' AS part, c.status AS status, SUM(c.n) AS n FROM ${STATUS_COUNTS} c WHERE 1 = 1${counterScope(registerId, sandbox)} GROUP BY c.status
  UNION ALL
  SELECT 'blocked', d.status, COUNT(*) FROM (${PEOPLE_WITH_BLOCKING}) bp JOIN deliveries d ON d.person_key = bp.person_key ${s.join}
   WHERE ${SHOWS_BLOCKED}${s.where} GROUP BY d.status`;
};

const oldestWaitingSql = (s: { join: string; where: string }) => `
  SELECT e.id, e.register_event_id, e.received_at
    FROM deliveries d JOIN events e ON e.id = d.event_id
   WHERE d.status IN ('accepted', 'retrying')${s.where}
   ORDER BY e.received_at, e.id
   LIMIT 1`;

/**
 * Finished per hour from the counters, for the hours from :fullHour on. When :since falls inside an
 * hour (not on its start), the rest of that hour is counted from the rows (an index range).
 */
const finishedPerHourSql = (registerId: string | null) => {
  const s = registerScope(registerId, undefined);
  return `
  SELECT hour_start, status, SUM(n) AS n FROM (
    SELECT c.hour_start, c.status, c.n FROM ${FINISHED_HOURS} c WHERE c.hour_start >= :fullHour${counterScope(registerId, undefined)}
    UNION ALL
    SELECT (d.finished_at / 3600000) * 3600000, d.status, COUNT(*) FROM deliveries d ${s.join}
     WHERE d.finished_at >= :since AND d.finished_at < :fullHour${s.where} GROUP BY 1, 2
  ) h
   GROUP BY 1, 2
  HAVING SUM(n) <> 0
   ORDER BY 1, 2`;
};

/** PostgreSQL: the changes the triggers appended, added to the totals. One folder at a time (the others skip). */
const FOLD_LOCK = `SELECT pg_try_advisory_xact_lock(hashtext('rtg-gateway'), hashtext('dashboard counters in ' || current_schema())) AS locked`;
const FOLD_STATUS_COUNTS = `
  WITH moved AS (DELETE FROM status_count_changes RETURNING register_id, sandbox, status, n)
  INSERT INTO status_counts (register_id, sandbox, status, n)
  SELECT register_id, sandbox, status, SUM(n) FROM moved GROUP BY 1, 2, 3
  ON CONFLICT (register_id, sandbox, status) DO UPDATE SET n = status_counts.n + excluded.n`;
const FOLD_FINISHED_HOURS = `
  WITH moved AS (DELETE FROM finished_hour_changes RETURNING hour_start, register_id, status, n)
  INSERT INTO finished_hours (hour_start, register_id, status, n)
  SELECT hour_start, register_id, status, SUM(n) FROM moved GROUP BY 1, 2, 3
  ON CONFLICT (hour_start, register_id, status) DO UPDATE SET n = finished_hours.n + excluded.n`;

const HOUR = 3_600_000;

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

/** `sparseRows`: a status with at most this many rows (by the counters) is found from its rows (SPARSE_FROM). */
export function createDeliveryLog(db: Database, sparseRows = 1000) {
  /** PostgreSQL: folds the counters' changes into their totals, so that readers add up few rows. Done before each read of them. */
  const foldCounters = async (): Promise<void> => {
    if (db.dialect !== 'postgres') return;
    await db.transaction(async (tx) => {
      if (!(await tx.one(FOLD_LOCK))?.locked) return;
      await tx.run(FOLD_STATUS_COUNTS);
      await tx.run(FOLD_FINISHED_HOURS);
    });
  };
  return {
    /** Newest first, the rows after `before`. */
    async listLog(filter: LogFilter, before: LogPosition | null, limit: number): Promise<LogRow[]> {
      let sparse = false;
      if (filter.status !== undefined && SPARSE_FROM[filter.status] !== undefined) {
        // The counters bound how many rows show the status (pending ones may show `blocked` instead).
        const stored = Number((await db.one(STORED_COUNT, { status: filter.status }))?.n ?? 0);
        if (stored === 0) return [];
        sparse = stored <= sparseRows;
      }
      return (await db.all(logPage(filter, before, sparse), pageParams(filter, before, limit))).map(toLogRow);
    },
    /** Oldest first, for replay jobs: rows after `after` in (receivedAt, id) order. */
    scanLog: async (filter: LogFilter, after: LogPosition | null, limit: number): Promise<LogRow[]> =>
      (await db.all(logScan(filter, after), pageParams(filter, after, limit))).map(toLogRow),
    countLog: async (filter: LogFilter): Promise<number> => Number((await db.one(logCount(filter), filterParams(filter)))?.n ?? 0),

    /** `sandbox`: only sandbox (true) or live (false) events; both when absent. */
    async countByStatusFor(registerId: string | null, sandbox?: boolean): Promise<Record<EventStatus, number>> {
      await foldCounters();
      const counts = emptyCounts();
      const add = (status: string, n: number) => (counts[status as EventStatus] = (counts[status as EventStatus] ?? 0) + n);
      for (const row of await db.all(countByStatus(registerId, sandbox), { registerId, sandbox: side(sandbox) })) {
        const n = Number(row.n);
        if (row.part === 'stored') add(String(row.status), n);
        else {
          add(String(row.status), -n);
          add('blocked', n);
        }
      }
      return counts;
    },
    async oldestWaiting(registerId: string | null, sandbox?: boolean): Promise<{ id: string; registerEventId: string; receivedAt: number } | null> {
      const row = await db.one(oldestWaitingSql(registerScope(registerId, sandbox)), { registerId, sandbox: side(sandbox) });
      return row ? { id: String(row.id), registerEventId: String(row.register_event_id), receivedAt: Number(row.received_at) } : null;
    },
    async finishedPerHour(since: number, registerId: string | null): Promise<HourCount[]> {
      await foldCounters();
      const rows = await db.all(finishedPerHourSql(registerId), { since, fullHour: Math.ceil(since / HOUR) * HOUR, registerId, sandbox: null });
      return rows.map((r) => ({ hourStart: Number(r.hour_start), status: String(r.status), count: Number(r.n) }));
    },
    foldCounters,
  };
}

export type DeliveryLog = ReturnType<typeof createDeliveryLog>;
