// Accept → delivered latency at a steady rate: one gateway (SQLite, worker on) delivering to a mock
// DMS process while events are posted open-loop at `rate` per second (a request leaves on its
// schedule whether or not earlier ones were answered). Per event: the time its 202 arrived here,
// and the time the worker recorded the delivery finished (deliveries.finished_at, read from the
// store file afterwards; same clock, same machine). The mock's verdicts do not matter: any finished
// delivery counts. A process just started runs its code unoptimised (V8 compiles the hot paths as
// they warm, on the same two cores): the first few hundred milliseconds' events took up to 100–140 ms
// where later ones take single milliseconds. So the same load first runs for `warmupSeconds`, reported
// on its own line, and the figures after it are the steady state's.
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type { RegistrationEvent } from '../../src/domain/event.ts';
import { makeUnzr } from '../../src/domain/unzr.ts';
import { REPO, spawnServer, stop } from './servers.ts';

export interface LatencyFigures {
  sent: number;
  accepted: number;
  measured: number;
  p50: number;
  p99: number;
  max: number;
  /** request sent → 202, p50 */
  acceptP50: number;
  /** last 202 → last delivery finished */
  drainSeconds: number;
}

export interface LatencyRun extends LatencyFigures {
  /** The same load in the gateway's first seconds, before the measured ones. */
  warmup: LatencyFigures;
}

interface Setup {
  dataDir: string;
  certsDir: string;
  mockUrl: string;
  apiKey: string;
  example: RegistrationEvent;
  workerConcurrency: number;
}

export async function measureLatency(rate: number, seconds: number, warmupSeconds: number, s: Setup): Promise<LatencyRun> {
  const gateway = await spawnServer([path.join(REPO, 'src/main.ts'), 'serve'], {
    DATA_DIR: s.dataDir,
    PORT: '0',
    DEV_CERTS_DIR: s.certsDir,
    DMS_URL: s.mockUrl,
    DEMO_API_KEY: s.apiKey,
    // info: the line saying it listens
    LOG_LEVEL: 'info',
    WORKER_CONCURRENCY: String(s.workerConcurrency),
    RATE_LIMIT_RATE: '1000000',
    RATE_LIMIT_BURST: '10000000',
  });
  try {
    const pool = new Pool(gateway.url, { connections: 64, pipelining: 1 });
    try {
      let delivered = 0;
      let people = 0;
      // each phase's events are about people of their own: a warm-up delivery still retrying would hold a measured one back
      const phase = async (name: string, phaseSeconds: number): Promise<LatencyFigures> => {
        const figures = await postAtRate(pool, name, rate, phaseSeconds, s, { delivered, firstPerson: people });
        delivered += figures.measured;
        people += figures.sent;
        return figures;
      };
      const warmup = await phase('WARMUP', warmupSeconds);
      return { ...(await phase('LATENCY', seconds)), warmup };
    } finally {
      await pool.close();
    }
  } finally {
    await stop(gateway);
  }
}

/** Posts `rate` events a second for `seconds`, open loop, then waits until they are delivered (`before.delivered`: those finished earlier). */
async function postAtRate(pool: Pool, prefix: string, rate: number, seconds: number, s: Setup, before: { delivered: number; firstPerson: number }): Promise<LatencyFigures> {
  const acceptedAt = new Map<string, number>();
  const acceptMs: number[] = [];
  const n = Math.round(rate * seconds);
  const post = async (i: number): Promise<void> => {
    const id = `${prefix}-${i}`;
    const sentAt = performance.now();
    try {
      const res = await pool.request({
        method: 'POST',
        path: '/v1/events',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${s.apiKey}`, 'idempotency-key': id },
        body: JSON.stringify({ ...s.example, eventId: id, person: { ...s.example.person, unzr: makeUnzr(s.example.person.birthDate, 1 + ((before.firstPerson + i) % 9999)) } }),
      });
      await res.body.dump();
      if (res.statusCode === 202) {
        acceptedAt.set(id, Date.now());
        acceptMs.push(performance.now() - sentAt);
      }
    } catch {
      // counted as not accepted
    }
  };
  const inFlight: Array<Promise<void>> = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(post(i));
  }
  await Promise.all(inFlight);
  const finished = await waitFinished(s.dataDir, before.delivered + acceptedAt.size, 120_000);
  const ms = [...acceptedAt].flatMap(([id, at]) => {
    const done = finished.get(id);
    // A delivery recorded within the same millisecond as the 202 was read counts as 0.
    return done === undefined ? [] : [Math.max(0, done - at)];
  });
  const lastAccepted = Math.max(...acceptedAt.values());
  const lastFinished = Math.max(...[...acceptedAt.keys()].map((id) => finished.get(id) ?? 0));
  return {
    sent: n,
    accepted: acceptedAt.size,
    measured: ms.length,
    p50: quantile(ms, 0.5),
    p99: quantile(ms, 0.99),
    max: quantile(ms, 1),
    acceptP50: quantile(acceptMs, 0.5),
    drainSeconds: (lastFinished - lastAccepted) / 1000,
  };
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))] ?? NaN;
}

/** Reads the store file (WAL: readers do not block the gateway) until `expected` deliveries have finished. */
async function waitFinished(dataDir: string, expected: number, timeoutMs: number): Promise<Map<string, number>> {
  const db = new DatabaseSync(path.join(dataDir, 'rtg-gateway.sqlite'), { readOnly: true });
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    const count = db.prepare('SELECT COUNT(*) AS n FROM deliveries WHERE finished_at IS NOT NULL');
    const until = performance.now() + timeoutMs;
    while (Number((count.get() as { n: number }).n) < expected && performance.now() < until) await sleep(200);
    const rows = db.prepare('SELECT e.register_event_id AS id, d.finished_at AS at FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.finished_at IS NOT NULL').all();
    return new Map(rows.map((r) => [String(r.id), Number(r.at)]));
  } finally {
    db.close();
  }
}
