// npm run bench — figures as ratios measured side by side in one run, since the machines are shared
// and noisy. Ingest: the gateway's POST /v1/events next to a bare Hono route under the same load
// (rounds interleaved), on SQLite and on PostgreSQL. Delivery: messages/s draining a stored backlog
// to a mock DMS, on both stores. Signing: whole signed messages next to raw node:crypto signatures.
// Latency: accept → delivered at a steady rate. Queries: the console's reads at a large table, both
// stores. Soak (--soak): the gateway process's RSS while it drains a backlog written into the store.
import { createPrivateKey, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config/config.ts';
import type { RegistrationEvent } from '../../src/domain/event.ts';
import { makeUnzr } from '../../src/domain/unzr.ts';
import { createDmsV1Contract } from '../../src/mapping/dms-v1/contract.ts';
import { ensureDevCertificates } from '../../src/signing/dev-certs.ts';
import { loadSigningKey } from '../../src/signing/keys.ts';
import { signEnvelope } from '../../src/signing/sign.ts';
import { openPostgresStore, openSqliteStore, type Store } from '../../src/store/open-store.ts';
import { testFields } from '../support/data-keys.ts';
import { measureDelivery, type DeliveryRun } from './delivery.ts';
import { measureLatency } from './latency.ts';
import { measurePersonQueue } from './person-queue.ts';
import { measureQueries } from './queries.ts';
import { measureSoak } from './soak.ts';
import { processCpuMs, runLoad, type LoadResult } from './load.ts';
import { REPO, spawnServer, stop, type Server } from './servers.ts';
import { benchStores, type BenchStore } from './stores.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '16' },
    deliveries: { type: 'string', default: '1000' },
    'worker-concurrency': { type: 'string', default: '16' },
    'person-events': { type: 'string', default: '2000' },
    // accept → delivered at a steady 200 events/s for this many seconds
    'latency-seconds': { type: 'string', default: '10' },
    // the steady rate of the latency part (the target is stated at 200 events/s)
    'latency-rate': { type: 'string', default: '200' },
    // the same load first, not in the figures: a gateway just started runs unoptimised code (latency.ts)
    'latency-warmup-seconds': { type: 'string', default: '2' },
    // The operator queries' table: 100,000 events by default, 1,000,000 with --soak.
    'query-events': { type: 'string' },
    soak: { type: 'boolean', default: false },
    // --soak: the backlog written into the store, and how long the worker drains it while RSS is sampled
    'soak-events': { type: 'string', default: '1000000' },
    'soak-seconds': { type: 'string', default: '60' },
    'skip-postgres': { type: 'boolean', default: false },
    // One part alone while working on it: ingest, delivery, person, latency, queries, soak or signing
    // (default: all of them; soak only with --soak).
    only: { type: 'string' },
  },
});
const parts = new Set(args.only ? args.only.split(',') : ['ingest', 'delivery', 'person', 'latency', 'queries', 'signing', ...(args.soak ? ['soak'] : [])]);
const queryEvents = Number(args['query-events'] ?? (args.soak ? 1_000_000 : 100_000));
const personEvents = Number(args['person-events']);
/** The one summary line the run ends with, so runs can be compared over time; what was not measured says so. */
const summary: Record<string, string> = Object.fromEntries(
  ['ingest_ratio_sqlite', 'ingest_ratio_postgres', 'sign_ratio_rsa', 'sign_ratio_ecdsa', 'deliveries_per_s', 'latency_p50_ms', 'latency_p99_ms', 'soak_rss_mb', 'query_p95_ms'].map((k) => [k, 'skipped']),
);
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
const connections = Number(args.connections);
const deliveries = Number(args.deliveries);
const workerConcurrency = Number(args['worker-concurrency']);
const latencySeconds = Number(args['latency-seconds']);
const API_KEY = 'rtg_bench_key_for_the_demo_register_0000';
const example = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-registered.citizen-id-card.json'), 'utf8')) as RegistrationEvent;

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'rtg-bench-'));
  try {
    console.log(`rtg-gateway bench: ${rounds} interleaved round(s) of ${seconds}s, ${connections} connections, node ${process.version}\n`);
    const stores = parts.has('ingest') || parts.has('delivery') || parts.has('person') || parts.has('queries') ? await benchStores(root, args['skip-postgres']) : [];
    if (parts.has('ingest')) {
      await ingest(root, stores);
      console.log('');
    }
    if (parts.has('delivery')) {
      await delivery(root, stores);
      console.log('');
    }
    if (parts.has('person')) {
      await personQueue(root, stores);
      console.log('');
    }
    if (parts.has('latency')) {
      await latency(root);
      console.log('');
    }
    if (parts.has('queries')) {
      await queries(root, stores);
      console.log('');
    }
    if (parts.has('soak')) {
      await soak(root);
      console.log('');
    }
    if (parts.has('signing')) signing(path.join(root, 'certs'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  console.log(`\nbench: ${Object.entries(summary).map(([k, v]) => `${k}=${v}`).join(' ')}`);
}

async function ingest(root: string, stores: BenchStore[]): Promise<void> {
  const echo = await spawnServer([path.join(REPO, 'tests/bench/echo-server.ts')], {});
  const gateways: Array<{ store: BenchStore; server: Server; remove(): Promise<void> }> = [];
  const run = (origin: string, tag: string) =>
    runLoad(
      origin,
      (i) => {
        const id = `BENCH-${tag}-${i}`;
        return {
          path: '/v1/events',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}`, 'idempotency-key': id },
          // distinct people, as registers send them; one person's queue is measured on its own (person)
          body: JSON.stringify({ ...example, eventId: id, person: { ...example.person, unzr: makeUnzr(example.person.birthDate, 1 + (i % 9999)) } }),
        };
      },
      connections,
      seconds * 1000,
    );
  try {
    for (const store of stores) {
      const fresh = await store.fresh('ingest');
      const server = await spawnServer([path.join(REPO, 'src/main.ts'), 'serve'], {
        ...fresh.env,
        PORT: '0',
        MOCK_DMS_PORT: '0',
        DEV_CERTS_DIR: path.join(root, 'certs'),
        DEMO_API_KEY: API_KEY,
        WORKER_ENABLED: 'false',
        LOG_LEVEL: 'info',
        // The benchmark measures ingest, not the per-key rate limit.
        RATE_LIMIT_RATE: '1000000',
        RATE_LIMIT_BURST: '10000000',
      });
      gateways.push({ store, server, remove: fresh.remove });
    }
    const echoResults: LoadResult[] = [];
    const results = new Map<BenchStore, LoadResult[]>(stores.map((s) => [s, []]));
    // CPU each server spent during its rounds: per request, a figure the machine's load hardly moves.
    const cpu = new Map<string, number | null>();
    const measured = async (name: string, pid: number | undefined, load: () => Promise<LoadResult>): Promise<LoadResult> => {
      const before = processCpuMs(pid);
      const result = await load();
      const after = processCpuMs(pid);
      const sum = cpu.get(name) ?? 0;
      cpu.set(name, before === null || after === null || sum === null ? null : sum + after - before);
      return result;
    };
    for (let r = 0; r < rounds; r++) {
      echoResults.push(await measured('echo', echo.child.pid, () => run(echo.url, `e${r}`)));
      for (const g of gateways) results.get(g.store)?.push(await measured(g.store.name, g.server.child.pid, () => run(g.server.url, `${g.store.name}-${r}`)));
    }
    const cpuPerRequest = (name: string, rs: LoadResult[]) => {
      const ms = cpu.get(name);
      const n = rs.reduce((a, x) => a + x.requests, 0);
      return ms === null || ms === undefined || n === 0 ? '' : `   CPU ${(ms / n).toFixed(3)} ms/request`;
    };
    const e = median(echoResults.map((x) => x.perSecond));
    const rate = (store: BenchStore) => median((results.get(store) ?? []).map((x) => x.perSecond));
    console.log('ingest (POST /v1/events, validated, stored durably with fsync, 202)');
    console.log(`  bare Hono echo route               ${e.toFixed(0).padStart(7)} req/s${cpuPerRequest('echo', echoResults)}`);
    for (const store of stores) {
      const rs = results.get(store) ?? [];
      const accepted = rs.reduce((n, x) => n + (x.byStatus[202] ?? 0), 0);
      const all = rs.reduce((n, x) => n + x.requests + x.errors, 0);
      console.log(`  gateway ingest, ${store.name.padEnd(18)} ${rate(store).toFixed(0).padStart(7)} events/s   (${accepted} of ${all} answered 202)${cpuPerRequest(store.name, rs)}`);
    }
    console.log(`  ratio gateway / echo               ${stores.map((s) => `${s.name} ${(rate(s) / e).toFixed(3)}`).join('   ')}`);
    for (const store of stores) summary[store.name === 'SQLite' ? 'ingest_ratio_sqlite' : 'ingest_ratio_postgres'] = (rate(store) / e).toFixed(3);
    if (stores.length > 1) console.log(`  ratio PostgreSQL / SQLite          ${(rate(stores[1]!) / rate(stores[0]!)).toFixed(3)}`);
  } finally {
    await stop(echo);
    for (const g of gateways) {
      await stop(g.server);
      await g.remove();
    }
  }
}

async function delivery(root: string, stores: BenchStore[]): Promise<void> {
  const certsDir = path.join(root, 'certs');
  const mock = await spawnServer([path.join(REPO, 'src/main.ts'), 'mock-dms'], { MOCK_DMS_PORT: '0', DEV_CERTS_DIR: certsDir, LOG_LEVEL: 'info' });
  try {
    const results = new Map<BenchStore, DeliveryRun[]>(stores.map((s) => [s, []]));
    for (let r = 0; r < rounds; r++) {
      for (const store of stores) {
        results.get(store)?.push(await measureDelivery(store, `${store.name}-${r}`, deliveries, { certsDir, mockUrl: mock.url, mock, apiKey: API_KEY, example, connections, workerConcurrency }));
      }
    }
    const rate = (store: BenchStore) => median((results.get(store) ?? []).map((x) => x.perSecond));
    console.log(`delivery (a backlog of ${deliveries} events of different people drained to the mock DMS by one instance, WORKER_CONCURRENCY=${workerConcurrency}: claim, map, sign, POST, record)`);
    for (const store of stores) {
      const runs = results.get(store) ?? [];
      console.log(`  worker, ${store.name.padEnd(26)} ${rate(store).toFixed(0).padStart(7)} messages/s   (${runs.map((x) => `${x.messages} in ${x.seconds.toFixed(1)}s`).join(', ')})`);
      // CPU time per message: steadier than wall time on a loaded machine, and it says which side bounds
      console.log(`    CPU per message: gateway ${cpuPerMessage(runs, 'gatewayCpuMs')} ms, mock DMS ${cpuPerMessage(runs, 'mockCpuMs')} ms`);
    }
    if (stores.length > 1) console.log(`  ratio PostgreSQL / SQLite          ${(rate(stores[1]!) / rate(stores[0]!)).toFixed(3)}`);
    // one instance on the embedded store, the default deployment
    if (stores[0]) summary.deliveries_per_s = rate(stores[0]).toFixed(0);
  } finally {
    await stop(mock);
  }
}

async function latency(root: string): Promise<void> {
  const certsDir = path.join(root, 'certs');
  const rate = Number(args['latency-rate']);
  const mock = await spawnServer([path.join(REPO, 'src/main.ts'), 'mock-dms'], { MOCK_DMS_PORT: '0', DEV_CERTS_DIR: certsDir, LOG_LEVEL: 'info' });
  try {
    const warmupSeconds = Number(args['latency-warmup-seconds']);
    const run = await measureLatency(rate, latencySeconds, warmupSeconds, { dataDir: path.join(root, 'data-latency'), certsDir, mockUrl: mock.url, apiKey: API_KEY, example, workerConcurrency });
    console.log(`accept → delivered (SQLite, ${rate} events/s of different people for ${latencySeconds}s after ${warmupSeconds}s of the same, open loop; 202 received here → deliveries.finished_at, WORKER_CONCURRENCY=${workerConcurrency})`);
    const w = run.warmup;
    console.log(`  warm-up, the gateway's first ${warmupSeconds}s (not in the figures below): p50 ${w.p50.toFixed(0)} ms   p99 ${w.p99.toFixed(0)} ms   max ${w.max.toFixed(0)} ms   (${w.measured} delivered of ${w.accepted} accepted)`);
    console.log(`  p50 ${run.p50.toFixed(0)} ms   p99 ${run.p99.toFixed(0)} ms   max ${run.max.toFixed(0)} ms   (${run.measured} delivered of ${run.accepted} accepted, ${run.sent} sent)`);
    console.log(`  request → 202 p50 ${run.acceptP50.toFixed(0)} ms   last 202 → last delivered ${run.drainSeconds.toFixed(1)} s`);
    summary.latency_p50_ms = run.p50.toFixed(0);
    summary.latency_p99_ms = run.p99.toFixed(0);
  } finally {
    await stop(mock);
  }
}

async function soak(root: string): Promise<void> {
  const certsDir = path.join(root, 'certs');
  const events = Number(args['soak-events']);
  const mock = await spawnServer([path.join(REPO, 'src/main.ts'), 'mock-dms'], { MOCK_DMS_PORT: '0', DEV_CERTS_DIR: certsDir, LOG_LEVEL: 'info' });
  try {
    const run = await measureSoak(events, Number(args['soak-seconds']), { dataDir: path.join(root, 'data-soak'), certsDir, mockUrl: mock.url, apiKey: API_KEY, example, workerConcurrency }, (line) => console.log(line));
    console.log(`soak (SQLite: a backlog of ${run.events} events written into the store in ${run.writeSeconds.toFixed(0)}s, then drained by a gateway process, WORKER_CONCURRENCY=${workerConcurrency}, RSS sampled every 250 ms)`);
    console.log(`  RSS max ${run.maxRssMb.toFixed(0)} MB (at start ${run.startRssMb.toFixed(0)} MB)   ${run.delivered} delivered in ${run.drainSeconds.toFixed(0)}s`);
    summary.soak_rss_mb = run.maxRssMb.toFixed(0);
  } finally {
    await stop(mock);
  }
}

async function personQueue(root: string, stores: BenchStore[]): Promise<void> {
  console.log(`one person's queue (${personEvents} pending events of one person next to ${personEvents} of distinct people, at the store: ingest 16 at a time, then claim and record each delivered)`);
  for (const store of stores) {
    const fresh = await store.fresh('person');
    try {
      // With encryption at rest, as the gateway stores (one AES-GCM operation per field).
      const open = (): Promise<Store> =>
        fresh.env.DATABASE_URL ? openPostgresStore(fresh.env.DATABASE_URL, 8, testFields) : Promise.resolve(openSqliteStore(fresh.env.DATA_DIR as string, testFields));
      const opened = await open();
      try {
        const distinct = await measurePersonQueue(opened, personEvents, false);
        const one = await measurePersonQueue(opened, personEvents, true);
        console.log(`  ${store.name.padEnd(11)} ingest: one person ${one.ingestPerSecond.toFixed(0).padStart(6)}/s, distinct ${distinct.ingestPerSecond.toFixed(0).padStart(6)}/s (ratio ${(one.ingestPerSecond / distinct.ingestPerSecond).toFixed(2)})   claim+record: one person ${one.deliverPerSecond.toFixed(0).padStart(6)}/s, distinct ${distinct.deliverPerSecond.toFixed(0).padStart(6)}/s (ratio ${(one.deliverPerSecond / distinct.deliverPerSecond).toFixed(2)})`);
      } finally {
        await opened.close();
      }
    } finally {
      await fresh.remove();
    }
  }
}

async function queries(root: string, stores: BenchStore[]): Promise<void> {
  console.log(`operator queries (${queryEvents} events written straight into the store${args.soak ? '' : '; 1,000,000 with --soak'}, 40 of each, p95)`);
  let worst = 0;
  for (const store of stores) {
    const fresh = await store.fresh('queries');
    try {
      const where = fresh.env.DATABASE_URL ? { databaseUrl: fresh.env.DATABASE_URL } : { dataDir: fresh.env.DATA_DIR as string };
      const run = await measureQueries(where, queryEvents, 40, (line) => console.log(line));
      worst = Math.max(worst, run.p95.status, run.p95.unzr, run.p95.dashboard);
      console.log(`  ${store.name.padEnd(11)} status filter page ${run.p95.status.toFixed(1)} ms   УНЗР search ${run.p95.unzr.toFixed(1)} ms   dashboard ${run.p95.dashboard.toFixed(1)} ms   (written in ${run.seedSeconds.toFixed(0)}s)`);
    } finally {
      await fresh.remove();
    }
  }
  // the worst of both stores
  summary.query_p95_ms = worst.toFixed(1);
}

function signing(certsDir: string): void {
  const pki = ensureDevCertificates(certsDir);
  const contract = createDmsV1Contract(loadConfig({}).xroad);
  const { xml } = contract.buildRequest(example, { gatewayEventId: '019ab3c0-0000-7000-8000-000000000001', messageId: '019ab3c0-0000-7000-8000-000000000002', registerCode: '26376375' });
  console.log('signing (one mapped event, written in exclusive c14n form: SHA-256 digest of the whole message, SignedInfo, signature)');
  for (const [algorithm, files] of [['rsa-sha256', pki.rsa], ['ecdsa-p256-sha256', pki.ecdsa]] as const) {
    const key = loadSigningKey({ ...files, algorithm });
    const raw = createPrivateKey(readFileSync(files.keyFile, 'utf8'));
    const digestInput = Buffer.from(xml);
    const ms = (seconds * 1000) / 2;
    const ratios: number[] = [];
    let lastSigned = 0;
    let lastRaw = 0;
    for (let r = 0; r < rounds; r++) {
      lastSigned = perSecond(ms, () => signEnvelope(xml, key));
      lastRaw = perSecond(ms, () => sign('sha256', digestInput, algorithm === 'rsa-sha256' ? raw : { key: raw, dsaEncoding: 'ieee-p1363' }));
      ratios.push(lastSigned / lastRaw);
    }
    summary[algorithm === 'rsa-sha256' ? 'sign_ratio_rsa' : 'sign_ratio_ecdsa'] = median(ratios).toFixed(3);
    console.log(`  ${algorithm.padEnd(18)} signed messages ${lastSigned.toFixed(0).padStart(6)}/s   raw node:crypto ${lastRaw.toFixed(0).padStart(6)}/s   ratio ${median(ratios).toFixed(3)}`);
  }
}

function cpuPerMessage(runs: DeliveryRun[], side: 'gatewayCpuMs' | 'mockCpuMs'): string {
  return median(runs.map((x) => x[side])).toFixed(2);
}

function perSecond(ms: number, work: () => unknown): number {
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    work();
    n++;
  }
  return n / ((performance.now() - started) / 1000);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

await main();
