// The delivery loop over a real SQLite store: it claims what is due (never more than it may run at
// once), records each attempt, wakes for new work, survives a failing claim or a crashed attempt,
// pauses while the circuit breaker is open and drains the waiting retries once DMS answers again,
// and stop() waits for the attempts in flight. DMS is a scripted client: the loop is the subject.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testFields } from '../../tests/support/data-keys.ts';
import { uuidv7 } from '../ids.ts';
import type { DmsContract } from '../mapping/contract.ts';
import { openSqliteStore, type Store } from '../store/open-store.ts';
import type { DmsClient, HttpOutcome } from './dms-client.ts';
import { DeliveryWorker, type WorkerDeps, type WorkerOptions } from './worker.ts';

const CONTRACT = 'dms-registration-v1';
const root = mkdtempSync(path.join(tmpdir(), 'rtg-worker-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const contract: DmsContract = {
  name: CONTRACT,
  serviceCodeFor: () => 'SVC',
  buildRequest: (_event, ctx) => ({ xml: `<request id="${ctx.messageId}"/>`, serviceCode: 'SVC' }),
  interpretAnswer: (answer) =>
    answer.status === 200
      ? { kind: 'ack', receipt: { number: `DMS-${answer.body}`, status: 'ACCEPTED', registeredAt: '2026-11-30' } }
      : { kind: 'retryable', errorClass: 'http_5xx', detail: `HTTP ${answer.status}` },
};
const ok: HttpOutcome = { kind: 'answer', status: 200, body: 'ok', retryAfterMs: null };
const down: HttpOutcome = { kind: 'answer', status: 503, body: 'down', retryAfterMs: null };

/** DMS as a script: `answer` decides each reply; `hold` keeps replies back until released. */
class ScriptedDms implements DmsClient {
  answer: () => HttpOutcome = () => ok;
  readonly sent: string[] = [];
  readonly replies: number[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private held: Array<() => void> | null = null;

  hold(): void {
    this.held = [];
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = null;
    for (const go of waiting) go();
  }

  async send(_url: string, xml: string): Promise<HttpOutcome> {
    this.sent.push(xml);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve));
    this.inFlight--;
    const outcome = this.answer();
    if (outcome.kind === 'answer') this.replies.push(outcome.status);
    return outcome;
  }

  async close(): Promise<void> {}
}

/** Log lines as objects; `on` runs when a line with that message is written (synchronously). */
function captureLog() {
  const lines: Array<Record<string, unknown>> = [];
  const hooks = new Map<string, () => void>();
  const logger = pino({ level: 'debug' }, {
    write(text: string) {
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      hooks.get(String(line.msg))?.();
    },
  });
  return { logger, lines, on: (msg: string, hook: () => void) => hooks.set(msg, hook), messages: () => lines.map((l) => l.msg) };
}

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await check()) return;
    await sleep(10);
  }
  throw new Error(`never happened: ${what}`);
}

let store: Store;
let worker: DeliveryWorker | null = null;
let n = 0;
const register = { id: 'reg-1', code: '26376375', name: 'Демо', createdAt: 0, apiKeyHash: 'hash-1' };

beforeEach(async () => {
  store = openSqliteStore(path.join(root, `db-${++n}`), testFields);
  await store.access.createRegister(register);
});
afterEach(async () => {
  await worker?.stop();
  worker = null;
  await store.close();
});

/** One event of its own person, due now; returns its id. */
async function ingest(receivedAt = Date.now()): Promise<string> {
  const id = uuidv7();
  await store.events.ingestEvent({
    id,
    registerId: register.id,
    registerEventId: `BC-${id}`,
    type: 'residence.registered',
    occurredAt: '2026-11-20T10:15:00+02:00',
    occurredAtMs: Date.parse('2026-11-20T08:15:00Z'),
    personKey: `person-${id}`,
    contentHash: 'content-1',
    payload: '{"type":"residence.registered"}',
    warnings: [],
    receivedAt,
    delivery: { id: uuidv7(), messageId: uuidv7(), contract: CONTRACT },
  });
  return id;
}

const statusOf = async (id: string) => (await store.events.getEvent(id))?.delivery.status;
const allDelivered = (ids: string[]) => async () => (await Promise.all(ids.map(statusOf))).every((s) => s === 'delivered');
/** One new event, the worker woken for it, and its delivery waited for. */
async function ingestWakeDeliver(w: { wake(): void }, what: string): Promise<void> {
  const id = await ingest();
  w.wake();
  await until(`${what} delivered`, allDelivered([id]));
}

const options: WorkerOptions = {
  concurrency: 2,
  pollMs: 60_000,
  leaseMs: 60_000,
  breaker: { minRequests: 2, failureRate: 1, windowMs: 60_000, cooldownMs: 50, maxCooldownMs: 50 },
};

function startWorker(dms: DmsClient, log = captureLog(), over: Partial<WorkerDeps> = {}, opts: Partial<WorkerOptions> = {}): DeliveryWorker {
  worker = new DeliveryWorker(
    {
      deliveries: store.deliveries,
      contracts: new Map([[CONTRACT, contract]]),
      sign: (xml) => `<signed>${xml}</signed>`,
      client: dms,
      dmsUrl: 'http://dms.invalid/soap',
      destination: { name: 'dms', url: null, versions: [CONTRACT], cutovers: [] },
      policy: { schedule: [3_600_000], jitter: 0, retryAfterMaxMs: 60_000 },
      logger: log.logger,
      ...over,
    },
    { ...options, ...opts },
  );
  worker.start();
  return worker;
}

describe('the delivery worker', () => {
  it('delivers what is due, the signed message kept, and never runs more attempts than its concurrency', async () => {
    const ids = [await ingest(), await ingest(), await ingest(), await ingest(), await ingest()];
    const dms = new ScriptedDms();
    dms.hold();
    const w = startWorker(dms);
    expect(w.isRunning).toBe(true);
    await until('two attempts in flight', () => dms.inFlight === 2);
    // Both slots taken: the loop waits instead of claiming a third.
    await sleep(100);
    expect(dms.sent).toHaveLength(2);
    dms.release();
    await until('all delivered', allDelivered(ids));
    expect(dms.maxInFlight).toBe(2);
    const details = await store.events.getEvent(ids[0]!);
    expect(details?.attempts).toMatchObject([{ number: 1, outcome: 'delivered', httpStatus: 200 }]);
    expect(details?.delivery.receipt).toEqual({ number: 'DMS-ok', status: 'ACCEPTED', registeredAt: '2026-11-30' });
    expect(dms.sent.every((xml) => xml.startsWith('<signed><request id='))).toBe(true);
  });

  it('claims the next delivery as soon as an exchange is over, while its record is still committing', async () => {
    let recording = 0;
    const claimsWhileRecording: number[] = [];
    const deliveries: WorkerDeps['deliveries'] = {
      ...store.deliveries,
      recordAttempt: (...args) => {
        recording++;
        return store.deliveries.recordAttempt(...args).finally(() => recording--);
      },
      claimDue: (...args) => {
        claimsWhileRecording.push(recording);
        return store.deliveries.claimDue(...args);
      },
    };
    const ids = [await ingest(), await ingest(), await ingest()];
    const dms = new ScriptedDms();
    startWorker(dms, captureLog(), { deliveries }, { concurrency: 1 });
    await until('all delivered', allDelivered(ids));
    // The second and third were claimed into the commits recording the first and the second.
    expect(claimsWhileRecording.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    expect(dms.maxInFlight).toBe(1);
  });

  it('runs one loop only when started twice', async () => {
    await ingest();
    await ingest();
    const dms = new ScriptedDms();
    dms.hold();
    const w = startWorker(dms, captureLog(), {}, { concurrency: 1 });
    w.start();
    await until('one attempt in flight', () => dms.inFlight === 1);
    await sleep(100);
    expect(dms.sent).toHaveLength(1);
    dms.release();
  });

  it('wakes for new work at once instead of sleeping out its poll interval', async () => {
    const dms = new ScriptedDms();
    const w = startWorker(dms);
    await ingestWakeDeliver(w, 'the first');
    // Idle now, with a minute to its next poll: only a wake brings it back.
    await ingestWakeDeliver(w, 'the second');
  });

  it('sleeps only until the next retry is due when that comes before its poll', async () => {
    const dms = new ScriptedDms();
    dms.answer = () => down;
    const id = await ingest();
    startWorker(dms, captureLog(), { policy: { schedule: [150, 3_600_000], jitter: 0, retryAfterMaxMs: 0 } });
    await until('the first attempt', () => dms.sent.length === 1);
    dms.answer = () => ok;
    // No wake: the loop must have timed its sleep by the retry due in 150 ms, not its 60 s poll.
    await until('the retry delivered', allDelivered([id]));
    expect(dms.replies).toEqual([503, 200]);
  });

  it('keeps running when a claim fails, and logs it', async () => {
    const log = captureLog();
    const dms = new ScriptedDms();
    let failures = 1;
    const deliveries: WorkerDeps['deliveries'] = {
      ...store.deliveries,
      claimDue: (...args) => (failures-- > 0 ? Promise.reject(new Error('database is locked')) : store.deliveries.claimDue(...args)),
    };
    const id = await ingest();
    const w = startWorker(dms, log, { deliveries });
    await until('the claim failure logged', () => log.messages().includes('claiming deliveries failed'));
    w.wake();
    await until('delivered after all', allDelivered([id]));
    expect(log.lines.find((l) => l.msg === 'claiming deliveries failed')).toMatchObject({ level: 50, err: { message: 'database is locked' } });
  });

  it('keeps running when an attempt crashes, and logs which delivery', async () => {
    const log = captureLog();
    const dms = new ScriptedDms();
    let crashes = 1;
    const deliveries: WorkerDeps['deliveries'] = {
      ...store.deliveries,
      recordAttempt: (...args) => (crashes-- > 0 ? Promise.reject(new Error('disk I/O error')) : store.deliveries.recordAttempt(...args)),
    };
    const crashed = await ingest();
    const w = startWorker(dms, log, { deliveries }, { concurrency: 1 });
    await until('the crash logged', () => log.messages().includes('delivery attempt crashed; the delivery is tried again when its lease expires'));
    const line = log.lines.find((l) => l.msg === 'delivery attempt crashed; the delivery is tried again when its lease expires');
    expect(line).toMatchObject({ level: 50, err: { message: 'disk I/O error' }, deliveryId: (await store.events.getEvent(crashed))?.delivery.id });
    // The loop goes on.
    const next = await ingest();
    w.wake();
    await until('the next delivered', allDelivered([next]));
  });

  it('pauses while the breaker is open, probes after the cooldown, and drains the waiting retries once DMS answers', async () => {
    const log = captureLog();
    const dms = new ScriptedDms();
    dms.answer = () => down;
    // The moment the breaker opens, DMS recovers: any attempt after it must be the probe.
    log.on('circuit breaker opened: DMS keeps failing, attempts paused', () => (dms.answer = () => ok));
    const ids = [await ingest(), await ingest(), await ingest()];
    const w = startWorker(dms, log, {}, { concurrency: 1 });
    await until('all delivered', allDelivered(ids));
    // Two failures open it (each retry due only in an hour); one probe closes it; the two retries
    // are brought forward and delivered at once.
    expect(dms.replies).toEqual([503, 503, 200, 200, 200]);
    expect(log.lines.find((l) => l.msg === 'circuit breaker opened: DMS keeps failing, attempts paused')).toMatchObject({ level: 40, destination: 'http://dms.invalid/soap', openUntil: expect.any(Number) });
    expect(log.lines.find((l) => l.msg === 'circuit breaker closed: DMS answers again, waiting retries brought forward')).toMatchObject({ level: 30, destination: 'http://dms.invalid/soap', expedited: 2 });
    expect(w.breaker.snapshot()).toMatchObject({ state: 'closed', timesOpened: 1 });
  });

  it('lets another probe go when the probe ended without a verdict on DMS', async () => {
    const log = captureLog();
    const dms = new ScriptedDms();
    dms.answer = () => down;
    const failing = [await ingest(), await ingest()];
    // The probe will be a message our signing key cannot sign (a file error): our fault, not DMS's.
    let unsignable = '';
    const sign = (xml: string) => {
      if (unsignable && xml.includes(unsignable)) throw Object.assign(new Error('EACCES: permission denied, open key.pem'), { code: 'EACCES' });
      return `<signed>${xml}</signed>`;
    };
    const w = startWorker(dms, log, { sign }, { concurrency: 1 });
    await until('the breaker open', () => w.breaker.snapshot().state === 'open');
    const probe = await ingest();
    unsignable = (await store.events.getEvent(probe))!.delivery.messageId;
    dms.answer = () => ok;
    const healthy = await ingest();
    await until('a real probe delivered, the retries after it', allDelivered([healthy, ...failing]));
    expect((await store.events.getEvent(probe))?.attempts[0]).toMatchObject({ errorClass: 'internal_error' });
    expect(dms.replies).toEqual([503, 503, 200, 200, 200]);
  });

  it('lets another probe go when the probe crashed', async () => {
    const log = captureLog();
    const dms = new ScriptedDms();
    dms.answer = () => down;
    let crashNext = false;
    const deliveries: WorkerDeps['deliveries'] = {
      ...store.deliveries,
      recordAttempt: (...args) => {
        if (!crashNext) return store.deliveries.recordAttempt(...args);
        crashNext = false;
        return Promise.reject(new Error('disk I/O error'));
      },
    };
    const failing = [await ingest(), await ingest()];
    const w = startWorker(dms, log, { deliveries }, { concurrency: 1 });
    await until('the breaker open', () => w.breaker.snapshot().state === 'open');
    crashNext = true;
    dms.answer = () => ok;
    const probe = await ingest();
    await until('the probe crashed', () => log.messages().includes('delivery attempt crashed; the delivery is tried again when its lease expires'));
    const next = await ingest();
    w.wake();
    await until('a second probe delivered, the retries after it', allDelivered([next, ...failing]));
    expect(await statusOf(probe)).toBe('accepted');
  });

  it('does not touch the store while the breaker is open', async () => {
    const claims: number[] = [];
    const deliveries: WorkerDeps['deliveries'] = { ...store.deliveries, claimDue: (owner, now, ...rest) => (claims.push(now), store.deliveries.claimDue(owner, now, ...rest)) };
    const dms = new ScriptedDms();
    dms.answer = () => down;
    await ingest();
    await ingest();
    const w = startWorker(dms, captureLog(), { deliveries }, { concurrency: 1, breaker: { ...options.breaker, cooldownMs: 300, maxCooldownMs: 300 } });
    await until('the breaker open', () => w.breaker.snapshot().state === 'open');
    const openUntil = w.breaker.snapshot().openUntil!;
    await ingest();
    w.wake();
    await until('a claim after the cooldown', () => claims.some((t) => t >= openUntil));
    const openedAt = openUntil - 300;
    expect(claims.filter((t) => t > openedAt && t < openUntil)).toEqual([]);
  });

  it('keeps running when it cannot tell when the next delivery is due', async () => {
    const deliveries: WorkerDeps['deliveries'] = { ...store.deliveries, nextDueAt: () => Promise.reject(new Error('database is locked')) };
    const dms = new ScriptedDms();
    const w = startWorker(dms, captureLog(), { deliveries });
    await ingestWakeDeliver(w, 'the first');
    await ingestWakeDeliver(w, 'the second');
  });

  it('sends one probe at a time while half-open, however many are due', async () => {
    const dms = new ScriptedDms();
    dms.answer = () => down;
    const failing = [await ingest(), await ingest()];
    const w = startWorker(dms, captureLog(), {}, { concurrency: 4 });
    await until('the breaker open', () => w.breaker.snapshot().state === 'open');
    dms.hold();
    dms.answer = () => ok;
    const waiting = [await ingest(), await ingest(), await ingest()];
    await until('the probe in flight', () => dms.inFlight === 1);
    await sleep(150);
    expect(dms.inFlight).toBe(1);
    dms.release();
    await until('all delivered once it closed', allDelivered([...failing, ...waiting]));
  });

  it('is known by an owner name of its own', async () => {
    const a = startWorker(new ScriptedDms());
    await a.stop();
    const b = startWorker(new ScriptedDms());
    expect(a.owner).toMatch(/^worker-[0-9a-f-]{36}$/);
    expect(b.owner).not.toBe(a.owner);
  });

  it('stops at once when idle, without sleeping out its poll interval', async () => {
    const w = startWorker(new ScriptedDms(), captureLog(), {}, { pollMs: 600_000 });
    await until('idle', async () => (await store.deliveries.nextDueAt()) === null);
    await sleep(50);
    await w.stop();
    expect(w.isRunning).toBe(false);
  });

  it('stops claiming once stopped, and stop() waits for the attempts in flight', async () => {
    const dms = new ScriptedDms();
    dms.hold();
    const first = await ingest();
    const w = startWorker(dms, captureLog(), {}, { concurrency: 1 });
    await until('an attempt in flight', () => dms.inFlight === 1);
    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    expect(w.isRunning).toBe(false);
    await sleep(100);
    expect(stopped).toBe(false);
    dms.release();
    await stopping;
    expect(await statusOf(first)).toBe('delivered');
    const later = await ingest();
    w.wake();
    await sleep(100);
    expect(dms.sent).toHaveLength(1);
    expect(await statusOf(later)).toBe('accepted');
  });
});
