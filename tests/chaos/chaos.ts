// One chaos run: mock DMS and gateway instances as separate processes on one store (SQLite, or a
// fresh PostgreSQL database), registers posting under faults and kills, an operator on duty, then
// the checks. Returns the verdict; run.ts prints it.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureDevCertificates } from '../../src/signing/dev-certs.ts';
import { faultConfig } from './faults.ts';
import { verifyEvidence } from './evidence.ts';
import { sleep } from './http.ts';
import { runKiller, type KillReport } from './killer.ts';
import { MockAdmin } from './mock-admin.ts';
import { OperatorOnDuty } from './operator.ts';
import type { ChaosOptions } from './options.ts';
import { planRun } from './plan.ts';
import type { ChaosPerson } from './people.ts';
import { addRegister, freePort, GatewayFleet, mockDmsProcess, type RunDirs } from './processes.ts';
import { RunRecord } from './record.ts';
import { openRunStore } from './run-store.ts';
import { postAll } from './registers.ts';
import { createRng } from './random.ts';
import { settle } from './settle.ts';
import { emitNotices, readNotices } from './notices.ts';
import { RUN_KATOTTGS } from './timeline.ts';
import { summaryLine, violationReport } from './summary.ts';
import { verify, type Verdict } from './verify.ts';

export interface ChaosResult {
  ok: boolean;
  summary: string;
  /** Violations, one per line, ids only. */
  details: string[];
  /** What the summary's figures need said beside them (printed even with --quiet). */
  notes: string[];
  verdict: Verdict;
  kills: KillReport;
  /** The run's folder, when it was kept (--keep, or a failure). */
  keptDir: string | null;
  /** The run's PostgreSQL database, when it was kept (likewise). */
  keptDatabase: string | null;
  /** The made-up people the registers posted (for the check that none of them is stored or logged in clear). */
  people: ChaosPerson[];
}

const OPERATOR_TOKEN = 'rtgop_chaos_operator_on_duty_token';

/** The gateway's settings for a run: retries fast, and enough of them that nothing fails under 35 % faults. */
export function gatewayEnv(dmsUrl: string): Record<string, string> {
  return {
    DMS_URL: dmsUrl,
    DEMO_OPERATOR_TOKEN: OPERATOR_TOKEN,
    RETRY_SCHEDULE: ['200ms', '500ms', '1s', '2s', '3s', ...Array<string>(25).fill('5s')].join(','),
    RETRY_JITTER: '0.2',
    RETRY_AFTER_MAX: '3s',
    DMS_CONNECT_TIMEOUT: '1s',
    DMS_RESPONSE_TIMEOUT: '2s',
    DELIVERY_LEASE: '5s',
    // Random faults at 35 % are a flaky DMS, not a down one: with the default failure-rate breaker
    // (70 % over a minute) it stays closed; should it open, the pauses are kept short.
    BREAKER_COOLDOWN: '1s',
    BREAKER_MAX_COOLDOWN: '4s',
    WORKER_CONCURRENCY: '16',
    WORKER_POLL: '250ms',
    LOG_LEVEL: 'info',
    // A full run posts thousands of events as fast as it can: the rate limits are not what it measures.
    RATE_LIMIT_RATE: '1000000',
    RATE_LIMIT_BURST: '10000000',
  };
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  if (options.instances !== 1 && !options.postgres) throw new Error('--instances > 1 needs a shared database (--postgres): SQLite is one process');
  const started = Date.now();
  const o = { ...options, log: (line: string) => options.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${line}`) };
  const root = mkdtempSync(path.join(tmpdir(), 'rtg-chaos-'));
  const dirs: RunDirs = { dataDir: path.join(root, 'data'), certsDir: path.join(root, 'certs'), logsDir: path.join(root, 'logs') };
  mkdirSync(dirs.logsDir, { recursive: true });
  // Made once, before either process starts, so the two cannot race to create it.
  ensureDevCertificates(dirs.certsDir);
  const store = await openRunStore(o.postgres);

  const plan = planRun({ seed: o.seed, events: o.events, people: Math.min(o.people, o.events), registers: o.registers, now: Date.now() });
  const ports: number[] = [];
  for (let i = 0; i < o.instances; i++) ports.push(await freePort());
  // DMS pushes final outcomes and notices to every instance, in turn.
  const mockProcess = mockDmsProcess(dirs, await freePort(), ports.map((port) => `http://127.0.0.1:${port}/xroad/dms`));
  const fleet = new GatewayFleet(dirs, ports, { ...gatewayEnv(mockProcess.url), ...store.env });
  const killAll = () => {
    fleet.killAllNow();
    mockProcess.killNow();
  };
  process.once('exit', killAll);
  let keepDatabase = true;

  try {
    await mockProcess.start();
    const mock = new MockAdmin(mockProcess.url);
    const keys: string[] = [];
    // With notices, every register serves the run's territories (all its addresses are there): a
    // register without КАТОТТГ codes is told no notices.
    const territory = o.notices > 0 ? RUN_KATOTTGS : [];
    for (const register of plan.registers) keys.push(await addRegister(dirs, store.env, register.code, register.name, territory));
    await fleet.startAll();
    o.log(`chaos: ${plan.events.length} events of ${plan.people.length} people from ${plan.registers.length} registers, ${o.instances} gateway instance(s) on ${store.kind}, fault rate ${o.faultRate}, ${o.kills} kill(s); logs in ${dirs.logsDir}`);
    await mock.setFaults(faultConfig({ rate: o.faultRate, rejectRate: o.rejectRate, seed: o.seed, refuseRate: o.refuseRate }));

    const record = new RunRecord();
    const operator = new OperatorOnDuty(() => fleet.nextUrl(), OPERATOR_TOKEN, mock);
    let registered = 0;
    let posting = true;
    let postingDone = false;
    let cutDone = false;
    const emitted: string[] = [];
    const watch = (async () => {
      let lastLog = 0;
      while (posting) {
        registered = (await mock.stats().catch(() => null))?.registeredEvents ?? registered;
        if (o.cutover && !cutDone && record.accepted.size >= plan.events.length / 2) {
          // DMS goes "v2 only": what is not yet signed goes out in v2; v1 messages in flight are re-made.
          await mock.retireVersions(['v1']);
          cutDone = true;
          o.log(`chaos: cut-over: the mock retired v1 after ${record.accepted.size} accepted events`);
          emitted.push(...(await emitNotices(mock.url, Math.ceil(o.notices / 2), [...RUN_KATOTTGS], createRng(o.seed + 3))));
        }
        await operator.tick();
        if (Date.now() - lastLog > 5_000) {
          lastLog = Date.now();
          o.log(`chaos: ${record.accepted.size} accepted, ${registered} registered by DMS, ${operator.cancelled.size} cancelled`);
        }
        await sleep(500);
      }
    })();
    const progress = () => (record.accepted.size + registered) / (2 * plan.events.length);
    const killer = runKiller({ fleet, kills: o.kills, progress, allowed: () => !o.killAfterPosting || postingDone, window: o.killWindow, idleTimeoutMs: o.settleTimeoutMs, rng: createRng(o.seed + 2), log: o.log });

    await postAll({
      clients: plan.registers.map((register, i) => ({ register, key: keys[i] as string })),
      timelines: plan.timelines,
      nextUrl: () => fleet.nextUrl(),
      record,
      rng: createRng(o.seed + 1),
      concurrency: o.concurrency,
      resendSameKey: o.resendSameKey,
      resendSameEventId: o.resendSameEventId,
      patienceMs: 180_000,
    });
    postingDone = true;
    emitted.push(...(await emitNotices(mock.url, o.notices - emitted.length, [...RUN_KATOTTGS], createRng(o.seed + 4))));
    const c = record.counters;
    o.log(`chaos: posting done: ${record.accepted.size} accepted in ${c.posts} requests (${c.networkErrors} network errors, ${c.serverErrors} 5xx, ${c.inFlightWaits} waits for a key in flight, ${c.answered200} answered 200), ${c.resentSameKey}+${c.resentSameEventId} resent`);
    const kills = await killer;
    posting = false;
    await watch;
    const faultPhase = { requests: (await mock.stats()).requests, faulted: await mock.faultHits() };
    await mock.clearFaults();
    o.log('chaos: faults cleared; waiting until every accepted event is final');

    const settled = await settle({ record, keys, gatewayUrl: () => fleet.nextUrl(), mock, operator, idleTimeoutMs: o.settleTimeoutMs, log: o.log });
    const [registrations, stats] = await Promise.all([mock.registrations(), mock.stats()]);
    const verdict = verify({ record, settled, registrations, businessDuplicates: stats.businessDuplicates.events });
    const details = [...verdict.violations];
    if (o.cutover && !cutDone) details.push('cutover: the run ended before the mock retired v1');
    const refusedByGateway = (await mock.outbox()).counts.refused;
    if (refusedByGateway > 0) details.push(`outbox: the gateway refused ${refusedByGateway} outcome(s) or notice(s) DMS pushed`);
    const notices = emitted.length > 0 ? await readNotices(() => fleet.nextUrl(), keys, new Set(emitted), o.settleTimeoutMs) : { available: true, reads: new Map<string, Map<number, number>>() };
    const notes: string[] = [];
    if (!notices.available) notes.push('chaos: note: GET /v1/notices answers 404 (the register notices API is not on this gateway yet), so notices_delivered=0');
    else {
      for (const id of emitted) if (!notices.reads.has(id)) details.push(`notice: ${id} was never read by its register`);
      for (const [id, byRegister] of notices.reads) {
        for (const [register, n] of byRegister) if (n > 1) details.push(`notice: ${id} was read ${n} times by register #${register + 1}`);
      }
    }
    if (kills.kills < o.kills) details.push(`kills: only ${kills.kills} of ${o.kills} kills happened`);
    await fleet.stopAll();
    await mockProcess.stop();
    const evidence = verifyEvidence(dirs, store.env);
    if (!evidence.ok) details.push(`evidence: ${evidence.line}`);
    o.log(`chaos: ${evidence.line}`);
    const summary = summaryLine({
      evidence: evidence.ok ? `ok(${evidence.entries})` : 'BROKEN',
      store: store.kind,
      instances: o.instances,
      counts: verdict.counts,
      kills: kills.kills,
      faultRate: o.faultRate,
      requests: stats.requests,
      faultPhase,
      elapsedMs: Date.now() - started,
      notices: { emitted: emitted.length, delivered: notices.available ? [...notices.reads.keys()].filter((id) => emitted.includes(id)).length : null },
    });
    const ok = details.length === 0;
    const keep = o.keep || !ok;
    if (!keep) rmSync(root, { recursive: true, force: true });
    keepDatabase = keep;
    return { ok, summary, details: violationReport(details), notes, verdict, kills, keptDir: keep ? root : null, keptDatabase: keep ? store.url : null, people: plan.people };
  } catch (err) {
    o.log(`chaos: the run itself failed; its folder is kept: ${root}${store.url ? `, its database too: ${store.url}` : ''}`);
    throw err;
  } finally {
    killAll();
    process.removeListener('exit', killAll);
    // Dropped only once no instance holds a connection; kept with the folder, for a look afterwards.
    if (!keepDatabase) await store.drop();
  }
}
