// Memory while draining a large backlog: the backlog is written straight into a SQLite store (through
// the store's database seam, encrypted under the data key the gateway is then given, hundreds of
// events per INSERT and tens of thousands per commit: seed.ts),
// then a gateway child process with the worker on drains it to the mock DMS for a bounded time while
// its resident set size (VmRSS in /proc, Linux) is sampled. The gateway runs alone in its process, so
// the figure is its own memory, not the bench's.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config/config.ts';
import type { RegistrationEvent } from '../../src/domain/event.ts';
import { makeUnzr } from '../../src/domain/unzr.ts';
import { uuidv7 } from '../../src/ids.ts';
import { dataFields } from '../../src/store/crypto/data-keys.ts';
import { openSqliteStore } from '../../src/store/open-store.ts';
import { seedBacklog } from './seed.ts';
import { REPO, spawnServer, stop } from './servers.ts';

export interface SoakRun {
  events: number;
  writeSeconds: number;
  drainSeconds: number;
  delivered: number;
  maxRssMb: number;
  startRssMb: number;
}

interface Setup {
  dataDir: string;
  certsDir: string;
  mockUrl: string;
  apiKey: string;
  example: RegistrationEvent;
  workerConcurrency: number;
}

/** The Node flags `npm start` runs the gateway with (package.json), so the figure is of the gateway as started. */
const START_FLAGS = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/).filter((a) => a.startsWith('--'));

const acceptedAtMock = async (mockUrl: string): Promise<number> =>
  ((await (await fetch(`${mockUrl}/__admin/stats`)).json()) as { byVerdict: { accepted: number } }).byVerdict.accepted;

const rssMb = (pid: number): number => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : NaN;
};

export async function measureSoak(events: number, drainSeconds: number, s: Setup, progress: (line: string) => void): Promise<SoakRun> {
  const env = {
    DATA_DIR: s.dataDir,
    DATA_KEY: randomBytes(32).toString('base64'),
    PORT: '0',
    DEV_CERTS_DIR: s.certsDir,
    DMS_URL: s.mockUrl,
    DEMO_API_KEY: s.apiKey,
    LOG_LEVEL: 'info',
  };
  const gateway = path.join(REPO, 'src/main.ts');
  // The first start makes the schema and the demo register the backlog belongs to.
  await stop(await spawnServer([gateway, 'serve'], { ...env, WORKER_ENABLED: 'false' }));

  const writeStarted = performance.now();
  const store = openSqliteStore(s.dataDir, dataFields(loadConfig({ DATA_KEY: env.DATA_KEY })));
  try {
    const register = store.db.connection.prepare('SELECT id FROM registers WHERE sandbox_of IS NULL ORDER BY created_at LIMIT 1').get();
    if (!register) throw new Error('the first start made no register');
    const registerId = String(register.id);
    // Distinct people (one person's events go out one after another by design): each is its queue's head.
    await seedBacklog(
      store,
      events,
      (i) => {
        const event = { ...s.example, eventId: `SOAK-${i}`, person: { ...s.example.person, unzr: makeUnzr(s.example.person.birthDate, 1 + (i % 9999)) } };
        const now = Date.now();
        return {
          id: uuidv7(now),
          registerId,
          registerEventId: event.eventId,
          type: event.type,
          occurredAt: event.occurredAt,
          occurredAtMs: Date.parse(event.occurredAt),
          personKey: `soak-${i}`,
          payload: JSON.stringify(event),
          receivedAt: now,
          delivery: { id: uuidv7(now), messageId: uuidv7(now), contract: 'dms-registration-v1', status: 'accepted', attempts: 0, nextAttemptAt: now, finishedAt: null, queueHead: true },
        };
      },
      (written) => {
        if (written % 100_000 === 0) progress(`  soak: ${written} of ${events} events written`);
      },
    );
  } finally {
    await store.close();
  }
  const writeSeconds = (performance.now() - writeStarted) / 1000;

  await fetch(`${s.mockUrl}/__admin/messages`, { method: 'DELETE' });
  const before = await acceptedAtMock(s.mockUrl);
  const worker = await spawnServer([...START_FLAGS, gateway, 'serve'], { ...env, WORKER_CONCURRENCY: String(s.workerConcurrency), RATE_LIMIT_RATE: '1000000', RATE_LIMIT_BURST: '10000000' });
  const pid = worker.child.pid as number;
  const startRssMb = rssMb(pid);
  let maxRssMb = startRssMb;
  const started = performance.now();
  let delivered = 0;
  try {
    while (performance.now() - started < drainSeconds * 1000 && delivered < events) {
      await sleep(250);
      maxRssMb = Math.max(maxRssMb, rssMb(pid));
      delivered = (await acceptedAtMock(s.mockUrl)) - before;
    }
  } finally {
    await stop(worker);
  }
  return { events, writeSeconds, drainSeconds: (performance.now() - started) / 1000, delivered, maxRssMb, startRssMb };
}
