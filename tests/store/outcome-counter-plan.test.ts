// The dashboard's counter trigger on outcomes (PostgreSQL, migrations 0016 and 0020) must find an
// outcome's delivery by its message id, reading that one row, however its session's plans were made.
// A plan that walked every delivered delivery and filtered on the message id made writing outcomes
// slow down with the rows already stored (the bench: 60,000 events in 104 s instead of 10 s). Read
// off the executed plans themselves (auto_explain, ANALYZE, nested statements, sent to this client),
// so the test needs no clock. auto_explain ships with PostgreSQL (the machine's server and the
// throwaway embedded one); LOAD needs a superuser, which the test databases' user is: without it the
// test fails and says so, it does not skip.
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/open-store.ts';
import { testFields } from '../support/data-keys.ts';
import { describePostgres, postgresProblem, TestSchemas } from '../support/pg.ts';

const problem = await postgresProblem();
const schemas = problem === null ? new TestSchemas('rtg_plan') : null;
afterAll(async () => schemas?.dropAll());

const STORED = 3000;
const OUTCOMES = 60;

/** Every scan of `deliveries` in the plans auto_explain sent, with the rows it returned and the rows it read and threw away. */
function deliveryScans(plans: readonly string[]): Array<{ node: string; rows: number; removed: number }> {
  const scans: Array<{ node: string; rows: number; removed: number }> = [];
  for (const plan of plans) {
    const lines = plan.split('\n');
    lines.forEach((line, i) => {
      const scan = /(\w[\w ]*Scan[\w ]*) on deliveries \w+ .*actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=\d+/.exec(line);
      if (!scan) return;
      let removed = 0;
      for (let k = i + 1; k < lines.length && /^\s+(Index Cond|Filter|Rows Removed|Heap Fetches|Recheck Cond)/.test(lines[k] as string); k++) {
        const filtered = /Rows Removed by (?:Filter|Index Recheck): (\d+)/.exec(lines[k] as string);
        if (filtered) removed += Number(filtered[1]);
      }
      scans.push({ node: (scan[1] as string).trim(), rows: Number(scan[2]), removed });
    });
  }
  return scans;
}

describePostgres('outcome counter trigger plan', problem, () => {
  it('reads only the outcome’s own delivery, however many delivered ones there are', async () => {
    const { url } = await (schemas as TestSchemas).create();
    const store = await openPostgresStore(url, 2, testFields);
    await store.access.createRegister({ id: 'reg-p', code: '26376375', name: 'plan', createdAt: 0, apiKeyHash: 'p' });
    await store.close();

    const session = new URL(url);
    session.searchParams.set('options', `${session.searchParams.get('options') ?? ''} -c jit=off`);
    const client = new pg.Client({ connectionString: session.toString() });
    const plans: string[] = [];
    client.on('notice', (notice) => {
      if (notice.message?.includes('Query Text:')) plans.push(notice.message);
    });
    await client.connect();
    try {
      // The statistics a young store has, taken by autovacuum while it held one waiting delivery: a
      // delivered one looks rare to the planner. Then the store grows to thousands of delivered ones.
      const write = (from: number, to: number, status: string) =>
        client.query(
          `WITH n AS (SELECT generate_series($1::int, $2::int) AS i),
                e AS (INSERT INTO events (id, register_id, register_event_id, type, occurred_at, person_key, content_hash, payload, warnings, received_at)
                      SELECT 'e' || i, 'reg-p', 'e' || i, 'residence.registered', '2026-11-20T10:15:00+02:00', 'p' || i, 'h', 'x', '[]', 0 FROM n)
           INSERT INTO deliveries (id, event_id, contract, message_id, person_key, occurred_at_ms, status, attempts, created_at, updated_at, finished_at)
           SELECT 'd' || i, 'e' || i, 'dms-registration-v1', 'm' || i, 'p' || i, 0, $3, 1, 0, 0, 1 FROM n`,
          [from, to, status],
        );
      await write(0, 0, 'accepted');
      await client.query('ANALYZE deliveries');
      await write(1, STORED, 'delivered');

      await client.query("LOAD 'auto_explain'");
      await client.query("SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; SET auto_explain.log_nested_statements = on; SET auto_explain.log_level = 'notice'");
      // One outcome per statement, in one session, as DMS's callbacks arrive: past the five custom
      // plans after which PL/pgSQL may keep a generic one.
      for (let i = 1; i <= OUTCOMES; i++) {
        await client.query(
          `INSERT INTO outcomes (outcome_id, message_id, event_id, kind, receipt_number, record_ref, decided_at, received_at)
           VALUES ($1, $2, $3, 'registered', 'R', 'EDDR', '2026-11-23T12:00:00+02:00', 2)`,
          [`o${i}`, `m${i}`, `e${i}`],
        );
      }
      await client.query('SET auto_explain.log_min_duration = -1');

      const scans = deliveryScans(plans);
      // one lookup per outcome at least (the trigger's), each returning its one delivery and reading no other
      expect(scans.length).toBeGreaterThanOrEqual(OUTCOMES);
      expect(scans.filter((s) => s.rows > 1 || s.removed > 0)).toEqual([]);
      // and the counters moved each of those deliveries from `delivered` to `registered`
      const { rows } = await client.query<{ status: string; n: string }>(
        "SELECT status, SUM(n)::text AS n FROM status_count_changes WHERE register_id = 'reg-p' GROUP BY status ORDER BY status",
      );
      expect(rows).toEqual([
        { status: 'accepted', n: '1' },
        { status: 'delivered', n: String(STORED - OUTCOMES) },
        { status: 'registered', n: String(OUTCOMES) },
      ]);
    } finally {
      await client.end();
    }
  });
});
