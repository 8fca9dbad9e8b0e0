// Three gateway processes on one PostgreSQL database behind a (simulated) load balancer, and a mock
// DMS process. Posts are spread across the instances; one instance is killed with SIGKILL mid-run,
// and what it held comes back to the others when its leases expire. Then: every accepted event
// delivered, nothing registered twice at DMS, each person's events in the order they happened, and
// the same Idempotency-Key sent to two instances at once answered once.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeUnzr } from '../../src/domain/unzr.ts';
import { createTestDatabase, describePostgres, postgresProblem } from '../support/pg.ts';
import { REPO } from '../support/xsd.ts';
import { startInstance, stopInstance, type Instance } from './instances.ts';

const API_KEY = 'rtg_multi_instance_key_for_the_demo_0';
const PEOPLE = 8;
const EVENTS_PER_PERSON = 6;
/** Each instance's worker runs at most this many attempts at once: the bound on work lost at a kill. */
const CONCURRENCY = 4;
const example = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-registered.citizen-id-card.json'), 'utf8')) as Record<string, unknown>;

/** Person `p`'s `k`-th act: same person, acts recorded a minute apart. */
function act(p: number, k: number): Record<string, unknown> {
  const birthDate = `1990-01-${String(p + 10).padStart(2, '0')}`;
  return {
    ...example,
    eventId: `MI-${p}-${k}-${randomUUID().slice(0, 8)}`,
    occurredAt: `2026-11-20T10:${String(10 + k).padStart(2, '0')}:00+02:00`,
    person: { ...(example.person as object), unzr: makeUnzr(birthDate, 100 + p), rnokpp: undefined, birthDate, sex: 'female' },
  };
}

interface Journal {
  seq: number;
  gatewayEventId: string | null;
  verdict: string;
  processedAs?: string;
}

const problem = await postgresProblem();

describePostgres('several gateway instances on one PostgreSQL', problem, () => {
  let root: string;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let mock: Instance;
  const gateways: Instance[] = [];

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'rtg-multi-'));
    db = await createTestDatabase('rtg_e2e');
    const certs = path.join(root, 'certs');
    // The mock makes the development PKI first; the gateways then share it.
    mock = await startInstance('mock-dms', 'mock-dms', { MOCK_DMS_PORT: '0', DEV_CERTS_DIR: certs, LOG_LEVEL: 'info' });
    const gatewayEnv = (i: number): Record<string, string> => ({
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: '6',
      PORT: '0',
      DATA_DIR: path.join(root, `data-${i}`),
      DEV_CERTS_DIR: certs,
      DMS_URL: mock.url,
      DEMO_API_KEY: API_KEY,
      RETRY_SCHEDULE: '200ms,300ms,500ms,1s,1s,2s,2s,2s,2s',
      RETRY_JITTER: '0',
      WORKER_POLL: '200ms',
      DMS_CONNECT_TIMEOUT: '1s',
      DMS_RESPONSE_TIMEOUT: '2s',
      DELIVERY_LEASE: '4s',
      WORKER_CONCURRENCY: String(CONCURRENCY),
      LOG_LEVEL: 'info',
    });
    // The first start creates the demo register; the other two start together on a ready schema.
    gateways.push(await startInstance('gateway-0', 'serve', gatewayEnv(0)));
    gateways.push(...(await Promise.all([1, 2].map((i) => startInstance(`gateway-${i}`, 'serve', gatewayEnv(i))))));
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...gateways, mock].filter(Boolean).map((g) => stopInstance(g)));
    await db?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  const post = (g: Instance, body: unknown, idempotencyKey: string) =>
    fetch(`${g.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });

  /** As a register behind a load balancer: an instance that does not answer is skipped, the event re-sent elsewhere. */
  const acceptedBy = new Map<string, number>();
  async function postSomewhere(body: unknown, start: number): Promise<string> {
    for (let attempt = 0; attempt < 30; attempt++) {
      const live = gateways.filter((g) => g.alive);
      const g = live[(start + attempt) % live.length] as Instance;
      let res: Response;
      try {
        // A new key on each try: a request lost with its instance may keep its key locked, while the
        // register's eventId still makes a repeat of a stored event a 200 with the same id.
        res = await post(g, body, randomUUID());
      } catch {
        continue;
      }
      const answer = (await res.json()) as { id?: string; code?: string };
      if ((res.status === 202 || res.status === 200) && answer.id) {
        acceptedBy.set(g.name, (acceptedBy.get(g.name) ?? 0) + 1);
        return answer.id;
      }
      if (res.status === 409 && answer.code === 'IDEMPOTENCY_KEY_IN_FLIGHT') {
        await sleep(100);
        continue;
      }
      throw new Error(`${g.name} answered ${res.status}: ${JSON.stringify(answer)}`);
    }
    throw new Error('no instance accepted the event');
  }

  it('answers one Idempotency-Key sent to two instances at the same moment once', async () => {
    for (let round = 0; round < 5; round++) {
      const key = randomUUID();
      const body = act(PEOPLE + round, 0);
      const [a, b] = await Promise.all([post(gateways[0]!, body, key), post(gateways[1]!, body, key)]);
      const answers = [
        { status: a.status, replayed: a.headers.get('idempotent-replayed'), body: await a.text() },
        { status: b.status, replayed: b.headers.get('idempotent-replayed'), body: await b.text() },
      ];
      const first = answers.find((x) => x.status === 202 && x.replayed === null);
      expect(first, JSON.stringify(answers)).toBeDefined();
      const second = answers.find((x) => x !== first) as (typeof answers)[number];
      if (second.status === 409) expect(JSON.parse(second.body)).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_FLIGHT' });
      else expect(second).toEqual({ status: 202, replayed: 'true', body: first!.body });
    }
  });

  it('delivers every accepted event exactly once and in order per person, though an instance is killed mid-run', async () => {
    // Some answers are slow (so attempts are in flight when the instance dies), some fail and are
    // retried, and some acknowledgements are lost after DMS registered the message.
    const faults = { seed: 5, rules: [{ type: 'delay', ms: 800, probability: 0.4 }, { type: 'status', status: 503, probability: 0.1 }, { type: 'reset', when: 'after', probability: 0.05 }] };
    expect((await fetch(`${mock.url}/__admin/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) })).status).toBe(200);

    const started = Date.now();
    const accepted = new Map<number, string[]>();
    let total = 0;
    let killed = false;
    const victim = gateways[2]!;
    await Promise.all(
      Array.from({ length: PEOPLE }, async (_, p) => {
        const ids: string[] = [];
        accepted.set(p, ids);
        for (let k = 0; k < EVENTS_PER_PERSON; k++) {
          ids.push(await postSomewhere(act(p, k), p + k));
          total++;
          if (!killed && total >= (PEOPLE * EVENTS_PER_PERSON) / 3) {
            killed = true;
            victim.child.kill('SIGKILL');
          }
          await sleep(100);
        }
      }),
    );
    expect(killed).toBe(true);
    // every instance took part, the killed one included
    expect([...acceptedBy.keys()].sort()).toEqual(['gateway-0', 'gateway-1', 'gateway-2']);
    const all = [...accepted.values()].flat();
    expect(new Set(all).size).toBe(PEOPLE * EVENTS_PER_PERSON);

    // Everything delivered, read through a surviving instance.
    const survivor = gateways[0]!;
    const deadline = Date.now() + 60_000;
    let waiting = all;
    while (waiting.length > 0) {
      const statuses = await Promise.all(waiting.map(async (id) => [id, ((await (await fetch(`${survivor.url}/v1/events/${id}`, { headers: { authorization: `Bearer ${API_KEY}` } })).json()) as { status: string }).status] as const));
      const final = statuses.filter(([, s]) => ['rejected', 'failed', 'cancelled', 'blocked'].includes(s));
      expect(final, 'no event may end anywhere but delivered').toEqual([]);
      waiting = statuses.filter(([, s]) => s !== 'delivered').map(([id]) => id);
      if (Date.now() > deadline) throw new Error(`${waiting.length} events still undelivered after 60 s`);
      if (waiting.length > 0) await sleep(250);
    }

    const stats = (await (await fetch(`${mock.url}/__admin/stats`)).json()) as { businessDuplicates: { count: number }; registeredEvents: number };
    expect(stats.businessDuplicates.count).toBe(0);
    const journal = (await (await fetch(`${mock.url}/__admin/messages`)).json()) as Journal[];
    // The first acceptance of each event: an ACCEPTED answer, or one processed and then lost.
    const firstAccepted = new Map<string, number>();
    let acceptances = 0;
    for (const entry of journal) {
      if (entry.gatewayEventId === null || (entry.verdict !== 'accepted' && entry.processedAs !== 'accepted')) continue;
      acceptances++;
      if (!firstAccepted.has(entry.gatewayEventId)) firstAccepted.set(entry.gatewayEventId, entry.seq);
    }
    for (const id of all) expect(firstAccepted.has(id), `event ${id} was never accepted by DMS`).toBe(true);
    const here = all.filter((id) => firstAccepted.has(id));
    expect(here).toHaveLength(all.length);
    // exactly once: as many acceptances as distinct events (the idempotency round's events included)
    expect(acceptances).toBe(firstAccepted.size);
    expect(stats.registeredEvents).toBe(firstAccepted.size);
    for (const [p, ids] of accepted) {
      const seqs = ids.map((id) => firstAccepted.get(id) as number);
      expect(seqs, `person ${p} out of order`).toEqual([...seqs].sort((x, y) => x - y));
    }
    // How many messages reached DMS without their attempt being recorded: the killed instance's
    // work in flight, sent again by another instance once its lease expired.
    const sent = new Map<string, number>();
    for (const entry of journal) if (entry.gatewayEventId) sent.set(entry.gatewayEventId, (sent.get(entry.gatewayEventId) ?? 0) + 1);
    let unrecorded = 0;
    for (const id of all) {
      const view = (await (await fetch(`${survivor.url}/v1/events/${id}`, { headers: { authorization: `Bearer ${API_KEY}` } })).json()) as { attempts: unknown[] };
      unrecorded += Math.max(0, (sent.get(id) ?? 0) - view.attempts.length);
    }
    // At most the killed instance's attempts in flight at the kill: its worker's concurrency.
    expect(unrecorded, `${unrecorded} messages reached DMS unrecorded`).toBeLessThanOrEqual(CONCURRENCY);
    console.log(
      `multi-instance: ${all.length} events over 3 instances, one SIGKILLed after ${Math.round((PEOPLE * EVENTS_PER_PERSON) / 3)} posts; ` +
        `all delivered once and in order in ${Date.now() - started} ms; ${unrecorded} message(s) reached DMS from the killed instance unrecorded and went again once its lease expired`,
    );
  }, 90_000);
});
