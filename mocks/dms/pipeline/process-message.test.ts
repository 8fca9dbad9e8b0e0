// The whole message pipeline through its public function, with the mock's real state (ledger,
// schema validator, retired versions, lock) and envelopes signed as the gateway signs them: each
// verdict in the order the checks run, what is remembered, and the acknowledgement's content.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { NS } from '../../../src/xml/namespaces.ts';
import { SchemaValidator } from '../schema/schema-validator.ts';
import { KeyedLock } from '../state/keyed-lock.ts';
import { Ledger } from '../state/ledger.ts';
import { RetiredVersions } from '../state/retired-versions.ts';
import { createTestPki } from '../test-support/pki.ts';
import { REGISTER_RESIDENCE_BODY, bodyWith, buildEnvelope, signedEnvelope } from '../test-support/messages.ts';
import type { EnvelopeOptions } from '../test-support/messages.ts';
import { processMessage } from './process-message.ts';
import type { PipelineDeps } from './process-message.ts';

const ours = createTestPki();
const theirs = createTestPki();
afterAll(() => {
  ours.cleanup();
  theirs.cleanup();
});

// One instant for the whole file: receipts carry it, and the fixture's occurredAt lies before it.
const NOW = new Date();
const validator = new SchemaValidator();

function pipeline(overrides: Partial<PipelineDeps> = {}): PipelineDeps {
  return {
    validator,
    ledger: new Ledger(() => NOW),
    versions: new RetiredVersions(),
    locks: new KeyedLock(),
    logger: pino({ level: 'silent' }),
    trustedCaPems: [ours.caPem],
    now: () => NOW,
    ...overrides,
  };
}

const request = (xml: string | Uint8Array, contentType = 'text/xml; charset=utf-8') => ({
  bytes: typeof xml === 'string' ? new TextEncoder().encode(xml) : xml,
  contentType,
  soapAction: '""',
});

async function send(deps: PipelineDeps, xml: string) {
  return processMessage(request(xml), deps);
}

async function rejection(deps: PipelineDeps, xml: string) {
  const { outcome } = await send(deps, xml);
  if (outcome.kind !== 'rejected') throw new Error(`expected a rejection, got ${JSON.stringify(outcome)}`);
  return outcome;
}

const signed = (options: EnvelopeOptions = {}) => signedEnvelope(ours.rsa, options);
const V2_BODY = REGISTER_RESIDENCE_BODY.replace(NS.reg, NS.regV2);

describe('a good message', () => {
  it('is acknowledged ACCEPTED with a receipt for its id, event and service, the headers echoed', async () => {
    const deps = pipeline();
    const messageId = randomUUID();
    const gatewayEventId = randomUUID();
    const { facts, outcome } = await send(deps, signed({ messageId, gatewayEventId }));

    expect(facts).toEqual({ messageId, serviceCode: 'RegisterResidence', gatewayEventId, namespace: NS.reg });
    if (outcome.kind !== 'ack') throw new Error(JSON.stringify(outcome));
    expect(outcome.status).toBe('ACCEPTED');
    expect(outcome.reg).toBe(NS.reg);
    expect(outcome.receipt).toEqual({
      receiptNumber: expect.stringMatching(/^DMS-\d{8}-000001$/),
      registeredAt: NOW.toISOString(),
      messageId,
      gatewayEventId,
      serviceCode: 'RegisterResidence',
    });
    expect(outcome.echoedHeaders.map((xml) => /^<xrd:(\w+)/.exec(xml)?.[1])).toEqual(['client', 'service', 'id', 'userId', 'issue', 'protocolVersion']);
    expect(outcome.echoedHeaders[2]).toBe(`<xrd:id xmlns:xrd="${NS.xrd}">${messageId}</xrd:id>`);
    expect(deps.ledger.recall(messageId)).toEqual({ kind: 'accepted', receipt: outcome.receipt });
    expect(deps.ledger.receipts(gatewayEventId)).toEqual([outcome.receipt]);
  });

  it('is acknowledged in its own contract version: a v2 body answers in the v2 namespace', async () => {
    const { facts, outcome } = await send(pipeline(), signed({ serviceVersion: 'v2', body: V2_BODY }));
    expect(outcome).toMatchObject({ kind: 'ack', status: 'ACCEPTED', reg: NS.regV2 });
    expect(facts.namespace).toBe(NS.regV2);
  });

  it('is accepted with an ECDSA signature and a MEMBER client without userId and issue', async () => {
    const { outcome } = await send(pipeline(), signedEnvelope(ours.ecdsa, { clientObjectType: 'MEMBER', userId: null, issue: null }));
    expect(outcome).toMatchObject({ kind: 'ack', status: 'ACCEPTED' });
    if (outcome.kind === 'ack') expect(outcome.echoedHeaders).toHaveLength(4);
  });
});

describe('repeats', () => {
  it('the same message again is DUPLICATE with the original receipt, and registers nothing', async () => {
    const deps = pipeline();
    const xml = signed();
    const first = await send(deps, xml);
    const again = await send(deps, xml);
    if (first.outcome.kind !== 'ack' || again.outcome.kind !== 'ack') throw new Error('expected two acks');
    expect(again.outcome.status).toBe('DUPLICATE');
    expect(again.outcome.receipt).toEqual(first.outcome.receipt);
    expect(again.outcome.echoedHeaders).toEqual(first.outcome.echoedHeaders);
    expect(again.facts.gatewayEventId).toBe(first.outcome.receipt.gatewayEventId);
    expect(deps.ledger.receipts()).toHaveLength(1);
  });

  it('the same event under a new message id is DUPLICATE with the original receipt, remembered as a repeat', async () => {
    const deps = pipeline();
    const gatewayEventId = randomUUID();
    const first = await send(deps, signed({ gatewayEventId }));
    const laterId = randomUUID();
    const later = await send(deps, signed({ gatewayEventId, messageId: laterId }));
    if (first.outcome.kind !== 'ack' || later.outcome.kind !== 'ack') throw new Error('expected two acks');
    expect(later.outcome.status).toBe('DUPLICATE');
    expect(later.outcome.receipt).toEqual(first.outcome.receipt);
    expect(later.outcome.echoedHeaders[2]).toContain(laterId);
    expect(deps.ledger.recall(laterId)).toEqual({ kind: 'repeated', receipt: first.outcome.receipt });
    expect(deps.ledger.repeatedEvents()).toEqual([{ gatewayEventId, messageIds: [laterId] }]);
    // The repeat under the later id is itself answered DUPLICATE again.
    const third = await send(deps, signed({ gatewayEventId, messageId: laterId }));
    expect(third.outcome).toMatchObject({ kind: 'ack', status: 'DUPLICATE', receipt: first.outcome.receipt });
  });

  it('a rejected message id keeps its rejection, replayed, even when the message is fixed', async () => {
    const deps = pipeline();
    const messageId = randomUUID();
    const first = await rejection(deps, signed({ messageId, clientMemberCode: '04054903' }));
    expect(first).toMatchObject({ replayed: false, httpStatus: 500 });
    const again = await rejection(deps, signed({ messageId }));
    expect(again).toEqual({ kind: 'rejected', rejection: first.rejection, httpStatus: 500, replayed: true, reg: NS.reg });
  });

  it('a replayed id refuses the signature problems of the repeat, and broken headers, without remembering them', async () => {
    const deps = pipeline();
    const messageId = randomUUID();
    const gatewayEventId = randomUUID();
    const first = await send(deps, signed({ messageId, gatewayEventId }));
    expect(first.outcome).toMatchObject({ kind: 'ack', status: 'ACCEPTED' });

    const unsigned = await rejection(deps, buildEnvelope({ messageId, gatewayEventId }));
    expect(unsigned).toMatchObject({ rejection: { code: 'SIGNATURE_MISSING' }, replayed: false, httpStatus: 500 });
    const badHeader = await rejection(deps, signed({ messageId, gatewayEventId, protocolVersion: '3.0' }));
    expect(badHeader).toEqual({
      kind: 'rejected',
      rejection: { code: 'XROAD_HEADER_INVALID', reason: 'protocolVersion "3.0", очікується 4.0' },
      httpStatus: 500,
      replayed: false,
      reg: NS.reg,
    });
    // The acceptance stays: a proper repeat is still DUPLICATE.
    expect((await send(deps, signed({ messageId, gatewayEventId }))).outcome).toMatchObject({ kind: 'ack', status: 'DUPLICATE' });
  });

  it('a message id reused for another event is refused MESSAGE_ID_REUSED, naming the registered event and receipt', async () => {
    const deps = pipeline();
    const messageId = randomUUID();
    const first = await send(deps, signed({ messageId }));
    if (first.outcome.kind !== 'ack') throw new Error('expected an ack');
    const otherEvent = randomUUID();
    const reused = await send(deps, signed({ messageId, gatewayEventId: otherEvent }));
    const { receipt } = first.outcome;
    expect(reused.outcome).toEqual({
      kind: 'rejected',
      rejection: {
        code: 'MESSAGE_ID_REUSED',
        reason: `xrd:id уже зареєстровано для gatewayEventId ${receipt.gatewayEventId} (квитанція ${receipt.receiptNumber})`,
      },
      httpStatus: 500,
      replayed: false,
      reg: NS.reg,
    });
    expect(reused.facts.gatewayEventId).toBe(otherEvent);
    expect(deps.ledger.recall(messageId)).toEqual({ kind: 'accepted', receipt });
    expect(deps.ledger.registrationOf(otherEvent)).toBeUndefined();
  });
});

describe('refusals before the envelope is read', () => {
  it('a wrong media type is refused with its HTTP status, no namespace on the outcome', async () => {
    const { facts, outcome } = await processMessage(request(signed(), 'application/soap+xml'), pipeline());
    expect(outcome).toEqual({
      kind: 'rejected',
      rejection: { code: 'CONTENT_TYPE_INVALID', reason: 'Content-Type application/soap+xml, очікується text/xml' },
      httpStatus: 415,
      replayed: false,
    });
    expect(facts).toStrictEqual({ messageId: null, serviceCode: null, gatewayEventId: null });
  });

  it('malformed XML is refused MALFORMED_XML with HTTP 500', async () => {
    const outcome = await rejection(pipeline(), '<SOAP-ENV:Envelope');
    expect(outcome.rejection.code).toBe('MALFORMED_XML');
    expect(outcome.httpStatus).toBe(500);
    expect(outcome.replayed).toBe(false);
  });

  it('a message without an id is refused with its header problems and nothing is remembered', async () => {
    const deps = pipeline();
    const { facts, outcome } = await send(deps, signed({ messageId: ' ' }));
    expect(outcome).toEqual({
      kind: 'rejected',
      rejection: { code: 'XROAD_HEADER_INVALID', reason: 'xrd:id порожній' },
      httpStatus: 500,
      replayed: false,
      reg: NS.reg,
    });
    expect(facts.messageId).toBeNull();
    expect(facts.serviceCode).toBe('RegisterResidence');
    expect(deps.ledger.recall(' ')).toBeUndefined();
  });
});

describe('verdicts on a message with an id, in the order of the checks', () => {
  it('broken X-Road headers: XROAD_HEADER_INVALID, every problem joined, remembered for the id', async () => {
    const deps = pipeline();
    const messageId = randomUUID();
    const outcome = await rejection(deps, signed({ messageId, serviceCode: 'RegisterPet', protocolVersion: '3.0' }));
    const expected = { code: 'XROAD_HEADER_INVALID', reason: 'Невідомий serviceCode "RegisterPet"; protocolVersion "3.0", очікується 4.0' };
    expect(outcome.rejection).toEqual(expected);
    expect(deps.ledger.recall(messageId)).toEqual({ kind: 'rejected', rejection: expected });
  });

  it.each([
    ['client objectType', { clientObjectType: 'PERSON' }, 'xrd:client objectType "PERSON", очікується SUBSYSTEM або MEMBER'],
    ['serviceVersion', { serviceVersion: 'v7' }, 'serviceVersion "v7", очікується одна з v1, v2'],
    ['protocolVersion', { protocolVersion: null }, 'xrd:protocolVersion відсутній або не на своєму місці'],
  ] as const)('a broken %s header, even unsigned, is a header fault first', async (_name, options, reason) => {
    const outcome = await rejection(pipeline(), buildEnvelope(options));
    expect(outcome.rejection).toEqual({ code: 'XROAD_HEADER_INVALID', reason });
  });

  it('a header the XSD refuses is a header fault before a missing signature', async () => {
    // The client's memberClass: structure is fine for readXRoadHeaders, the X-Road XSD requires it.
    const xml = buildEnvelope().replace('<id:memberClass>GOV</id:memberClass>', '');
    const outcome = await rejection(pipeline(), xml);
    expect(outcome.rejection.code).toBe('XROAD_HEADER_INVALID');
    expect(outcome.rejection.reason).toContain('memberCode');
  });

  it('an unsigned message: SIGNATURE_MISSING, before the body schema', async () => {
    const deps = pipeline();
    const messageId = randomUUID();
    const { facts, outcome } = await send(deps, buildEnvelope({ messageId, body: bodyWith('<reg:channel>cnap</reg:channel>', '') }));
    expect(outcome).toMatchObject({ kind: 'rejected', rejection: { code: 'SIGNATURE_MISSING' } });
    expect(facts.gatewayEventId).toBeNull();
    expect(deps.ledger.recall(messageId)).toMatchObject({ kind: 'rejected', rejection: { code: 'SIGNATURE_MISSING' } });
  });

  it('a signature changed after signing: SIGNATURE_INVALID', async () => {
    const tampered = signed().replace('<reg:firstName>Олена<', '<reg:firstName>Олеся<');
    expect((await rejection(pipeline(), tampered)).rejection.code).toBe('SIGNATURE_INVALID');
  });

  it('a signer from an unpinned CA: CERTIFICATE_UNTRUSTED', async () => {
    expect((await rejection(pipeline(), signedEnvelope(theirs.rsa))).rejection.code).toBe('CERTIFICATE_UNTRUSTED');
  });

  it('a certificate judged at a time after it expired: CERTIFICATE_EXPIRED', async () => {
    const later = new Date(NOW.getTime() + 50 * 365 * 24 * 3600 * 1000);
    const outcome = await rejection(pipeline({ now: () => later }), signed());
    expect(outcome.rejection.code).toBe('CERTIFICATE_EXPIRED');
  });

  it('a Body with two request elements, signed: SCHEMA_INVALID naming the count', async () => {
    const body = `${REGISTER_RESIDENCE_BODY}${REGISTER_RESIDENCE_BODY}`;
    const outcome = await rejection(pipeline(), signed({ body }));
    expect(outcome.rejection).toEqual({ code: 'SCHEMA_INVALID', reason: 'SOAP Body має містити рівно один елемент запиту, знайдено 2' });
  });

  it('a body the schema refuses: SCHEMA_INVALID with every error joined', async () => {
    // Two values outside their enumerations: the schema reports both.
    const body = bodyWith('<reg:channel>cnap</reg:channel>', '<reg:channel>fax</reg:channel>', bodyWith('<reg:sex>female</reg:sex>', '<reg:sex>other</reg:sex>'));
    const errors = validator.validateNow({ headers: null, body }).bodyErrors;
    expect(errors).toHaveLength(2);
    const outcome = await rejection(pipeline(), signed({ body }));
    expect(outcome.rejection).toEqual({ code: 'SCHEMA_INVALID', reason: `${errors[0]}; ${errors[1]}` });
    expect(outcome.rejection.reason).toMatch(/reg:channel.*; .*reg:sex/);
  });

  it('the gatewayEventId of a signed message is known even when it is refused later', async () => {
    const gatewayEventId = randomUUID();
    const { facts, outcome } = await send(pipeline(), signed({ gatewayEventId, clientMemberCode: '04054903' }));
    expect(outcome).toMatchObject({ kind: 'rejected', rejection: { code: 'REGISTER_MISMATCH' } });
    expect(facts.gatewayEventId).toBe(gatewayEventId);
  });

  it('a body in another version than serviceVersion: SERVICE_BODY_MISMATCH naming both', async () => {
    expect((await rejection(pipeline(), signed({ serviceVersion: 'v2' }))).rejection).toEqual({
      code: 'SERVICE_BODY_MISMATCH',
      reason: 'Body у версії контракту v1, а serviceVersion — v2',
    });
    expect((await rejection(pipeline(), signed({ serviceVersion: 'v1', body: V2_BODY }))).rejection).toEqual({
      code: 'SERVICE_BODY_MISMATCH',
      reason: 'Body у версії контракту v2, а serviceVersion — v1',
    });
  });

  it('a retired contract version: CONTRACT_VERSION_RETIRED; the other version is still served', async () => {
    const deps = pipeline();
    expect(deps.versions.set(['v1'])).toEqual([]);
    expect((await rejection(deps, signed())).rejection).toEqual({
      code: 'CONTRACT_VERSION_RETIRED',
      reason: 'Версію контракту v1 більше не обслуговують; надішліть подію в новішій версії',
    });
    expect((await send(deps, signed({ serviceVersion: 'v2', body: V2_BODY }))).outcome).toMatchObject({ kind: 'ack', status: 'ACCEPTED' });
  });

  it('a business refusal is the last check, with its code, and remembered', async () => {
    const deps = pipeline();
    const messageId = randomUUID();
    const outcome = await rejection(deps, signed({ messageId, serviceCode: 'RegisterStay' }));
    expect(outcome.rejection).toEqual({ code: 'SERVICE_BODY_MISMATCH', reason: 'Body містить reg:RegisterResidence, а serviceCode — RegisterStay' });
    expect(deps.ledger.recall(messageId)).toEqual({ kind: 'rejected', rejection: outcome.rejection });
  });

  it('the business checks see the client memberCode and the clock the pipeline is given', async () => {
    const mismatch = await rejection(pipeline(), signed({ clientMemberCode: '04054903' }));
    expect(mismatch.rejection).toEqual({ code: 'REGISTER_MISMATCH', reason: 'reg:register/reg:code (26376375) ≠ memberCode клієнта X-Road (04054903)' });
    // An event an hour after NOW is in the future for the pipeline's clock, and fine for a clock two hours on.
    const body = bodyWith('2026-11-20T10:15:00+02:00', new Date(NOW.getTime() + 3600_000).toISOString());
    expect((await rejection(pipeline(), signed({ body }))).rejection.code).toBe('OCCURRED_IN_FUTURE');
    const later = new Date(NOW.getTime() + 2 * 3600_000);
    expect((await send(pipeline({ now: () => later }), signed({ body }))).outcome).toMatchObject({ kind: 'ack', status: 'ACCEPTED' });
  });
});

describe('an unexpected failure', () => {
  function capture() {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    return { lines, logger: pino({ level: 'error' }, stream) };
  }

  it('is a server_error outcome with the reason, logged with the message id, never remembered', async () => {
    const { lines, logger } = capture();
    const broken = { validate: () => Promise.reject(new Error('validator down')) } as unknown as SchemaValidator;
    const deps = pipeline({ validator: broken, logger });
    const messageId = randomUUID();
    const { facts, outcome } = await send(deps, signed({ messageId }));
    expect(outcome).toEqual({ kind: 'server_error', reason: 'validator down' });
    expect(facts.messageId).toBe(messageId);
    expect(deps.ledger.recall(messageId)).toBeUndefined();
    const logged = JSON.parse(lines.join('')) as { msg: string; messageId: string; err: { message: string } };
    expect(logged.msg).toBe('mock DMS failed to process a message');
    expect(logged.messageId).toBe(messageId);
    expect(logged.err.message).toBe('validator down');
  });

  it('reads a thrown non-Error as its string', async () => {
    const broken = { validate: () => Promise.reject('plain failure') } as unknown as SchemaValidator;
    const { outcome } = await send(pipeline({ validator: broken }), signed());
    expect(outcome).toEqual({ kind: 'server_error', reason: 'plain failure' });
  });
});
