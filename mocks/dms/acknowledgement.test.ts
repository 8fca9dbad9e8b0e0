import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockDmsApp } from './app.ts';
import { SchemaValidator } from './schema/schema-validator.ts';
import { createTestPki } from './test-support/pki.ts';
import { FIXTURE_EVENT_ID, bodyWith, signedEnvelope, soapInit } from './test-support/messages.ts';
import { faultCode, parseAnswer, payloadDocument, responseHeadersDocument } from './test-support/responses.ts';

const pki = createTestPki();
afterAll(() => pki.cleanup());
const validator = new SchemaValidator();

let mock = createMockDmsApp({ trustedCaPems: [pki.caPem] });
beforeEach(() => {
  mock = createMockDmsApp({ trustedCaPems: [pki.caPem] });
});

async function post(xml: string) {
  const res = await mock.app.request('/', soapInit(xml));
  return { status: res.status, contentType: res.headers.get('content-type'), xml: await res.text() };
}

describe('acknowledgement of a valid signed message', () => {
  it('answers 200 with an ack that the wrapper schema accepts, headers echoed, requestHash of the exact bytes', async () => {
    const messageId = randomUUID();
    const request = signedEnvelope(pki.rsa, { messageId, gatewayEventId: FIXTURE_EVENT_ID });
    const res = await post(request);

    expect(res.status).toBe(200);
    expect(res.contentType).toBe('text/xml; charset=utf-8');
    const answer = parseAnswer(res.xml);
    const check = await validator.validate({ headers: responseHeadersDocument(answer), body: payloadDocument(answer) });
    expect(check).toEqual({ headerErrors: [], bodyErrors: [] });

    expect(answer.headers.map((h) => h.localName)).toEqual(['client', 'service', 'id', 'userId', 'issue', 'protocolVersion', 'requestHash']);
    expect(answer.headers[2]?.textContent).toBe(messageId);
    expect(answer.headers[3]?.textContent).toBe('UA26376375');
    expect(answer.headers[4]?.textContent).toBe('DOKPROF-2026-000123');
    const hash = answer.headers[6]!;
    expect(hash.getAttribute('algorithmId')).toBe('http://www.w3.org/2001/04/xmlenc#sha512');
    expect(hash.textContent).toBe(createHash('sha512').update(request, 'utf8').digest('base64'));

    expect(answer.payload.localName).toBe('RegisterResidenceResponse');
    expect(answer.text('status')).toBe('ACCEPTED');
    expect(answer.text('receiptNumber')).toMatch(/^DMS-\d{8}-000001$/);
    expect(answer.text('gatewayEventId')).toBe(FIXTURE_EVENT_ID);
    expect(Number.isNaN(Date.parse(answer.text('registeredAt') ?? ''))).toBe(false);
  });

  it('accepts an ECDSA P-256 signature and a MEMBER client without userId and issue', async () => {
    const res = await post(signedEnvelope(pki.ecdsa, { clientObjectType: 'MEMBER', userId: null, issue: null }));
    expect(res.status).toBe(200);
    expect(parseAnswer(res.xml).headers.map((h) => h.localName)).toEqual(['client', 'service', 'id', 'protocolVersion', 'requestHash']);
  });

  it('numbers receipts uniquely and in order', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await post(signedEnvelope(pki.rsa));
      numbers.push(parseAnswer(res.xml).text('receiptNumber') ?? '');
    }
    expect(numbers.map((n) => n.slice(-6))).toEqual(['000001', '000002', '000003']);
  });

  it('answers the same xrd:id again with DUPLICATE, the original receipt and registeredAt, and one registration', async () => {
    const messageId = randomUUID();
    const request = signedEnvelope(pki.rsa, { messageId });
    const first = parseAnswer((await post(request)).xml);
    const again = await post(request);

    expect(again.status).toBe(200);
    const second = parseAnswer(again.xml);
    expect(second.text('status')).toBe('DUPLICATE');
    expect(second.text('receiptNumber')).toBe(first.text('receiptNumber'));
    expect(second.text('registeredAt')).toBe(first.text('registeredAt'));
    expect(mock.state.ledger.receipts()).toHaveLength(1);
    expect(mock.state.journal.list().map((e) => e.verdict)).toEqual(['accepted', 'duplicate']);
  });

  it('gives concurrent copies of one message a single registration', async () => {
    const request = signedEnvelope(pki.rsa);
    const answers = await Promise.all([post(request), post(request), post(request)]);
    const statuses = answers.map((a) => parseAnswer(a.xml).text('status')).sort();
    expect(statuses).toEqual(['ACCEPTED', 'DUPLICATE', 'DUPLICATE']);
    expect(mock.state.ledger.receipts()).toHaveLength(1);
  });

  it('refuses the same xrd:id carrying another event (MESSAGE_ID_REUSED) and keeps the first registration', async () => {
    const messageId = randomUUID();
    const gatewayEventId = randomUUID();
    await post(signedEnvelope(pki.rsa, { messageId, gatewayEventId }));
    const otherEvent = bodyWith(FIXTURE_EVENT_ID, '0193a2c4-0000-7f00-8a1b-2c3d4e5f6a7b');
    const res = await post(signedEnvelope(pki.rsa, { messageId, body: otherEvent }));

    expect(res.status).toBe(500);
    expect(faultCode(res.xml)).toBe('MESSAGE_ID_REUSED');
    expect(mock.state.ledger.receipts()).toHaveLength(1);
    // Not remembered: the id still stands for its first event.
    expect(parseAnswer((await post(signedEnvelope(pki.rsa, { messageId, gatewayEventId }))).xml).text('status')).toBe('DUPLICATE');
  });
});
