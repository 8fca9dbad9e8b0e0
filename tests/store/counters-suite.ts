// The dashboard's counters (migration 0016, kept by triggers) against a count from scratch, on every
// store: after a mixed workload — ingest on two registers and a sandbox, delivery, retries, failure,
// an operator's retry of the same and of a new message, a retired version's re-made message, a
// cancel, outcomes (current, superseded, and one that came before the delivery was recorded), a
// retention purge — the counts by status and finished per hour equal what the rows themselves say;
// and the migration's backfill, run again over those rows, gives the same counters.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AttemptRecord, AttemptResult } from '../../src/delivery/model/attempt-record.ts';
import { emptyCounts } from '../../src/delivery/model/status.ts';
import { linkEntry } from '../../src/evidence/chain.ts';
import { uuidv7 } from '../../src/ids.ts';
import type { ChainHead } from '../../src/store/evidence.ts';
import type { NewEvent } from '../../src/store/events.ts';
import type { Store } from '../../src/store/open-store.ts';
import { createDeliveryLog, type LogFilter } from '../../src/store/delivery-log.ts';
import { EVENT_STATUSES } from '../../src/delivery/model/status.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-23T10:00:00Z');

/** What migration 0016 adds, to take it away again (and so run its backfill over existing rows). */
const UNDO_0016 = {
  sqlite: [
    ...['deliveries_count_insert', 'deliveries_count_update', 'deliveries_count_delete', 'outcomes_count_insert', 'outcomes_count_delete', 'outcomes_count_update'].map((t) => `DROP TRIGGER ${t}`),
    ...['status_counts', 'status_count_changes', 'finished_hours', 'finished_hour_changes'].map((t) => `DROP TABLE ${t}`),
  ],
  postgres: [
    'DROP FUNCTION count_delivery_change() CASCADE',
    'DROP FUNCTION count_outcome_change() CASCADE',
    'DROP FUNCTION counted_status(TEXT, TEXT)',
    ...['status_counts', 'status_count_changes', 'finished_hours', 'finished_hour_changes'].map((t) => `DROP TABLE ${t}`),
  ],
};

/** The counters as stored (totals and changes not yet folded in), without zeros. */
const COUNTERS = `
  SELECT register_id, sandbox, status, SUM(n) AS n FROM (
    SELECT register_id, sandbox, status, n FROM status_counts UNION ALL SELECT register_id, sandbox, status, n FROM status_count_changes) c
   GROUP BY 1, 2, 3 HAVING SUM(n) <> 0 ORDER BY 1, 2, 3`;
/** The same from the rows: each delivery in its status, or its current message's outcome once delivered. */
const COUNTED_FROM_ROWS = `
  SELECT e.register_id, e.sandbox,
         CASE WHEN d.status = 'delivered' THEN COALESCE((SELECT o.kind FROM outcomes o WHERE o.message_id = d.message_id), 'delivered') ELSE d.status END AS status,
         COUNT(*) AS n
    FROM deliveries d JOIN events e ON e.id = d.event_id
   GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
const HOURS = `
  SELECT hour_start, register_id, status, SUM(n) AS n FROM (
    SELECT hour_start, register_id, status, n FROM finished_hours UNION ALL SELECT hour_start, register_id, status, n FROM finished_hour_changes) h
   GROUP BY 1, 2, 3 HAVING SUM(n) <> 0 ORDER BY 1, 2, 3`;
const HOURS_FROM_ROWS = `
  SELECT (d.finished_at / 3600000) * 3600000 AS hour_start, e.register_id, d.status, COUNT(*) AS n
    FROM deliveries d JOIN events e ON e.id = d.event_id
   WHERE d.finished_at IS NOT NULL
   GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
/** Finished per hour as the dashboard read it before the counters: every row since `since`. */
const FINISHED_FROM_ROWS = `
  SELECT (d.finished_at / 3600000) * 3600000 AS hour_start, d.status, COUNT(*) AS n
    FROM deliveries d JOIN events e ON e.id = d.event_id
   WHERE d.finished_at >= :since AND (CAST(:registerId AS TEXT) IS NULL OR e.register_id = CAST(:registerId AS TEXT))
   GROUP BY 1, 2 ORDER BY 1, 2`;

const numbers = (rows: Array<Record<string, unknown>>) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v])));

/** `reopen`: the database the last `open` made, opened again. */
export function describeCountersStore(name: string, open: () => Promise<Store>, reopen: () => Promise<Store>): void {
  describe(`Dashboard counters: ${name}`, () => {
    let store: Store;
    const live = [
      { id: 'reg-a', code: '26376375', name: 'А', createdAt: T0, apiKeyHash: 'ha' },
      { id: 'reg-b', code: '04054903', name: 'Б', createdAt: T0, apiKeyHash: 'hb' },
    ];
    const twin = 'reg-a-sandbox';

    beforeEach(async () => {
      store = await open();
      for (const r of live) await store.access.createRegister(r);
      await store.access.createSandboxRegister('26376375', { id: twin, apiKeyHash: 'ha-test', createdAt: T0 });
    });
    afterEach(async () => {
      await store.close();
    });

    let n = 0;
    const event = (over: Partial<NewEvent> = {}): NewEvent => {
      n++;
      return {
        id: uuidv7(T0 + n),
        registerId: 'reg-a',
        registerEventId: `C-${n}-${uuidv7()}`,
        type: 'residence.registered',
        occurredAt: '2026-11-20T10:15:00+02:00',
        occurredAtMs: T0 - 86_400_000 + n,
        personKey: `person-${n}`,
        contentHash: 'c',
        payload: '{}',
        warnings: [],
        receivedAt: T0 + n,
        delivery: { id: uuidv7(), messageId: uuidv7(), contract: 'dms-registration-v1' },
        ...over,
      };
    };
    // Each claim later than the last with a 1 ms lease, so that what one call leased is free for the next.
    let clock = 1e15;
    const claim = async (e: NewEvent) => {
      clock += 10;
      const d = (await store.deliveries.claimDue('w', clock, 1, 1000)).find((c) => c.eventId === e.id);
      if (!d) throw new Error(`${e.registerEventId} is not claimable`);
      return d;
    };
    const attempt = (d: { messageId: string; attempts: number }, outcome: AttemptRecord['outcome']): AttemptRecord => ({
      number: d.attempts + 1, startedAt: T0, durationMs: 5, outcome, httpStatus: 200, errorClass: null, detail: null, responseExcerpt: null, messageId: d.messageId, contract: 'dms-registration-v1',
    });
    const results = {
      delivered: { status: 'delivered', receipt: { number: 'R', status: 'ACCEPTED', registeredAt: 'x' } },
      rejected: { status: 'rejected', rejection: { code: 'X', reason: 'y' } },
      failed: { status: 'failed', error: 'gave up' },
      retrying: { status: 'retrying', nextAttemptAt: 0, error: 'HTTP 503' },
    } as const satisfies Record<string, AttemptResult>;
    /** One attempt of `e`, finished at `at` (a time in hours after T0). */
    const attemptOf = async (e: NewEvent, result: AttemptResult, at: number) => {
      const d = await claim(e);
      const outcome = result.status === 'delivered' ? 'delivered' : result.status === 'rejected' ? 'rejected' : 'retryable';
      expect(await store.deliveries.recordAttempt(d.id, 'w', attempt(d, outcome), result, at)).toBe(true);
      return d.messageId;
    };
    const evidence = (eventId: string) => (head: ChainHead | null) =>
      linkEntry({ at: T0, eventId, messageId: 'm', attempt: 0, outcome: 'outcome', httpStatus: 200, signer: null, requestDigest: 'd', requestBody: '<x/>', responseDigest: null, responseBody: null }, head);
    const outcome = (e: NewEvent, messageId: string, kind: 'registered' | 'refused') =>
      store.outcomes.recordOutcome(
        { outcomeId: uuidv7(), messageId, gatewayEventId: e.id, receiptNumber: 'R', decidedAt: '2026-11-23T12:00:03+02:00', decision: kind === 'registered' ? { kind, recordRef: 'EDDR-1' } : { kind, code: 'C', reason: 'r' } },
        T0,
        evidence,
      );

    async function mixedWorkload(): Promise<void> {
      const at = (hours: number, plus = 0) => T0 + hours * HOUR + plus;
      // delivered, then DMS's outcomes: registered, and refused (a later event of the same person)
      const [registered, refused] = [event({ personKey: 'p1' }), event({ personKey: 'p1' })];
      for (const e of [registered, refused]) await store.events.ingestEvent(e);
      await outcome(registered, await attemptOf(registered, results.delivered, at(1, 5)), 'registered');
      await outcome(refused, await attemptOf(refused, results.delivered, at(1, 7)), 'refused');
      // rejected on reg-b, which blocks the same person's later event on reg-a
      const [rejected, blocked] = [event({ registerId: 'reg-b', personKey: 'p2' }), event({ personKey: 'p2' })];
      for (const e of [rejected, blocked]) await store.events.ingestEvent(e);
      await attemptOf(rejected, results.rejected, at(2));
      // retrying, then failed, then an operator's retry of the same message, then delivered
      const failedOnce = event();
      await store.events.ingestEvent(failedOnce);
      await attemptOf(failedOnce, results.retrying, at(2, 1));
      await attemptOf(failedOnce, results.failed, at(3));
      expect((await store.deliveries.retryDelivery(failedOnce.id, { kind: 'replay', jobId: 'j1', requestedBy: 'olena' }, 'replay', at(3, 1), uuidv7())).kind).toBe('done');
      await attemptOf(failedOnce, results.delivered, at(4));
      // rejected, resent as a new message (an operator's retry): DMS's outcome for the old message
      // changes nothing, the one for the new message counts
      const resent = event({ registerId: 'reg-b' });
      await store.events.ingestEvent(resent);
      const oldMessage = await attemptOf(resent, results.rejected, at(4, 1));
      expect((await store.deliveries.retryDelivery(resent.id, { kind: 'operator', id: 'o1', name: 'olena' }, 'fixed', at(4, 2), uuidv7())).kind).toBe('done');
      const newMessage = await attemptOf(resent, results.delivered, at(5));
      expect(await outcome(resent, oldMessage, 'refused')).toMatchObject({ kind: 'stored', current: false });
      await outcome(resent, newMessage, 'registered');
      // a retired contract version: the event is re-made as a new message, then still waiting
      const remade = event();
      await store.events.ingestEvent(remade);
      const d = await claim(remade);
      await store.deliveries.recordAttempt(d.id, 'w', attempt(d, 'rejected'), { status: 'retrying', nextAttemptAt: 0, error: 'CONTRACT_VERSION_RETIRED', remap: { contract: 'dms-registration-v2', messageId: uuidv7() } }, at(5, 1));
      // the outcome comes while the delivery is in flight (before its acknowledgement is recorded)
      const early = event();
      await store.events.ingestEvent(early);
      const inFlight = await claim(early);
      await outcome(early, inFlight.messageId, 'registered');
      await store.deliveries.recordAttempt(inFlight.id, 'w', attempt(inFlight, 'delivered'), results.delivered, at(6));
      // cancelled by an operator; one still accepted; a failed one left failed
      const [cancelled, waiting, failed] = [event(), event(), event({ registerId: 'reg-b' })];
      for (const e of [cancelled, waiting, failed]) await store.events.ingestEvent(e);
      expect((await store.deliveries.cancelDelivery(cancelled.id, { kind: 'system' }, 'duplicate', at(6, 1))).kind).toBe('done');
      await attemptOf(failed, results.failed, at(7));
      // the sandbox: delivered, and one waiting
      const [sandboxDelivered, sandboxWaiting] = [event({ registerId: twin, sandbox: true }), event({ registerId: twin, sandbox: true })];
      for (const e of [sandboxDelivered, sandboxWaiting]) await store.events.ingestEvent(e);
      await attemptOf(sandboxDelivered, results.delivered, at(7, 3));
      // the retention purge takes personal data, not rows: nothing to count changes
      await store.retention.purgePersonalData(at(5), at(8));
    }

    /** The counts as the log shows each event (VISIBLE_STATUS, row by row). */
    const tallyOf = async (filter: LogFilter) => {
      const tally = emptyCounts();
      for (const row of await store.log.listLog(filter, null, 1000)) tally[row.status]++;
      return tally;
    };

    async function expectExact(): Promise<void> {
      expect(numbers(await store.db.all(COUNTERS))).toEqual(numbers(await store.db.all(COUNTED_FROM_ROWS)));
      expect(numbers(await store.db.all(HOURS))).toEqual(numbers(await store.db.all(HOURS_FROM_ROWS)));
      const all = await tallyOf({});
      expect(all).toMatchObject({ registered: 3, refused: 1, delivered: 2, rejected: 1, blocked: 1, failed: 1, cancelled: 1, accepted: 2, retrying: 1 });
      expect(await store.log.countByStatusFor(null)).toEqual(all);
      for (const registerId of ['reg-a', 'reg-b', twin]) expect(await store.log.countByStatusFor(registerId)).toEqual(await tallyOf({ registerId }));
      for (const sandbox of [true, false]) {
        expect(await store.log.countByStatusFor(null, sandbox)).toEqual(await tallyOf({ sandbox }));
        expect(await store.log.countByStatusFor('reg-a', sandbox)).toEqual(await tallyOf({ registerId: 'reg-a', sandbox }));
      }
      // from the start of an hour, and from inside one (the rest of that hour counted from the rows)
      for (const since of [T0, T0 + HOUR, T0 + HOUR + 6, T0 + 4 * HOUR + 1, T0 + 9 * HOUR]) {
        for (const registerId of [null, 'reg-a', 'reg-b']) {
          const fromRows = numbers(await store.db.all(FINISHED_FROM_ROWS, { since, registerId })).map((r) => ({ hourStart: r.hour_start, status: r.status, count: r.n }));
          expect(await store.log.finishedPerHour(since, registerId)).toEqual(fromRows);
        }
      }
    }

    it('equal a count from scratch after a mixed workload', async () => {
      await mixedWorkload();
      await expectExact();
    });

    it('filter the log by status as each row shows it, whether a status has few rows or many', async () => {
      await mixedWorkload();
      const all = await store.log.listLog({}, null, 1000);
      // a status with at most 1000 rows is found from its rows; with none read as sparse, by reading the log
      for (const log of [store.log, createDeliveryLog(store.db, 0)]) {
        for (const status of EVENT_STATUSES) {
          expect(await log.listLog({ status }, null, 1000)).toEqual(all.filter((r) => r.status === status));
          expect(await log.listLog({ status, registerId: 'reg-b' }, null, 1000)).toEqual(all.filter((r) => r.status === status && r.registerCode === '04054903'));
          const [first] = all.filter((r) => r.status === status);
          if (first) expect(await log.listLog({ status }, { receivedAt: first.receivedAt, id: first.id }, 1000)).toEqual(all.filter((r) => r.status === status).slice(1));
        }
      }
    });

    it('are filled by the migration from the rows already there', async () => {
      await mixedWorkload();
      for (const statement of UNDO_0016[store.db.dialect]) await store.db.run(statement);
      await store.db.run(`DELETE FROM schema_migrations WHERE version = '0016_dashboard_counters'`);
      expect(await store.db.all(`SELECT 1 FROM schema_migrations WHERE version = '0016_dashboard_counters'`)).toEqual([]);
      await store.close();
      store = await reopen();
      await expectExact();
      // and kept from then on
      await store.events.ingestEvent(event({ registerId: 'reg-b' }));
      expect((await store.log.countByStatusFor('reg-b')).accepted).toBe((await tallyOf({ registerId: 'reg-b' })).accepted);
      expect(numbers(await store.db.all(COUNTERS))).toEqual(numbers(await store.db.all(COUNTED_FROM_ROWS)));
    });
  });
}
