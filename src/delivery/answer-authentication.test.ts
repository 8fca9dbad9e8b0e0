// Authenticated DMS answers in the delivery path: an acknowledgement or a rejection counts only when
// it is signed by a certificate of the pinned DMS CA; otherwise the attempt is retried as
// `answer_unauthenticated`, and the evidence log keeps the answer with the DMS signer's fingerprint.
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createMockDmsApp } from '../../mocks/dms/app.ts';
import { createTestPki } from '../../mocks/dms/test-support/pki.ts';
import { buildEnvelope, signedEnvelope, soapInit } from '../../mocks/dms/test-support/messages.ts';
import type { DmsContract } from '../mapping/contract.ts';
import { interpretAnswer } from '../mapping/dms-v1/answer.ts';
import { verifyDmsAnswer } from '../signing/dms-answer.ts';
import { attemptDelivery, type AttemptDeps, type Exchange } from './attempt.ts';
import type { HttpOutcome } from './dms-client.ts';
import type { AttemptRecord, AttemptResult, ClaimedDelivery } from './model/attempt-record.ts';

const gateway = createTestPki();
const dms = createTestPki('mock DMS');
const impostor = createTestPki('impostor DMS');
afterAll(() => {
  for (const pki of [gateway, dms, impostor]) pki.cleanup();
});

const MESSAGE_ID = '0193a2c4-5b6e-7f00-8a1b-0000000000a1';
// A fresh mock for every answer: a mock remembers the messages it took and would answer a second
// sending of the same one as a duplicate, so the tests would depend on the order they run in.
const genuine = () => createMockDmsApp({ trustedCaPems: [gateway.caPem], answerSigningKey: dms.rsa });
const forged = () => createMockDmsApp({ trustedCaPems: [gateway.caPem], answerSigningKey: impostor.rsa });
const unsigned = () => createMockDmsApp({ trustedCaPems: [gateway.caPem] });

async function answerOf(mock: typeof genuine, xml: string): Promise<HttpOutcome> {
  const res = await mock().app.request('/', soapInit(xml));
  return { kind: 'answer', status: res.status, body: await res.text(), retryAfterMs: null };
}

const contract: DmsContract = {
  name: 'c1',
  serviceCodeFor: () => 'RegisterResidence',
  buildRequest: () => ({ xml: '<unused/>', serviceCode: 'RegisterResidence' }),
  interpretAnswer,
};

async function attempt(request: string, answer: HttpOutcome) {
  const evidence: Exchange[] = [];
  const recorded: Array<{ attempt: AttemptRecord; result: AttemptResult }> = [];
  const d: ClaimedDelivery = { id: 'd1', eventId: 'e1', messageId: MESSAGE_ID, contract: 'c1', attempts: 1, scheduleBase: 0, payload: '{}', registerCode: '26376375', requestXml: request };
  const deps: AttemptDeps = {
    deliveries: { saveSignedRequest: async (_id, _o, xml) => xml, recordAttempt: async (_id, _o, a, result) => (recorded.push({ attempt: a, result }), true) },
    observer: { evidence: (x) => (evidence.push(x), () => { throw new Error('not linked here'); }) },
    contracts: new Map([['c1', contract]]),
    sign: () => { throw new Error('a kept request is not signed again'); },
    verifyAnswer: (xml) => verifyDmsAnswer(xml, { caPems: [dms.caPem] }),
    client: { send: async () => answer, close: async () => undefined },
    dmsUrl: 'http://dms',
    destination: { name: 'dms', url: null, versions: ['c1'], cutovers: [] },
    policy: { schedule: [1000, 1000], jitter: 0, retryAfterMaxMs: 60_000 },
    logger: pino({ level: 'silent' }),
    now: () => 1000,
  };
  const outcome = await attemptDelivery(d, 'w', deps);
  return { outcome, evidence, recorded };
}

describe('DMS answers in the delivery path', () => {
  const request = signedEnvelope(gateway.rsa, { messageId: MESSAGE_ID });

  it('counts a signed acknowledgement as delivered and keeps the DMS signer in the evidence', async () => {
    const { outcome, evidence } = await attempt(request, await answerOf(genuine, request));
    expect(outcome.result.status).toBe('delivered');
    expect(evidence[0]).toMatchObject({ outcome: 'delivered', answerSigner: dms.rsa.fingerprint256 });
    expect(evidence[0]?.answer).toContain('<ds:Signature');
  });

  it('does not count a tampered acknowledgement as delivered', async () => {
    const ack = await answerOf(genuine, request);
    if (ack.kind !== 'answer') throw new Error('no answer');
    const tampered = { ...ack, body: ack.body.replace(/DMS-(\d{8})-/, 'DMS-$1-9') };
    expect(tampered.body).not.toBe(ack.body);
    const { outcome, evidence, recorded } = await attempt(request, tampered);
    expect(outcome.result).toMatchObject({ status: 'retrying', error: 'answer_unauthenticated: ack not taken: SIGNATURE_INVALID' });
    expect(recorded[0]?.attempt).toMatchObject({ outcome: 'retryable', errorClass: 'answer_unauthenticated', httpStatus: 200 });
    // the answer is kept as evidence all the same, without a signer
    expect(evidence[0]).toMatchObject({ outcome: 'answer_unauthenticated', answerSigner: null, answer: tampered.body });
  });

  it('refuses an acknowledgement signed by another CA, and an unsigned one', async () => {
    const byImpostor = await attempt(request, await answerOf(forged, request));
    expect(byImpostor.outcome.result).toMatchObject({ status: 'retrying', error: 'answer_unauthenticated: ack not taken: CERTIFICATE_UNTRUSTED' });
    const bare = await attempt(request, await answerOf(unsigned, request));
    expect(bare.outcome.result).toMatchObject({ status: 'retrying', error: 'answer_unauthenticated: ack not taken: SIGNATURE_MISSING' });
  });

  it('takes a signed rejection as final, but not an unsigned or forged one', async () => {
    // The mock rejects an unsigned request (SIGNATURE_MISSING): a business answer, signed by DMS.
    const notSigned = buildEnvelope({ messageId: MESSAGE_ID });
    const signedRejection = await attempt(notSigned, await answerOf(genuine, notSigned));
    expect(signedRejection.outcome.result).toMatchObject({ status: 'rejected', rejection: { code: 'SIGNATURE_MISSING' } });
    expect(signedRejection.evidence[0]).toMatchObject({ outcome: 'rejected', answerSigner: dms.rsa.fingerprint256 });
    expect((await attempt(notSigned, await answerOf(forged, notSigned))).outcome.result).toMatchObject({ status: 'retrying', error: expect.stringMatching(/^answer_unauthenticated: rejection not taken/) });
    expect((await attempt(notSigned, await answerOf(unsigned, notSigned))).outcome.result.status).toBe('retrying');
  });

  it('retries a Server fault whether signed or not, as before', async () => {
    const fault: HttpOutcome = { kind: 'answer', status: 503, body: '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Server</faultcode><faultstring>busy</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>', retryAfterMs: null };
    const { outcome } = await attempt(request, fault);
    expect(outcome.result.status).toBe('retrying');
    expect(outcome.result.status === 'retrying' ? outcome.result.error : '').not.toMatch(/answer_unauthenticated/);
  });
});
