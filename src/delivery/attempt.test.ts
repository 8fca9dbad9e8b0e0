// Each stage of a delivery attempt on its own, then the composition: first signed bytes kept and
// resent, the schedule restarting after an operator's retry, evidence before the record (fail closed).
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { DmsContract, DmsVerdict } from '../mapping/contract.ts';
import { attemptDelivery, attemptRecord, decide, dmsHealthy, judge, mapDelivery, record, send, signAhead, signOnce, type AttemptDeps, type Exchange } from './attempt.ts';
import type { DmsClient, HttpOutcome } from './dms-client.ts';
import type { AttemptRecord, AttemptResult, ClaimedDelivery } from './model/attempt-record.ts';

const policy = { schedule: [1000, 2000], jitter: 0, retryAfterMaxMs: 60_000 };
const delivery = (over: Partial<ClaimedDelivery> = {}): ClaimedDelivery => ({
  id: 'd1', eventId: 'e1', messageId: 'm1', contract: 'c1', attempts: 0, scheduleBase: 0, payload: '{"type":"residence.registered"}', registerCode: '26376375', requestXml: null, ...over,
});
const ack: DmsVerdict = { kind: 'ack', receipt: { number: 'DMS-1', status: 'ACCEPTED', registeredAt: '2026-11-23' } };
let built = 0;
const contract: DmsContract = {
  name: 'c1',
  serviceCodeFor: () => 'SVC',
  buildRequest: (_event, ctx) => {
    built++;
    return { xml: `<request id="${ctx.messageId}"/>`, serviceCode: 'SVC' };
  },
  interpretAnswer: (answer) => {
    if (answer.body === 'garbage') throw new Error('not a SOAP envelope');
    return answer.status === 200 ? ack : { kind: 'retryable', errorClass: 'http_5xx', detail: `HTTP ${answer.status}` };
  },
};
const contracts = new Map([['c1', contract]]);
const client = (outcome: HttpOutcome, sent: string[] = []): DmsClient => ({
  send: async (_url, xml) => {
    sent.push(xml);
    return outcome;
  },
  close: async () => undefined,
});
const answer = (status: number, body = '<ok/>'): HttpOutcome => ({ kind: 'answer', status, body, retryAfterMs: null });

describe('map', () => {
  it('builds a new request for a first attempt, and nothing for a retry that resends the kept bytes', () => {
    const before = built;
    expect(mapDelivery(delivery(), contracts)).toMatchObject({ serviceCode: 'SVC', request: { kind: 'new', xml: '<request id="m1"/>' } });
    expect(mapDelivery(delivery({ requestXml: '<signed/>' }), contracts).request).toEqual({ kind: 'kept', signedXml: '<signed/>' });
    expect(built).toBe(before + 1);
  });

  it('fails on a contract it does not know', () => {
    expect(() => mapDelivery(delivery({ contract: 'v9' }), contracts)).toThrow(/no contract named v9/);
  });
});

describe('sign', () => {
  it('signs a new request and sends what the store kept; resends kept bytes unsigned again', async () => {
    const kept: string[] = [];
    const keep = async (xml: string) => {
      kept.push(xml);
      return '<first-signature/>';
    };
    expect(await signOnce({ kind: 'new', xml: '<r/>' }, (xml) => `<signed>${xml}</signed>`, keep)).toBe('<first-signature/>');
    expect(kept).toEqual(['<signed><r/></signed>']);
    expect(await signOnce({ kind: 'kept', signedXml: '<old/>' }, () => { throw new Error('must not sign'); }, keep)).toBe('<old/>');
  });
});

describe('send', () => {
  it('pairs the request with the answer, or with none when the transport failed', async () => {
    const sent = await send(delivery(), 1, 5, '<x/>', client(answer(200, '<ack/>')), 'http://dms');
    expect(sent.exchange).toMatchObject({ attempt: 1, at: 5, requestXml: '<x/>', answer: '<ack/>', httpStatus: 200 });
    const lost = await send(delivery(), 1, 5, '<x/>', client({ kind: 'transport_error', errorClass: 'connection_reset', detail: 'reset' }), 'http://dms');
    expect(lost.exchange).toMatchObject({ answer: null, httpStatus: null });
  });
});

describe('judge', () => {
  const sent = { messageId: 'm1', serviceCode: 'SVC', requestXml: '<x/>' };
  it('reads an answer by the contract, keeps its excerpt, and counts an unreadable answer as our fault', () => {
    expect(judge(answer(200), contract, sent)).toEqual({ verdict: ack, httpStatus: 200, retryAfterMs: null, excerpt: '<ok/>' });
    expect(judge(answer(200, 'garbage'), contract, sent).verdict).toEqual({ kind: 'retryable', errorClass: 'internal_error', detail: 'not a SOAP envelope' });
    expect(judge({ kind: 'transport_error', errorClass: 'connect_timeout', detail: 't' }, contract, sent)).toMatchObject({ verdict: { errorClass: 'connect_timeout' }, httpStatus: null, excerpt: null });
  });

  it('schedules the next attempt from the attempts made, and fails when the schedule is used up', () => {
    const retryable: DmsVerdict = { kind: 'retryable', errorClass: 'http_5xx', detail: 'HTTP 503' };
    expect(decide(ack, 1, policy, null, 100)).toEqual({ status: 'delivered', receipt: ack.kind === 'ack' ? ack.receipt : null });
    expect(decide(retryable, 2, policy, null, 100)).toEqual({ status: 'retrying', nextAttemptAt: 2100, error: 'http_5xx: HTTP 503' });
    expect(decide(retryable, 2, policy, 30_000, 100)).toMatchObject({ nextAttemptAt: 30_100 });
    expect(decide(retryable, 3, policy, null, 100)).toEqual({ status: 'failed', error: 'http_5xx: HTTP 503' });
    expect(decide({ kind: 'rejection', rejection: { code: 'R1', reason: 'no' } }, 1, policy, null, 100)).toEqual({ status: 'rejected', rejection: { code: 'R1', reason: 'no' } });
  });

  it('describes the attempt and tells the breaker whether DMS answered', () => {
    const rejection: DmsVerdict = { kind: 'rejection', rejection: { code: 'R1', reason: 'no' } };
    expect(attemptRecord(2, 10, 7, { verdict: rejection, httpStatus: 500, retryAfterMs: null, excerpt: '<f/>' }, { messageId: 'm1', contract: 'c1' })).toEqual({
      number: 2, startedAt: 10, durationMs: 7, outcome: 'rejected', httpStatus: 500, errorClass: 'business_rejection', detail: 'R1: no', responseExcerpt: '<f/>', messageId: 'm1', contract: 'c1',
    });
    expect([ack, rejection].map(dmsHealthy)).toEqual([true, true]);
    expect(dmsHealthy({ kind: 'retryable', errorClass: 'http_5xx', detail: '' })).toBe(false);
    expect(dmsHealthy({ kind: 'retryable', errorClass: 'internal_error', detail: '' })).toBeNull();
  });
});

describe('signAhead', () => {
  const deps = { contracts, sign: (xml: string) => `<signed>${xml}</signed>`, destination: { name: 'dms', url: null, versions: ['c1'], cutovers: [] } };

  it('signs a new message in the version chosen now, and nothing already signed', () => {
    expect(signAhead(delivery({ messageId: 'm7' }), deps, 0)).toEqual({ requestXml: '<signed><request id="m7"/></signed>', contract: 'c1' });
    expect(signAhead(delivery({ requestXml: '<kept/>' }), deps, 0)).toBeNull();
  });

  it('answers null for any failure, leaving it to the attempt to judge', () => {
    expect(signAhead(delivery(), { ...deps, contracts: new Map() }, 0)).toBeNull();
    expect(signAhead(delivery({ payload: 'not JSON' }), deps, 0)).toBeNull();
    expect(signAhead(delivery(), { ...deps, sign: () => { throw Object.assign(new Error('key unreadable'), { code: 'ENOENT' }); } }, 0)).toBeNull();
  });
});

describe('record', () => {
  const attempt: AttemptRecord = { number: 1, startedAt: 0, durationMs: 1, outcome: 'delivered', httpStatus: 200, errorClass: null, detail: null, responseExcerpt: null, messageId: 'm1', contract: 'c1' };
  const result: AttemptResult = { status: 'delivered', receipt: { number: 'DMS-1', status: 'ACCEPTED', registeredAt: '' } };
  const exchange = { delivery: delivery(), attempt: 1, at: 0, requestXml: '<x/>', answer: '<ok/>', httpStatus: 200 };

  it('hands the evidence entry to the store with the attempt (one transaction), and records nothing when it cannot be made', async () => {
    const calls: string[] = [];
    const head = { id: 7, entryHash: 'h7' };
    const deliveries = {
      saveSignedRequest: async () => '',
      recordAttempt: async (_id: string, _owner: string, _a: AttemptRecord, _r: AttemptResult, _now: number, evidence?: (h: typeof head) => { id: number }) =>
        (calls.push(`recorded with entry ${evidence?.(head).id}`), true),
    };
    const observer = {
      evidence: (x: Exchange) => (calls.push(`evidence:${x.outcome}`), (h: typeof head | null) => ({ id: (h?.id ?? 0) + 1 }) as never),
      recorded: () => void calls.push('observed'),
    };
    expect(await record({ delivery: delivery(), owner: 'w', exchange, verdict: ack, attempt, result, now: 1 }, { deliveries, observer })).toBe(true);
    expect(calls).toEqual(['evidence:delivered', 'recorded with entry 8', 'observed']);

    calls.length = 0;
    const broken = { evidence: () => { throw new Error('disk full'); } };
    await expect(record({ delivery: delivery(), owner: 'w', exchange, verdict: ack, attempt, result, now: 1 }, { deliveries, observer: broken })).rejects.toThrow('disk full');
    expect(calls).toEqual([]);
  });
});

describe('attemptDelivery', () => {
  const deps = (over: Partial<AttemptDeps>, recorded: Array<{ attempt: AttemptRecord; result: AttemptResult }>): AttemptDeps => ({
    deliveries: {
      saveSignedRequest: async (_id, _owner, xml) => xml,
      recordAttempt: async (_id, _owner, attempt, result) => (recorded.push({ attempt, result }), true),
    },
    contracts,
    sign: (xml) => `<signed>${xml}</signed>`,
    client: client(answer(200)),
    dmsUrl: 'http://dms',
    destination: { name: 'dms', url: null, versions: ['c1'], cutovers: [] },
    policy,
    logger: pino({ level: 'silent' }),
    now: () => 1000,
    ...over,
  });

  it('sends a sandbox delivery to the sandbox mock only, and never to DMS when there is none', async () => {
    const urls: string[] = [];
    const to: DmsClient = { ...client(answer(503)), send: async (url) => (urls.push(url), answer(503)) };
    const sandbox = { dmsUrl: 'http://sandbox-mock' };
    const live = await attemptDelivery(delivery(), 'w', deps({ client: to, sandbox }, []));
    const test = await attemptDelivery(delivery({ sandbox: true }), 'w', deps({ client: to, sandbox }, []));
    expect(urls).toEqual(['http://dms', 'http://sandbox-mock']);
    // The sandbox mock's failures say nothing of DMS: not fed to the circuit breaker.
    expect([live.dmsHealthy, test.dmsHealthy]).toEqual([false, null]);

    const recorded: Array<{ attempt: AttemptRecord; result: AttemptResult }> = [];
    const nowhere = await attemptDelivery(delivery({ sandbox: true }), 'w', deps({ client: to }, recorded));
    expect(urls).toHaveLength(2);
    expect(nowhere.result.status).toBe('retrying');
    expect(recorded[0]?.attempt).toMatchObject({ errorClass: 'internal_error' });
  });

  it('resends the first signed bytes and restarts the schedule after an operator retry', async () => {
    const sent: string[] = [];
    const recorded: Array<{ attempt: AttemptRecord; result: AttemptResult }> = [];
    // attempts 1–4 made, the operator retried after the 3rd: this 5th is the 2nd of the new schedule
    const d = delivery({ attempts: 4, scheduleBase: 3, requestXml: '<signed-before/>' });
    const outcome = await attemptDelivery(d, 'w', deps({ client: client(answer(503), sent) }, recorded));
    expect(sent).toEqual(['<signed-before/>']);
    expect(outcome).toEqual({ result: { status: 'retrying', nextAttemptAt: 3000, error: 'http_5xx: HTTP 503' }, recorded: true, dmsHealthy: false });
    expect(recorded[0]?.attempt).toMatchObject({ number: 5, httpStatus: 503, outcome: 'retryable' });
  });

  it('fails an event the mapping refuses at once, with a reason that quotes none of its data', async () => {
    const recorded: Array<{ attempt: AttemptRecord; result: AttemptResult }> = [];
    const refusing: DmsContract = { ...contract, buildRequest: () => { throw new RangeError('not a calendar date: 1990-13-45'); } };
    const outcome = await attemptDelivery(delivery(), 'w', deps({ contracts: new Map([['c1', refusing]]) }, recorded));
    expect(outcome).toEqual({ result: { status: 'failed', error: 'unmappable: RangeError: not a calendar date' }, recorded: true, dmsHealthy: null });
    expect(recorded[0]?.attempt).toMatchObject({ errorClass: 'unmappable', detail: 'RangeError: not a calendar date', httpStatus: null });
    const unreadable = await attemptDelivery(delivery({ payload: '{"name":"Коваленко"' }), 'w', deps({}, []));
    expect(unreadable.result).toEqual({ status: 'failed', error: 'unmappable: the stored payload is not JSON' });
  });

  it('fails an event whose content cannot be signed, but retries when the key or the store is the cause', async () => {
    const contentFails = await attemptDelivery(delivery(), 'w', deps({ sign: () => { throw new Error('the envelope needs a SOAP Header'); } }, []));
    expect(contentFails.result).toEqual({ status: 'failed', error: 'unsignable: Error: the envelope needs a SOAP Header' });
    const keyGone = Object.assign(new Error('ENOENT: no such file, open key.pem'), { code: 'ENOENT' });
    const keyFails = await attemptDelivery(delivery(), 'w', deps({ sign: () => { throw keyGone; } }, []));
    expect(keyFails).toMatchObject({ result: { status: 'retrying', error: expect.stringMatching(/^internal_error: ENOENT/) }, dmsHealthy: null });
    const storeDown = deps({}, []);
    storeDown.deliveries = { ...storeDown.deliveries, saveSignedRequest: async () => { throw new Error('database is locked'); } };
    expect((await attemptDelivery(delivery(), 'w', storeDown)).result).toMatchObject({ status: 'retrying', error: 'internal_error: database is locked' });
  });

  it('retries, as our fault, a delivery whose contract is missing from the configuration', async () => {
    const recorded: Array<{ attempt: AttemptRecord; result: AttemptResult }> = [];
    const outcome = await attemptDelivery(delivery({ contract: 'v9', requestXml: '<kept/>' }), 'w', deps({}, recorded));
    expect(outcome).toMatchObject({ result: { status: 'retrying' }, recorded: true, dmsHealthy: null });
    expect(recorded[0]?.attempt).toMatchObject({ errorClass: 'internal_error', httpStatus: null });
  });
});

describe('contract versions in an attempt', () => {
  const c2: DmsContract = { ...contract, name: 'c2', buildRequest: (_e, ctx) => ({ xml: `<v2 id="${ctx.messageId}"/>`, serviceCode: 'SVC' }) };
  const both = new Map([['c1', contract], ['c2', c2]]);
  // c2 comes into force at t=500; every attempt below starts at t=1000.
  const destination = { name: 'dms', url: null, versions: ['c1', 'c2'], cutovers: [{ version: 'c2', from: 500, fromText: '' }] };
  const run = async (d: ClaimedDelivery, over: Partial<AttemptDeps> = {}) => {
    const sent: string[] = [];
    const saved: string[] = [];
    const recorded: Array<{ attempt: AttemptRecord; result: AttemptResult }> = [];
    const outcome = await attemptDelivery(d, 'w', {
      deliveries: {
        saveSignedRequest: async (_id, _owner, xml, version) => (saved.push(version), xml),
        recordAttempt: async (_id, _owner, attempt, result) => (recorded.push({ attempt, result }), true),
      },
      contracts: both,
      sign: (xml) => xml,
      client: client(answer(200), sent),
      dmsUrl: 'http://dms',
      destination,
      policy,
      logger: pino({ level: 'silent' }),
      now: () => 1000,
      ...over,
    });
    return { outcome, sent, saved, recorded };
  };

  it('makes a message not yet signed at cut-over in the new version, and keeps it with its signature', async () => {
    const { sent, saved, recorded } = await run(delivery({ contract: 'c1' }));
    expect(sent).toEqual(['<v2 id="m1"/>']);
    expect(saved).toEqual(['c2']);
    expect(recorded[0]?.attempt).toMatchObject({ messageId: 'm1', contract: 'c2' });
  });

  it('resends a message signed before the cut-over in its own version, byte for byte', async () => {
    const { sent, saved, recorded } = await run(delivery({ contract: 'c1', requestXml: '<request id="m1"/>', attempts: 1 }));
    expect(sent).toEqual(['<request id="m1"/>']);
    expect(saved).toEqual([]);
    expect(recorded[0]?.attempt).toMatchObject({ contract: 'c1' });
  });

  it('re-makes the event as a new message in the next version when DMS retired its version', async () => {
    const retiredAnswer: DmsContract = { ...contract, interpretAnswer: () => ({ kind: 'rejection', rejection: { code: 'CONTRACT_VERSION_RETIRED', reason: 'v1 retired' } }) };
    const retired = new Set<string>();
    const noCutover = { ...destination, cutovers: [] };
    const { outcome } = await run(delivery({ contract: 'c1', requestXml: '<request id="m1"/>', attempts: 1 }), {
      contracts: new Map([['c1', retiredAnswer], ['c2', c2]]),
      destination: noCutover,
      retired,
    });
    expect(outcome.result).toMatchObject({ status: 'retrying', nextAttemptAt: 1000, remap: { contract: 'c2' } });
    const remap = outcome.result.status === 'retrying' ? outcome.result.remap : undefined;
    expect(remap?.messageId).not.toBe('m1');
    // The gateway remembers: the next new message skips the retired version at once.
    expect([...retired]).toEqual(['c1']);
    const next = await run(delivery({ contract: 'c1' }), { destination: noCutover, retired });
    expect(next.saved).toEqual(['c2']);
  });

  it('lets the rejection stand when DMS retired the newest version the destination accepts', async () => {
    const retiredAnswer: DmsContract = { ...c2, interpretAnswer: () => ({ kind: 'rejection', rejection: { code: 'CONTRACT_VERSION_RETIRED', reason: 'retired' } }) };
    const { outcome } = await run(delivery({ contract: 'c2', requestXml: '<v2/>', attempts: 1 }), { contracts: new Map([['c1', contract], ['c2', retiredAnswer]]) });
    expect(outcome.result).toEqual({ status: 'rejected', rejection: { code: 'CONTRACT_VERSION_RETIRED', reason: 'retired' } });
  });
});
