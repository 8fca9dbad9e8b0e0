// Delivery throughput: N events are stored by an ingest-only instance (WORKER_ENABLED=false), then a
// fresh instance with the worker on the same store drains them to a mock DMS process; the figure is
// messages acknowledged per second (claim, map, sign, POST, verify at the mock, record). Each event
// is about another person: one person's events go one after another, by design.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RegistrationEvent } from '../../src/domain/event.ts';
import { makeUnzr } from '../../src/domain/unzr.ts';
import { runLoad } from './load.ts';
import { cpuMs, REPO, spawnServer, stop, type Server } from './servers.ts';
import type { BenchStore } from './stores.ts';

export interface DeliveryRun {
  messages: number;
  seconds: number;
  perSecond: number;
  /** CPU time per message while draining: the gateway's process, and the mock's. */
  gatewayCpuMs: number;
  mockCpuMs: number;
}

interface Setup {
  certsDir: string;
  mockUrl: string;
  mock: Server;
  apiKey: string;
  example: RegistrationEvent;
  connections: number;
  workerConcurrency: number;
}

const acceptedAtMock = async (mockUrl: string): Promise<number> =>
  ((await (await fetch(`${mockUrl}/__admin/stats`)).json()) as { byVerdict: { accepted: number } }).byVerdict.accepted;

export async function measureDelivery(store: BenchStore, tag: string, n: number, s: Setup): Promise<DeliveryRun> {
  const fresh = await store.fresh(tag);
  // The benchmark measures delivery, not the per-key rate limit.
  const common = { ...fresh.env, PORT: '0', DEV_CERTS_DIR: s.certsDir, DMS_URL: s.mockUrl, DEMO_API_KEY: s.apiKey, LOG_LEVEL: 'warn', RATE_LIMIT_RATE: '1000000', RATE_LIMIT_BURST: '10000000' };
  const gateway = path.join(REPO, 'src/main.ts');
  try {
    const ingest = await spawnServer([gateway, 'serve'], { ...common, WORKER_ENABLED: 'false', LOG_LEVEL: 'info' });
    const load = await runLoad(
      ingest.url,
      (i) => {
        const id = `DELIVERY-${tag}-${i}`;
        return {
          path: '/v1/events',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${s.apiKey}`, 'idempotency-key': id },
          body: JSON.stringify({ ...s.example, eventId: id, person: { ...s.example.person, unzr: makeUnzr(s.example.person.birthDate, 1 + (i % 9999)) } }),
        };
      },
      s.connections,
      600_000,
      n,
    );
    await stop(ingest);
    const stored = load.byStatus[202] ?? 0;
    if (stored !== n) throw new Error(`preloading stored ${stored} of ${n} events`);

    await fetch(`${s.mockUrl}/__admin/messages`, { method: 'DELETE' });
    const worker = await spawnServer([gateway, 'serve'], { ...common, WORKER_CONCURRENCY: String(s.workerConcurrency), LOG_LEVEL: 'info' });
    try {
      const started = performance.now();
      const cpuBefore = [cpuMs(worker), cpuMs(s.mock)];
      const before = await acceptedAtMock(s.mockUrl);
      let done = before;
      while (done < n) {
        if (performance.now() - started > 600_000) throw new Error(`only ${done} of ${n} delivered after 10 minutes`);
        await sleep(20);
        done = await acceptedAtMock(s.mockUrl);
      }
      const seconds = (performance.now() - started) / 1000;
      const messages = n - before;
      return { messages, seconds, perSecond: messages / seconds, gatewayCpuMs: (cpuMs(worker) - cpuBefore[0]!) / messages, mockCpuMs: (cpuMs(s.mock) - cpuBefore[1]!) / messages };
    } finally {
      await stop(worker);
    }
  } finally {
    await fresh.remove();
  }
}
