// Operator queries at a large table: a backlog written straight into a SQLite store (no HTTP, one
// transaction), then the console's reads timed one after another: a status filter page, the УНЗР
// search (a person key), and the dashboard (counts by status, the oldest waiting, finished per hour).
// On SQLite, or on PostgreSQL when given a database URL.
import { openPostgresStore, openSqliteStore, type Store } from '../../src/store/open-store.ts';

const T0 = Date.parse('2026-11-23T10:00:00Z');

export interface QueryRun {
  events: number;
  p95: Record<'status' | 'unzr' | 'dashboard', number>;
}

/** The same rows on both stores: PostgreSQL's generate_series and format() for SQLite's recursive CTE and printf(). */
const seedPostgres = (n: number): string[] => [
  `INSERT INTO events (id, register_id, register_event_id, type, occurred_at, person_key, content_hash, payload, warnings, received_at)
  SELECT format('e%s', lpad(n::text, 9, '0')), 'reg-q', format('Q-%s', n), 'residence.registered', '2026-11-20T10:15:00+02:00',
         format('p%s', n / 3), 'c', '{}', '[]', ${T0} + n * 10 FROM generate_series(1, ${n}) AS n`,
  `INSERT INTO deliveries (id, event_id, contract, message_id, person_key, occurred_at_ms, seq, status, attempts,
                          next_attempt_at, created_at, updated_at, finished_at, queue_head) OVERRIDING SYSTEM VALUE
  SELECT format('d%s', lpad(n::text, 9, '0')), format('e%s', lpad(n::text, 9, '0')), 'dms-registration-v1', format('m%s', n), format('p%s', n / 3), ${T0} + n, n,
         CASE WHEN n % 10 = 0 THEN 'accepted' ELSE 'delivered' END, 1,
         CASE WHEN n % 10 = 0 THEN ${T0} + n * 10 END, ${T0} + n * 10, ${T0} + n * 10,
         CASE WHEN n % 10 = 0 THEN NULL ELSE ${T0} + n * 10 + 5 END, CASE WHEN n % 10 = 0 THEN 1 ELSE 0 END FROM generate_series(1, ${n}) AS n`,
  'ANALYZE',
];

export async function measureQueries(where: { dataDir: string } | { databaseUrl: string }, n: number, samples: number): Promise<QueryRun> {
  const sqlite = 'dataDir' in where ? openSqliteStore(where.dataDir) : null;
  const store: Store = sqlite ?? (await openPostgresStore((where as { databaseUrl: string }).databaseUrl, 8));
  try {
    await store.access.createRegister({ id: 'reg-q', code: '26376375', name: 'bench', createdAt: T0, apiKeyHash: 'q' });
    // A tenth still waiting, the rest delivered; three events per person.
    if (!sqlite) for (const statement of seedPostgres(n)) await store.db.run(statement);
    else sqlite.db.connection.exec(`
      BEGIN;
      WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < ${n})
      INSERT INTO events (id, register_id, register_event_id, type, occurred_at, person_key, content_hash, payload, warnings, received_at)
      SELECT printf('e%09d', n), 'reg-q', printf('Q-%d', n), 'residence.registered', '2026-11-20T10:15:00+02:00',
             printf('p%d', n / 3), 'c', '{}', '[]', ${T0} + n * 10 FROM i;
      WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < ${n})
      INSERT INTO deliveries (id, event_id, contract, message_id, person_key, occurred_at_ms, seq, status, attempts,
                              next_attempt_at, created_at, updated_at, finished_at, queue_head)
      SELECT printf('d%09d', n), printf('e%09d', n), 'dms-registration-v1', printf('m%d', n), printf('p%d', n / 3), ${T0} + n, n,
             CASE WHEN n % 10 = 0 THEN 'accepted' ELSE 'delivered' END, 1,
             CASE WHEN n % 10 = 0 THEN ${T0} + n * 10 END, ${T0} + n * 10, ${T0} + n * 10,
             CASE WHEN n % 10 = 0 THEN NULL ELSE ${T0} + n * 10 + 5 END, CASE WHEN n % 10 = 0 THEN 1 ELSE 0 END FROM i;
      COMMIT;
      ANALYZE;`);
    const timed = async (work: (k: number) => Promise<unknown>): Promise<number> => {
      const ms: number[] = [];
      for (let k = 0; k < samples; k++) {
        const started = performance.now();
        await work(k);
        ms.push(performance.now() - started);
      }
      ms.sort((a, b) => a - b);
      return ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))] as number;
    };
    const p95 = {
      status: await timed(() => store.log.listLog({ status: 'accepted' }, null, 50)),
      unzr: await timed((k) => store.log.listLog({ personKey: `p${(k * 7919) % Math.floor(n / 3)}` }, null, 50)),
      dashboard: await timed(() =>
        Promise.all([store.log.countByStatusFor(null), store.log.oldestWaiting(null), store.log.finishedPerHour(T0 + n * 10 - 86_400_000, null)]),
      ),
    };
    return { events: n, p95 };
  } finally {
    await store.close();
  }
}
