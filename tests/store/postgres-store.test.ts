// The shared Store suite against PostgreSQL (a fresh schema per test, and a second connection to it
// for the tests of two instances), then what only PostgreSQL has: row locks skipped by claims, the
// migration lock, wake-ups across instances, and a schema that means what SQLite's does.
import { execFile } from 'node:child_process';
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, expect, it, vi } from 'vitest';
import { uuidv7 } from '../../src/ids.ts';
import { readMigrations } from '../../src/store/migrations/migration-files.ts';
import { migrateSqlite } from '../../src/store/db/migrate-sqlite.ts';
import { migratePostgres } from '../../src/store/db/migrate-postgres.ts';
import type { NewEvent } from '../../src/store/events.ts';
import { testFields } from '../support/data-keys.ts';
import { openPostgresStore } from '../../src/store/open-store.ts';
import { lockPersonQueue } from '../../src/store/sql/person-order.ts';
import { enqueueDeliveryOutcome } from '../../src/store/delivery-webhooks.ts';
import { linkEntry } from '../../src/evidence/chain.ts';
import type { ChainHead } from '../../src/store/evidence.ts';

type PgStore = Awaited<ReturnType<typeof openPostgresStore>>;
import { describePostgres, postgresProblem, TestSchemas } from '../support/pg.ts';
import { describeAccessStore } from './access-suite.ts';
import { describeCountersStore } from './counters-suite.ts';
import { describeSandboxStore } from './sandbox-suite.ts';
import { describeOperationsStore } from './operations-suite.ts';
import { describeStore } from './store-suite.ts';
import { describeNoticesStore } from './notices-suite.ts';
import { describeWebhooksStore } from './webhooks-suite.ts';

const run = promisify(execFile);
const problem = await postgresProblem();
const schemas = problem === null ? new TestSchemas('rtg_store') : null;
afterAll(async () => schemas?.dropAll());

/** Counts the COMMITs every pg client sends until restored. */
function countCommits(): { count(): number; restore(): void } {
  let commits = 0;
  const query = pg.Client.prototype.query;
  const spy = vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
    if (args[0] === 'COMMIT') commits++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query);
  return { count: () => commits, restore: () => spy.mockRestore() };
}

let lastUrl = '';
describePostgres('postgres', problem, () => {
  describeStore(
    'postgres',
    async () => {
      lastUrl = (await (schemas as TestSchemas).create()).url;
      return openPostgresStore(lastUrl, 4, testFields);
    },
    async () => openPostgresStore(lastUrl, 4, testFields),
  );
  describeNoticesStore(
    'postgres',
    async () => {
      lastUrl = (await (schemas as TestSchemas).create()).url;
      return openPostgresStore(lastUrl, 4, testFields);
    },
    async () => openPostgresStore(lastUrl, 4, testFields),
  );
  describeOperationsStore('postgres', async () => openPostgresStore((await (schemas as TestSchemas).create()).url, 4, testFields));
  describeCountersStore(
    'postgres',
    async () => {
      lastUrl = (await (schemas as TestSchemas).create()).url;
      return openPostgresStore(lastUrl, 4, testFields);
    },
    async () => openPostgresStore(lastUrl, 4, testFields),
  );
  describeAccessStore('postgres', async () => openPostgresStore((await (schemas as TestSchemas).create()).url, 4, testFields));
  describeSandboxStore('postgres', async () => openPostgresStore((await (schemas as TestSchemas).create()).url, 4, testFields));
  describeWebhooksStore(
    'postgres',
    async () => {
      lastUrl = (await (schemas as TestSchemas).create()).url;
      return openPostgresStore(lastUrl, 4, testFields);
    },
    async () => openPostgresStore(lastUrl, 4, testFields),
  );
});

describePostgres('postgres specifics', problem, () => {
  let url: string;
  let store: PgStore;
  const T0 = Date.parse('2026-11-23T10:00:00Z');
  const event = (personKey: string): NewEvent => ({
    id: uuidv7(),
    registerId: 'reg-1',
    registerEventId: `BC-${uuidv7()}`,
    type: 'residence.registered',
    occurredAt: '2026-11-20T10:15:00+02:00',
    occurredAtMs: T0 - 1000,
    personKey,
    contentHash: 'c',
    payload: '{}',
    warnings: [],
    receivedAt: T0,
    delivery: { id: uuidv7(), messageId: uuidv7(), contract: 'dms-registration-v1' },
  });

  beforeEach(async () => {
    url = (await (schemas as TestSchemas).create()).url;
    store = await openPostgresStore(url, 4, testFields);
    await store.access.createRegister({ id: 'reg-1', code: '26376375', name: 'x', createdAt: T0, apiKeyHash: 'h' });
  });
  afterEach(async () => store.close());

  it('skips a delivery another transaction has locked instead of waiting for it', async () => {
    const locked = event('a');
    const free = event('b');
    await store.events.ingestEvent(locked);
    await store.events.ingestEvent(free);
    const client = await store.db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT id FROM deliveries WHERE event_id = $1 FOR UPDATE', [locked.id]);
      // Had the claim waited for the lock, it would never return: the lock is released only below.
      expect((await store.deliveries.claimDue('w', T0, 60_000, 10)).map((d) => d.eventId)).toEqual([free.id]);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect((await store.deliveries.claimDue('w', T0, 60_000, 10)).map((d) => d.eventId)).toEqual([locked.id]);
  });

  it("holds the person's queue lock from the event's INSERT to the commit, a sandbox event its own queue's", async () => {
    const lockedKeys = (tx: { all(sql: string): Promise<Array<Record<string, unknown>>> }) =>
      tx.all(`SELECT objid::int AS key FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()`).then((rows) => rows.map((r) => Number(r.key)));
    // what the queue's other writers take (sql/person-order.ts), the key as they spell it
    const hashOf = (personKey: string) =>
      store.db.transaction(async (tx) => {
        await lockPersonQueue(tx, { personKey });
        return (await lockedKeys(tx))[0];
      });
    const held = await store.db.transaction(async (tx) => {
      await store.events.storeEvent(tx, event('person-a'));
      const live = await lockedKeys(tx);
      await store.events.storeEvent(tx, { ...event('person-b'), sandbox: true });
      return { live, both: await lockedKeys(tx) };
    });
    expect(held.live).toEqual([await hashOf('person-a')]);
    expect(held.both.sort()).toEqual([await hashOf('person-a'), await hashOf('sandbox:person-b')].sort());
  });

  it("commits one person's ingests that wait for each other together, in the order they came, and another person's apart", async () => {
    const people = ['person-a', ...Array.from({ length: 8 }, () => 'person-a'), 'person-b'];
    const events = people.map((p) => event(p));
    const commits = countCommits();
    try {
      const results = await Promise.all(events.map((e) => store.events.ingestEvent(e)));
      expect(results.map((r) => r.kind)).toEqual(people.map(() => 'created'));
    } finally {
      commits.restore();
    }
    // The first of person-a alone, the eight asked for while it ran in one transaction after it, person-b apart.
    expect(commits.count()).toBe(3);
    const rows = await store.db.all("SELECT e.id FROM events e JOIN deliveries d ON d.event_id = e.id WHERE e.person_key = 'person-a' ORDER BY d.seq");
    expect(rows.map((r) => r.id)).toEqual(events.filter((_, i) => people[i] === 'person-a').map((e) => e.id));
    // The person's queue: the first is the head, the rest wait behind it in order.
    expect((await store.deliveries.claimDue('w', T0, 60_000, 10)).map((d) => d.eventId).sort()).toEqual([events[0]?.id, events[9]?.id].sort());
  });

  it("runs a request's key and event in its person's shared transaction: one commit for the person's waiting requests", async () => {
    const commits = countCommits();
    try {
      const ingest = (key: string) =>
        store.idempotency.once({ registerId: 'reg-1', key }, `hash-${key}`, T0, 86_400_000, async (tx) => {
          const stored = await store.events.storeEvent(tx, event('person-a'));
          return { value: stored.kind, response: { status: 202, headers: {}, body: stored.kind } };
        }, { group: 'person-a' });
      const first = ingest('k0');
      // The same key twice while the person is busy: one runs, the other replays it.
      const waiting = [...['k1', 'k2', 'k3', 'k4'].map(ingest), ingest('k1')];
      const outcomes = await Promise.all([first, ...waiting]);
      expect(outcomes.map((o) => o.kind)).toEqual(['ran', 'ran', 'ran', 'ran', 'ran', 'replay']);
      // k0 alone, k1–k4 and the repeat's first try together, then the repeat's reading of the key.
      expect(commits.count()).toBe(3);
    } finally {
      commits.restore();
    }
  });

  it("loses no request to a deadlock between two people's shared transactions (a register reusing event ids across them): the victim runs again alone", async () => {
    const put = (person: string, registerEventId: string, before?: () => Promise<void>) =>
      store.db.transaction(async (tx) => {
        await before?.();
        return (await store.events.storeEvent(tx, { ...event(person), registerEventId, contentHash: person })).kind;
      }, { group: person });
    const holdA = Promise.withResolvers<void>();
    const holdB = Promise.withResolvers<void>();
    const aHasE1 = Promise.withResolvers<void>();
    const bHasE2 = Promise.withResolvers<void>();
    const asked = [
      put('person-a', 'A0', () => holdA.promise),
      put('person-b', 'B0', () => holdB.promise),
      // Queued behind each person's first: person-a writes E1 then E2, person-b E2 then E1.
      put('person-a', 'E1'),
      put('person-a', 'E2', async () => {
        aHasE1.resolve();
        await bHasE2.promise;
      }),
      put('person-b', 'E2'),
      put('person-b', 'E1', async () => {
        bHasE2.resolve();
        await aHasE1.promise;
      }),
    ];
    holdA.resolve();
    holdB.resolve();
    const kinds = await Promise.all(asked);
    expect(kinds.slice(0, 2)).toEqual(['created', 'created']);
    // Each of E1 and E2 is one person's; the other person's copy is refused as a conflict, not failed.
    expect([kinds[2], kinds[5]].sort()).toEqual(['conflict', 'created']);
    expect([kinds[3], kinds[4]].sort()).toEqual(['conflict', 'created']);
  });

  it('applies each migration once when two processes start at the same moment', async () => {
    // Hold the migration lock so that both processes are waiting on it before either can begin.
    const { fresh, holder } = await holdMigrationLock();
    const child = path.join(import.meta.dirname, 'pg-migrate-child.ts');
    const both = Promise.all([run(process.execPath, [child, fresh]), run(process.execPath, [child, fresh])]);
    await waitForLockWaiters(holder, 2);
    await holder.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    const applied = (await both).map((r) => JSON.parse(r.stdout) as string[]);
    const all = readMigrations('postgres').map((m) => m.version);
    expect([...applied[0]!, ...applied[1]!].sort()).toEqual(all);
    expect((await holder.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version)).toEqual(all);
    await holder.end();
  });

  it('fails a start whose connection is lost while it waits for the migration lock, without an uncaught error', async () => {
    const { fresh, holder } = await holdMigrationLock();
    const name = `rtg-migrate-lost-${uuidv7()}`;
    const pool = new pg.Pool({ connectionString: fresh, max: 1, application_name: name });
    try {
      const migrating = migratePostgres(pool);
      const deadline = Date.now() + 10_000;
      // Its backend waits for the lock; then the server ends it (a restart, an administrator).
      while (Number((await holder.query(`SELECT pg_terminate_backend(pid)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [name])).rows[0]?.n ?? 0) === 0) {
        if (Date.now() > deadline) throw new Error('the migration never waited for the lock');
        await new Promise((r) => setTimeout(r, 20));
      }
      await expect(migrating).rejects.toThrow(/terminat/i);
    } finally {
      await holder.end();
      await pool.end();
    }
  });

  it('has the tables, columns and NOT NULLs of the SQLite schema', async () => {
    const lite = new DatabaseSync(':memory:');
    migrateSqlite(lite);
    const sqlite = new Map<string, string[]>();
    for (const { name } of lite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as Array<{ name: string }>) {
      const columns = lite.prepare(`SELECT name, "notnull" AS nn, pk FROM pragma_table_info(?)`).all(name) as Array<{ name: string; nn: number; pk: number }>;
      sqlite.set(name, columns.map((c) => `${c.name}${c.nn || c.pk ? ' not null' : ''}`).sort());
    }
    lite.close();
    const { rows } = await store.db.pool.query<{ table_name: string; column_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema()`,
    );
    const postgres = new Map<string, string[]>();
    for (const r of rows) postgres.set(r.table_name, [...(postgres.get(r.table_name) ?? []), `${r.column_name}${r.is_nullable === 'NO' ? ' not null' : ''}`]);
    for (const columns of postgres.values()) columns.sort();
    expect(Object.fromEntries([...postgres].sort())).toEqual(Object.fromEntries([...sqlite].sort()));
  });

  it('wakes the workers of other instances when an event is accepted (LISTEN/NOTIFY)', async () => {
    const other = await openPostgresStore(url, 2, testFields);
    try {
      let calls = 0;
      let signal = () => undefined as void;
      const stopListening = (other.onDue as NonNullable<PgStore['onDue']>)(() => {
        calls++;
        signal();
      });
      const next = () => new Promise<void>((resolve, reject) => {
        signal = resolve;
        setTimeout(() => reject(new Error('no wake-up within 5 s')), 5000).unref();
      });
      // the first call comes once the listening connection is up: it may have missed something
      await next();
      const woken = next();
      await store.events.ingestEvent(event('a'));
      await woken;
      expect(calls).toBe(2);
      stopListening();
    } finally {
      await other.close();
    }
  });

  it('opens every connection with durable commits and without JIT, whatever the server and the URL say', async () => {
    // the URL's own options are kept beside ours
    const withOptions = new URL(url);
    withOptions.searchParams.set('options', `${withOptions.searchParams.get('options') ?? ''} -c synchronous_commit=off -c jit=on -c application_name=x`.trim());
    const other = await openPostgresStore(withOptions.toString(), 2, testFields);
    try {
      for (const s of [store, other]) {
        const settings = await s.db.all(`SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit', 'jit') ORDER BY name`);
        expect(settings).toEqual([
          { name: 'jit', setting: 'off' },
          { name: 'synchronous_commit', setting: 'on' },
        ]);
      }
    } finally {
      await other.close();
    }
  });

  it('writes event.registered once when DMS’s outcome comes while the delivery is being recorded delivered', async () => {
    const actor = { kind: 'register' as const, id: 'reg-1', code: '26376375' };
    const hooks = await store.webhooks.createEndpoint({ id: 'ep_race', registerId: 'reg-1', url: 'https://hooks.example/race', description: null, eventTypes: ['event.delivered', 'event.registered'], secret: 'whsec_race' }, actor, T0);
    const e = event('person-race');
    await store.events.ingestEvent(e);
    const [d] = await store.deliveries.claimDue('w', T0, 60_000, 10);
    // The delivery's recording, held open after it read the outcome as not there yet: what the
    // worker's transaction does (its status, then the webhooks its final state owes).
    let commit = () => undefined as void;
    const held = new Promise<void>((resolve) => (commit = resolve));
    let xid = '';
    const xidKnown = Promise.withResolvers<void>();
    const recording = store.db.transaction(async (tx) => {
      await tx.run(`UPDATE deliveries SET status = 'delivered', finished_at = :at WHERE id = :id`, { id: d!.id, at: T0 + 1 });
      await enqueueDeliveryOutcome(tx, d!.id, { status: 'delivered', receipt: { number: 'DMS-1', status: 'ACCEPTED', registeredAt: 'x' } }, T0 + 1);
      xid = String((await tx.one(`SELECT transactionid::text AS xid FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'transactionid' AND granted`))?.xid);
      xidKnown.resolve();
      await held;
    });
    await xidKnown.promise;
    const evidence = (eventId: string) => (head: ChainHead | null) =>
      linkEntry({ at: T0, eventId, messageId: 'm', attempt: 0, outcome: 'outcome', httpStatus: 200, signer: null, requestDigest: 'd', requestBody: '<x/>', responseDigest: null, responseBody: null }, head);
    const outcome = store.outcomes.recordOutcome(
      { receiptNumber: 'DMS-1', decidedAt: '2026-11-23T12:00:03+02:00', outcomeId: uuidv7(), messageId: e.delivery.messageId, gatewayEventId: e.id, decision: { kind: 'registered', recordRef: 'EDDR-1' } },
      T0 + 2,
      evidence,
    );
    // The outcome's transaction waits for the recording's row lock, then the recording commits.
    await waitForWaiterOn(store, xid, 'the outcome did not wait for the delivery being recorded');
    commit();
    await recording;
    expect(await outcome).toMatchObject({ kind: 'stored', current: true });
    const types = (await store.webhooks.messages(hooks.id, 10)).map((m) => m.type).sort();
    expect(types).toEqual(['event.delivered', 'event.registered']);
  });

  it('writes event.registered once whichever of the real recording and the outcome takes the delivery first', async () => {
    const actor = { kind: 'register' as const, id: 'reg-1', code: '26376375' };
    const evidence = (eventId: string) => (head: ChainHead | null) =>
      linkEntry({ at: T0, eventId, messageId: 'm', attempt: 0, outcome: 'outcome', httpStatus: 200, signer: null, requestDigest: 'd', requestBody: '<x/>', responseDigest: null, responseBody: null }, head);
    for (const first of ['recording', 'outcome'] as const) {
      const hooks = await store.webhooks.createEndpoint({ id: `ep_${first}`, registerId: 'reg-1', url: `https://hooks.example/${first}`, description: null, eventTypes: ['event.delivered', 'event.registered'], secret: 'whsec_order' }, actor, T0);
      const e = event(`person-${first}`);
      await store.events.ingestEvent(e);
      const [d] = await store.deliveries.claimDue('w', T0, 60_000, 10);
      const ack = { number: 1, startedAt: T0, durationMs: 1, outcome: 'delivered' as const, httpStatus: 200, errorClass: null, detail: null, responseExcerpt: null, messageId: d!.messageId, contract: d!.contract };
      const record = () => store.deliveries.recordAttempt(d!.id, 'w', ack, { status: 'delivered', receipt: { number: 'R', status: 'ACCEPTED', registeredAt: 'x' } }, T0 + 1, evidence(e.id));
      const outcome = () =>
        store.outcomes.recordOutcome({ receiptNumber: 'DMS-1', decidedAt: '2026-11-23T12:00:03+02:00', outcomeId: uuidv7(), messageId: e.delivery.messageId, gatewayEventId: e.id, decision: { kind: 'registered', recordRef: 'EDDR-1' } }, T0 + 2, evidence);
      // Both append evidence last: holding the evidence log from aside stops the first one there,
      // its row lock held, while the second comes and waits for that row.
      const side = new pg.Client({ connectionString: url });
      await side.connect();
      try {
        await side.query('BEGIN');
        await side.query('LOCK TABLE evidence_log IN SHARE ROW EXCLUSIVE MODE');
        const one = first === 'recording' ? record() : outcome();
        await waitForBackendsWaiting(side, 'relation', 1);
        const two = first === 'recording' ? outcome() : record();
        await waitForBackendsWaiting(side, 'transactionid', 1);
        await side.query('COMMIT');
        await Promise.all([one, two]);
      } finally {
        await side.end();
      }
      expect((await store.webhooks.messages(hooks.id, 10)).map((m) => m.type).sort(), first).toEqual(['event.delivered', 'event.registered']);
    }
  });

  it('purges personal data without deadlocking with an outcome that holds its delivery and waits for the evidence log', async () => {
    const e = event('person-old');
    await store.events.ingestEvent(e);
    const [d] = await store.deliveries.claimDue('w', T0, 60_000, 10);
    const ack = { number: 1, startedAt: T0, durationMs: 1, outcome: 'delivered' as const, httpStatus: 200, errorClass: null, detail: null, responseExcerpt: null, messageId: d!.messageId, contract: d!.contract };
    await store.deliveries.recordAttempt(d!.id, 'w', ack, { status: 'delivered', receipt: { number: 'R', status: 'ACCEPTED', registeredAt: 'x' } }, T0);
    // What an outcome for this delivery's message does (store/outcomes.ts): its row FOR SHARE, later the evidence lock.
    const outcome = new pg.Client({ connectionString: url });
    await outcome.connect();
    try {
      await outcome.query('BEGIN');
      await outcome.query('SELECT id FROM deliveries WHERE message_id = $1 FOR SHARE', [d!.messageId]);
      const xid = String((await outcome.query('SELECT pg_current_xact_id()::text AS xid')).rows[0]?.xid);
      const purging = store.retention.purgePersonalData(T0 + 1, T0 + 2);
      await waitForWaiterOn(store, xid, 'the purge did not wait for the outcome’s row');
      // The purge waits for the row without holding the evidence log: the outcome goes on and commits.
      await outcome.query(`LOCK TABLE evidence_log IN SHARE ROW EXCLUSIVE MODE`);
      await outcome.query('COMMIT');
      expect(await purging).toMatchObject({ events: 1 });
    } finally {
      await outcome.end();
    }
  });

  it('reads times back as numbers', async () => {
    const e = event('a');
    await store.events.ingestEvent(e);
    expect((await store.events.getEvent(e.id))?.receivedAt).toBe(T0);
    expect(await store.deliveries.nextDueAt()).toBe(T0);
  });
});

const MIGRATION_LOCK_KEY = `hashtextextended('rtg-gateway migrations in ' || current_schema(), 0)`;

/** A fresh schema, and a client holding its migration lock (as an instance migrating it would). */
async function holdMigrationLock(): Promise<{ fresh: string; holder: pg.Client }> {
  const fresh = (await (schemas as TestSchemas).create()).url;
  const holder = new pg.Client({ connectionString: fresh });
  await holder.connect();
  await holder.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
  return { fresh, holder };
}

/** Until another transaction waits for transaction `xid` (a row lock it holds). */
async function waitForWaiterOn(store: PgStore, xid: string, failure: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Number((await store.db.pool.query(`SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted AND transactionid::text = $1`, [xid])).rows[0]?.n) === 0) {
    if (Date.now() > deadline) throw new Error(failure);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Until `n` backends of this database wait for a lock of this kind (pg_stat_activity's wait_event). */
async function waitForBackendsWaiting(client: pg.Client, waitEvent: 'relation' | 'transactionid', n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Number((await client.query(`SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = $1`, [waitEvent])).rows[0]?.n) < n) {
    if (Date.now() > deadline) throw new Error(`fewer than ${n} transactions waited for a ${waitEvent} lock`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function waitForLockWaiters(client: pg.Client, n: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { rows } = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
    if (Number(rows[0]?.n) >= n) return;
    if (Date.now() > deadline) throw new Error(`fewer than ${n} processes waited for the migration lock`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
