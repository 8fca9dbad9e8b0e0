// Operator queries at a large table: a log written straight into the store (seed.ts, as the soak's
// backlog is: payloads sealed, hundreds of rows per INSERT on PostgreSQL), then the console's reads
// timed one after another: a status filter page, the УНЗР search (a person key), and the dashboard
// as an operator sees it (operations/dashboard.ts: counts by status, the oldest waiting, finished per
// hour, the latest failed and blocked). On SQLite, or on PostgreSQL when given a database URL.
import { dashboard } from '../../src/operations/dashboard.ts';
import { openPostgresStore, openSqliteStore, type Store } from '../../src/store/open-store.ts';
import { testFields } from '../support/data-keys.ts';
import { seedBacklog, type SeedRow } from './seed.ts';

const T0 = Date.parse('2026-11-23T10:00:00Z');

export interface QueryRun {
  events: number;
  seedSeconds: number;
  p95: Record<'status' | 'unzr' | 'dashboard', number>;
}

/**
 * Event i (from 1): three events per person, one received every 10 ms. A tenth still waiting, one in
 * a thousand failed (its person's later waiting events show `blocked`), the rest delivered, a third
 * of those with DMS's outcome (registered, or one in ten refused).
 */
const status = (i: number) => (i % 10 === 0 ? 'accepted' : i % 1000 === 1 ? 'failed' : 'delivered');
const person = (i: number) => Math.floor(i / 3);
export function rowForBench(i: number): SeedRow {
  const s = status(i);
  const finishedAt = s === 'accepted' ? null : T0 + i * 10 + 5;
  // the person's first unsettled event is their queue's head
  const earlierUnsettled = Array.from({ length: i - 3 * person(i) }, (_, k) => 3 * person(i) + k).some((j) => j >= 1 && status(j) !== 'delivered');
  return {
    id: `e${String(i).padStart(9, '0')}`,
    registerId: 'reg-q',
    registerEventId: `Q-${i}`,
    type: 'residence.registered',
    occurredAt: '2026-11-20T10:15:00+02:00',
    occurredAtMs: T0 + i,
    personKey: `p${person(i)}`,
    payload: JSON.stringify({ eventId: `Q-${i}`, person: { lastName: 'Шевченко', firstName: 'Тарас', unzr: '19900101-00011' } }),
    receivedAt: T0 + i * 10,
    delivery: {
      id: `d${String(i).padStart(9, '0')}`,
      messageId: `m${i}`,
      contract: 'dms-registration-v1',
      status: s,
      attempts: 1,
      nextAttemptAt: s === 'accepted' ? T0 + i * 10 : null,
      finishedAt,
      queueHead: s !== 'delivered' && !earlierUnsettled,
      ...(s === 'delivered' && i % 3 === 0 ? { outcome: i % 30 === 0 ? ('refused' as const) : ('registered' as const) } : {}),
    },
  };
}

export async function measureQueries(where: { dataDir: string } | { databaseUrl: string }, n: number, samples: number, progress: (line: string) => void = () => undefined): Promise<QueryRun> {
  const store: Store = 'dataDir' in where ? openSqliteStore(where.dataDir, testFields) : await openPostgresStore(where.databaseUrl, 8, testFields);
  try {
    await store.access.createRegister({ id: 'reg-q', code: '26376375', name: 'bench', createdAt: T0, apiKeyHash: 'q' });
    const seedSeconds = await seedBacklog(store, n, (k) => rowForBench(k + 1), (written) => {
      if (written % 200_000 === 0) progress(`  ${written} of ${n} events written`);
    });
    // As a running gateway leaves them after a bulk load: PostgreSQL's counter changes folded in (its
    // readers do that) and the dead rows vacuumed (autovacuum); the planners' statistics on both.
    if (store.db.dialect === 'postgres') {
      await store.log.foldCounters();
      await store.db.run('VACUUM ANALYZE');
    } else await store.db.run('ANALYZE');
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
    const deps = { store, personKeySecret: '', breakers: () => [], onDue: () => undefined, onReplay: () => undefined, now: () => T0 + n * 10 };
    const operator = { kind: 'operator' as const, operator: { id: 'op', name: 'bench', role: 'viewer' as const, createdAt: T0 } };
    const p95 = {
      status: await timed(() => store.log.listLog({ status: 'accepted' }, null, 50)),
      unzr: await timed((k) => store.log.listLog({ personKey: `p${(k * 7919) % Math.floor(n / 3)}` }, null, 50)),
      dashboard: await timed(() => dashboard(deps, operator)),
    };
    return { events: n, seedSeconds, p95 };
  } finally {
    await store.close();
  }
}
