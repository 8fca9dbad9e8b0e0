// The finer rules of a delivery attempt: which failures are the content's (final) and which the
// environment's (retried), what a refused event's reason may quote, how DMS's answer is trusted,
// the schedule with Retry-After and jitter, what the evidence entry and the attempt record say, and
// what the attempt logs and tells the circuit breaker.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { DmsContract, DmsVerdict } from '../mapping/contract.ts';
import type { AnswerVerification } from '../signing/dms-answer.ts';
import {
  attemptDelivery, attemptRecord, decide, dmsHealthy, judge, ourFailure, PermanentFailure, record, remapIfRetired, safeReason, signOnce, targetOf,
  type AttemptDeps, type Exchange,
} from './attempt.ts';
import type { HttpOutcome } from './dms-client.ts';
import type { AttemptRecord, AttemptResult, ClaimedDelivery } from './model/attempt-record.ts';

const delivery = (over: Partial<ClaimedDelivery> = {}): ClaimedDelivery => ({
  id: 'd1', eventId: 'e1', messageId: 'm1', contract: 'c1', attempts: 0, scheduleBase: 0, payload: '{}', registerCode: '26376375', requestXml: null, ...over,
});
const ack: DmsVerdict = { kind: 'ack', receipt: { number: 'DMS-1', status: 'ACCEPTED', registeredAt: '2026-11-23' } };
const rejection: DmsVerdict = { kind: 'rejection', rejection: { code: 'R1', reason: 'no such address' } };
const contract = (verdict: (answer: { status: number; body: string }) => DmsVerdict): DmsContract => ({
  name: 'c1',
  serviceCodeFor: () => 'SVC',
  buildRequest: (_e, ctx) => ({ xml: `<request id="${ctx.messageId}"/>`, serviceCode: 'SVC' }),
  interpretAnswer: verdict,
});
const answer = (status: number, body = '<ok/>', retryAfterMs: number | null = null): HttpOutcome => ({ kind: 'answer', status, body, retryAfterMs });
const sent = { messageId: 'm1', serviceCode: 'SVC', requestXml: '<x/>' };
const signer = { fingerprint256: 'AA:BB' } as unknown as Extract<AnswerVerification, { ok: true }>['signer'];

describe('safeReason', () => {
  it('keeps the part before a colon and drops quoted text, so no refused value is quoted', () => {
    expect(safeReason(new RangeError('not a calendar date: 1990-13-45'))).toBe('RangeError: not a calendar date');
    expect(safeReason(new TypeError('bad name "Коваленко" in the payload'))).toBe('TypeError: bad name … in the payload');
    expect(safeReason(new Error("bad name 'Іван' and «Петро» and `x`"))).toBe('Error: bad name … and … and …');
    expect(safeReason(new Error('an unclosed "quote to the end'))).toBe('Error: an unclosed …');
  });

  it('names an unparsable payload without its text, and a thrown non-error as Error', () => {
    expect(safeReason(new SyntaxError('Unexpected token К in JSON'))).toBe('the stored payload is not JSON');
    expect(safeReason('just text')).toBe('Error: just text');
  });

  it('is at most 200 characters', () => {
    expect(safeReason(new Error('x'.repeat(300)))).toBe(`Error: ${'x'.repeat(193)}`);
  });
});

describe('signing once', () => {
  const keep = async (xml: string) => xml;
  it('takes a signer failure with a system code as the environment (thrown as it is), any other as the content (final)', async () => {
    const keyGone = Object.assign(new Error('ENOENT: key.pem'), { code: 'ENOENT' });
    await expect(signOnce({ kind: 'new', xml: '<r/>' }, () => { throw keyGone; }, keep)).rejects.toBe(keyGone);
    const numbered = Object.assign(new Error('bad: content'), { code: 42 });
    await expect(signOnce({ kind: 'new', xml: '<r/>' }, () => { throw numbered; }, keep)).rejects.toMatchObject({ name: 'PermanentFailure', errorClass: 'unsignable', message: 'Error: bad' });
    await expect(signOnce({ kind: 'new', xml: '<r/>' }, () => { throw null; }, keep)).rejects.toMatchObject({ errorClass: 'unsignable', message: 'Error: null' });
  });

  it('judges a permanent failure as final, anything else as our retryable fault', () => {
    expect(ourFailure(new PermanentFailure('unmappable', 'Error: bad'))).toEqual({ kind: 'permanent', errorClass: 'unmappable', detail: 'Error: bad' });
    expect(ourFailure(new Error('y'.repeat(400)))).toEqual({ kind: 'retryable', errorClass: 'internal_error', detail: 'y'.repeat(300) });
    expect(ourFailure('down')).toEqual({ kind: 'retryable', errorClass: 'internal_error', detail: 'down' });
  });
});

describe('the target of a delivery', () => {
  it('is DMS with its verifier for a live delivery, the sandbox for a test one, and an error when there is none', () => {
    const verifyAnswer = () => ({ ok: true as const, signer });
    const sandbox = { dmsUrl: 'http://mock' };
    expect(targetOf(delivery(), { dmsUrl: 'http://dms', verifyAnswer, sandbox })).toEqual({ dmsUrl: 'http://dms', verifyAnswer });
    expect(targetOf(delivery({ sandbox: true }), { dmsUrl: 'http://dms', verifyAnswer, sandbox })).toBe(sandbox);
    expect(() => targetOf(delivery({ sandbox: true }), { dmsUrl: 'http://dms' })).toThrow(/no sandbox DMS/);
  });
});

describe('judging an answer', () => {
  const byStatus = contract((a) => (a.status === 200 ? ack : a.status === 400 ? rejection : { kind: 'retryable', errorClass: 'http_5xx', detail: `HTTP ${a.status}` }));

  it('takes an acknowledgement or a rejection only when its signature verifies, and keeps who signed it', () => {
    const good = () => ({ ok: true as const, signer });
    const bad = (): AnswerVerification => ({ ok: false, code: 'SIGNATURE_INVALID' as never, reason: 'r' });
    expect(judge(answer(200), byStatus, sent, good)).toEqual({ verdict: ack, httpStatus: 200, retryAfterMs: null, excerpt: '<ok/>', answerSigner: 'AA:BB' });
    expect(judge(answer(400), byStatus, sent, bad).verdict).toEqual({ kind: 'retryable', errorClass: 'answer_unauthenticated', detail: 'rejection not taken: SIGNATURE_INVALID' });
    expect(judge(answer(200), byStatus, sent, bad).verdict).toEqual({ kind: 'retryable', errorClass: 'answer_unauthenticated', detail: 'ack not taken: SIGNATURE_INVALID' });
    // A fault is retried anyway: its signature is not asked for.
    let asked = 0;
    const judged = judge(answer(503, '<fault/>', 5000), byStatus, sent, () => (asked++, good()));
    expect(judged).toEqual({ verdict: { kind: 'retryable', errorClass: 'http_5xx', detail: 'HTTP 503' }, httpStatus: 503, retryAfterMs: 5000, excerpt: '<fault/>' });
    expect(asked).toBe(0);
  });

  it('keeps the first 4000 characters of the answer', () => {
    expect(judge(answer(200, 'a'.repeat(5000)), byStatus, sent).excerpt).toBe('a'.repeat(4000));
  });
});

describe('the next state', () => {
  const policy = { schedule: [1000, 2000], jitter: 0.5, retryAfterMaxMs: 10_000 };
  const fault: DmsVerdict = { kind: 'retryable', errorClass: 'http_5xx', detail: 'HTTP 503' };

  it('spreads a retry by the jitter, honours Retry-After up to its ceiling, and fails a permanent verdict at once', () => {
    expect(decide(fault, 1, policy, null, 0, () => 0)).toMatchObject({ status: 'retrying', nextAttemptAt: 500 });
    expect(decide(fault, 1, policy, null, 0, () => 1)).toMatchObject({ nextAttemptAt: 1500 });
    expect(decide(fault, 1, policy, 60_000, 0, () => 0.5)).toMatchObject({ nextAttemptAt: 10_000 });
    expect(decide({ kind: 'permanent', errorClass: 'unsignable', detail: 'Error: x'.repeat(100) }, 1, policy, null, 0)).toEqual({ status: 'failed', error: `unsignable: ${'Error: x'.repeat(100)}`.slice(0, 500) });
    expect(decide({ kind: 'retryable', errorClass: 'http_5xx', detail: 'z'.repeat(600) }, 1, policy, null, 0, () => 0.5)).toMatchObject({ error: `http_5xx: ${'z'.repeat(490)}` });
  });
});

describe('the attempt record', () => {
  it('says what each verdict was', () => {
    const j = (verdict: Parameters<typeof attemptRecord>[3]['verdict']) => attemptRecord(1, 0, 0, { verdict, httpStatus: null, retryAfterMs: null, excerpt: null }, { messageId: 'm1', contract: null });
    expect(j(ack)).toMatchObject({ outcome: 'delivered', errorClass: null, detail: null });
    expect(j({ kind: 'retryable', errorClass: 'http_5xx', detail: 'HTTP 503' })).toMatchObject({ outcome: 'retryable', errorClass: 'http_5xx', detail: 'HTTP 503' });
    expect(j({ kind: 'permanent', errorClass: 'unmappable', detail: 'Error: x' })).toMatchObject({ outcome: 'retryable', errorClass: 'unmappable', detail: 'Error: x' });
    expect(dmsHealthy({ kind: 'permanent', errorClass: 'unmappable', detail: '' })).toBeNull();
  });
});

describe('recording', () => {
  const attempt: AttemptRecord = { number: 1, startedAt: 0, durationMs: 1, outcome: 'retryable', httpStatus: 503, errorClass: 'http_5xx', detail: 'HTTP 503', responseExcerpt: null, messageId: 'm1', contract: 'c1' };
  const result: AttemptResult = { status: 'retrying', nextAttemptAt: 5, error: 'http_5xx: HTTP 503' };
  const exchange = { delivery: delivery(), attempt: 1, at: 0, requestXml: '<x/>', answer: '<f/>', httpStatus: 503 };
  const setup = (kept: boolean) => {
    const seen: { evidence: Exchange[]; links: unknown[]; recorded: number } = { evidence: [], links: [], recorded: 0 };
    const deliveries = {
      saveSignedRequest: async () => '',
      recordAttempt: async (_id: string, _o: string, _a: AttemptRecord, _r: AttemptResult, _n: number, link?: unknown) => (seen.links.push(link), kept),
    };
    const observer = { evidence: (x: Exchange) => (seen.evidence.push(x), (() => ({})) as never), recorded: () => void seen.recorded++ };
    return { seen, deps: { deliveries, observer } };
  };

  it("names the evidence entry's outcome by the verdict: rejected, or the failure's class, with the answer's signer", async () => {
    const a = setup(true);
    await record({ delivery: delivery(), owner: 'w', exchange, verdict: rejection, answerSigner: 'AA:BB', attempt, result, now: 1 }, a.deps);
    await record({ delivery: delivery(), owner: 'w', exchange, verdict: { kind: 'retryable', errorClass: 'http_5xx', detail: '' }, attempt, result, now: 1 }, a.deps);
    expect(a.seen.evidence.map((x) => [x.outcome, x.answerSigner])).toEqual([['rejected', 'AA:BB'], ['http_5xx', null]]);
  });

  it('writes no evidence when nothing was sent, and tells no observer when the lease was lost', async () => {
    const a = setup(false);
    expect(await record({ delivery: delivery(), owner: 'w', exchange: null, verdict: ourFailure(new Error('x')), attempt, result, now: 1 }, a.deps)).toBe(false);
    expect(a.seen).toEqual({ evidence: [], links: [undefined], recorded: 0 });
  });
});

describe('one attempt, composed', () => {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (text: string) => void lines.push(JSON.parse(text) as Record<string, unknown>) });
  const run = async (d: ClaimedDelivery, over: Partial<AttemptDeps> = {}) => {
    const recorded: Array<{ attempt: AttemptRecord; result: AttemptResult; now: number }> = [];
    let t = 1000;
    lines.length = 0;
    const outcome = await attemptDelivery(d, 'w', {
      deliveries: {
        saveSignedRequest: async (_id, _o, xml) => xml,
        recordAttempt: async (_id, _o, attempt, result, now) => (recorded.push({ attempt, result, now }), true),
      },
      contracts: new Map([['c1', contract((a) => (a.status === 200 ? ack : a.status === 400 ? rejection : { kind: 'retryable', errorClass: 'http_5xx', detail: `HTTP ${a.status}` }))]]),
      sign: (xml) => xml,
      client: { send: async () => answer(503), close: async () => undefined },
      dmsUrl: 'http://dms',
      destination: { name: 'dms', url: null, versions: ['c1'], cutovers: [] },
      policy: { schedule: [1000, 2000, 4000], jitter: 0, retryAfterMaxMs: 60_000 },
      logger,
      // Each reading of the clock is 10 ms later: the duration and the times recorded are told apart.
      now: () => (t += 10),
      ...over,
    });
    return { outcome, recorded, log: lines[0] };
  };

  it('times the attempt, schedules from the time it ended, and logs a retry as a warning', async () => {
    const { outcome, recorded, log } = await run(delivery({ attempts: 1 }));
    expect(recorded[0]?.attempt).toMatchObject({ number: 2, startedAt: 1010, durationMs: 10 });
    expect(outcome.result).toEqual({ status: 'retrying', nextAttemptAt: 1030 + 2000, error: 'http_5xx: HTTP 503' });
    // Recorded at the time it is written, after the decision.
    expect(recorded[0]?.now).toBeGreaterThan(1030);
    expect(log).toMatchObject({ level: 40, msg: 'delivery attempt', deliveryId: 'd1', messageId: 'm1', contract: 'c1', sandbox: false, attempt: 2, status: 'retrying', errorClass: 'http_5xx', httpStatus: 503, durationMs: 10, leaseKept: true });
  });

  it('restarts the schedule after an operator retry: the first wait again, then the second', async () => {
    // Attempts 1–3 used the schedule up; the operator retried: the 4th and 5th wait 1 s, then 2 s.
    const fourth = await run(delivery({ attempts: 3, scheduleBase: 3, requestXml: '<kept/>' }));
    expect(fourth.outcome.result).toMatchObject({ status: 'retrying', nextAttemptAt: 1030 + 1000 });
    const fifth = await run(delivery({ attempts: 4, scheduleBase: 3, requestXml: '<kept/>' }));
    expect(fifth.outcome.result).toMatchObject({ status: 'retrying', nextAttemptAt: 1030 + 2000 });
    const without = await run(delivery({ attempts: 3, scheduleBase: 0, requestXml: '<kept/>' }));
    expect(without.outcome.result).toMatchObject({ status: 'failed' });
    expect(without.log).toMatchObject({ level: 40, status: 'failed' });
  });

  it('logs a delivery as information, and a sandbox attempt as one', async () => {
    const ok = await run(delivery(), { client: { send: async () => answer(200), close: async () => undefined } });
    expect(ok.log).toMatchObject({ level: 30, status: 'delivered', errorClass: null, httpStatus: 200 });
    const sandboxed = await run(delivery({ sandbox: true }), { sandbox: { dmsUrl: 'http://mock' }, client: { send: async () => answer(200), close: async () => undefined } });
    expect(sandboxed.log).toMatchObject({ sandbox: true });
    expect(sandboxed.outcome.dmsHealthy).toBeNull();
  });

  it('remembers a retired version only from a rejection that says so', async () => {
    const retired = new Set<string>();
    await run(delivery({ requestXml: '<kept/>' }), { retired, client: { send: async () => answer(400), close: async () => undefined } });
    expect([...retired]).toEqual([]);
  });
});

describe('a retired version', () => {
  const destination = { name: 'dms', url: null, versions: ['c1', 'c2'], cutovers: [] };
  const retiredBy: DmsVerdict = { kind: 'rejection', rejection: { code: 'CONTRACT_VERSION_RETIRED', reason: 'gone' } };
  const rejected: AttemptResult = { status: 'rejected', rejection: { code: 'CONTRACT_VERSION_RETIRED', reason: 'gone' } };

  it('re-makes the message at once, in the next version, with a new id and a reason', () => {
    expect(remapIfRetired(rejected, retiredBy, 'c1', destination, 70, () => 'm2')).toEqual({
      status: 'retrying', nextAttemptAt: 70, error: 'CONTRACT_VERSION_RETIRED: c1 retired by DMS, re-made in c2', remap: { contract: 'c2', messageId: 'm2' },
    });
  });

  it('leaves any other result alone', () => {
    const other: AttemptResult = { status: 'rejected', rejection: { code: 'R1', reason: 'no' } };
    expect(remapIfRetired(other, rejection, 'c1', destination, 70, () => 'm2')).toBe(other);
    const delivered: AttemptResult = { status: 'delivered', receipt: { number: '1', status: 'A', registeredAt: '' } };
    expect(remapIfRetired(delivered, ack, 'c1', destination, 70, () => 'm2')).toBe(delivered);
  });
});
