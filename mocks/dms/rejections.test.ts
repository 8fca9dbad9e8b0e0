import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { XMLSerializer } from '@xmldom/xmldom';
import { createMockDmsApp } from './app.ts';
import { SchemaValidator } from './schema/schema-validator.ts';
import { elementChildren } from './soap/dom.ts';
import { createTestPki } from './test-support/pki.ts';
import { REGISTER_RESIDENCE_BODY, bodyWith, buildEnvelope, signedEnvelope, soapInit } from './test-support/messages.ts';
import { faultCode, parseAnswer } from './test-support/responses.ts';
import { signBodyOnly } from '../../src/signing/test-fixtures.ts';

const ours = createTestPki();
const theirs = createTestPki();
afterAll(() => {
  ours.cleanup();
  theirs.cleanup();
});

const mock = createMockDmsApp({ trustedCaPems: [ours.caPem] });

async function post(body: string | Uint8Array, headers: Record<string, string> = {}) {
  const res = await mock.app.request('/', soapInit(body, headers));
  const xml = await res.text();
  return { status: res.status, xml, code: faultCode(xml), reason: () => parseAnswer(xml).payload.textContent ?? '' };
}

function expectClientFault(res: { status: number; xml: string; code: string }, code: string, status = 500): void {
  expect(res.code, res.xml).toBe(code);
  expect(res.status).toBe(status);
  expect(res.xml).toContain('<faultcode>SOAP-ENV:Client</faultcode>');
}

describe('signature', () => {
  it('refuses a body changed after signing (SIGNATURE_INVALID)', async () => {
    const tampered = signedEnvelope(ours.rsa).replace('<reg:firstName>Олена<', '<reg:firstName>Олеся<');
    expectClientFault(await post(tampered), 'SIGNATURE_INVALID');
  });

  it('refuses a signer whose CA is not pinned (CERTIFICATE_UNTRUSTED)', async () => {
    expectClientFault(await post(signedEnvelope(theirs.rsa)), 'CERTIFICATE_UNTRUSTED');
  });

  it('refuses an unsigned message (SIGNATURE_MISSING)', async () => {
    expectClientFault(await post(buildEnvelope()), 'SIGNATURE_MISSING');
  });
});

describe('headers signed with the Body (issue 12)', () => {
  const swap = (xml: string, header: string, value: string) => {
    const pattern = new RegExp(`(<xrd:${header}[^>]*>)[^<]*(</xrd:${header}>)`);
    expect(xml).toMatch(pattern);
    return xml.replace(pattern, `$1${value}$2`);
  };

  it.each([
    ['a new xrd:id', (xml: string) => swap(xml, 'id', randomUUID())],
    ['a new userId', (xml: string) => swap(xml, 'userId', 'UA04054903')],
    ['a new issue', (xml: string) => swap(xml, 'issue', 'DOKPROF-2026-999999')],
    ['a new xrd:id, userId and issue', (xml: string) => swap(swap(swap(xml, 'id', randomUUID()), 'userId', 'UA1'), 'issue', 'X-1')],
  ])('refuses a captured signed message resent with %s (SIGNATURE_INVALID), one receipt only', async (_name, resend) => {
    const gatewayEventId = randomUUID();
    const captured = signedEnvelope(ours.rsa, { gatewayEventId });
    expect((await post(captured)).status).toBe(200);
    expectClientFault(await post(resend(captured)), 'SIGNATURE_INVALID');
    expect(mock.state.ledger.receipts(gatewayEventId)).toHaveLength(1);
  });

  it('refuses a signature that covers only the Body (HEADERS_NOT_SIGNED), new headers or not', async () => {
    const bodyOnly = signBodyOnly(buildEnvelope(), ours.rsa);
    expectClientFault(await post(bodyOnly), 'HEADERS_NOT_SIGNED');
    expectClientFault(await post(swap(bodyOnly, 'id', randomUUID())), 'HEADERS_NOT_SIGNED');
  });

  it('answers an event already registered under another xrd:id with DUPLICATE and the first receipt', async () => {
    const gatewayEventId = randomUUID();
    const first = await post(signedEnvelope(ours.rsa, { gatewayEventId }));
    const receipt = parseAnswer(first.xml).text('receiptNumber') ?? '';
    expect(receipt).toMatch(/^DMS-/);
    // Re-signed by a trusted key under a new id, userId and issue: the same event, registered once.
    const res = await post(signedEnvelope(ours.rsa, { gatewayEventId, userId: 'UA04054903', issue: 'X-2' }));
    expect(res.status).toBe(200);
    expect(parseAnswer(res.xml).text('status')).toBe('DUPLICATE');
    expect(parseAnswer(res.xml).text('receiptNumber')).toBe(receipt);
    expect(mock.state.ledger.receipts(gatewayEventId)).toHaveLength(1);
  });
});

describe('X-Road headers', () => {
  it('refuses a message without protocolVersion (XROAD_HEADER_INVALID)', async () => {
    const res = await post(signedEnvelope(ours.rsa, { protocolVersion: null }));
    expectClientFault(res, 'XROAD_HEADER_INVALID');
    expect(res.reason()).toContain('protocolVersion');
  });

  it.each([
    ['protocolVersion 3.1', { protocolVersion: '3.1' }],
    ['an unknown serviceCode', { serviceCode: 'RegisterPet' }],
    ['serviceVersion v3', { serviceVersion: 'v3' }],
    ['a SERVER client', { clientObjectType: 'SERVER' }],
    ['an unknown header element', { extraHeaders: '<xrd:representedParty>x</xrd:representedParty>' }],
  ])('refuses %s', async (_name, options) => {
    expectClientFault(await post(signedEnvelope(ours.rsa, options)), 'XROAD_HEADER_INVALID');
  });

  it('refuses a v1 body sent as serviceVersion v2 (SERVICE_BODY_MISMATCH)', async () => {
    expectClientFault(await post(signedEnvelope(ours.rsa, { serviceVersion: 'v2' })), 'SERVICE_BODY_MISMATCH');
  });

  it('refuses headers out of order', async () => {
    const swapped = signedEnvelope(ours.rsa).replace(/(<xrd:userId[^>]*>.*?<\/xrd:userId>)(\s*)(<xrd:issue[^>]*>.*?<\/xrd:issue>)/, '$3$2$1');
    expectClientFault(await post(swapped), 'XROAD_HEADER_INVALID');
  });

  it('reports what the X-Road schema finds (the libxml2 message in the reason)', async () => {
    const noMemberClass = signedEnvelope(ours.rsa).replace('<id:memberClass>GOV</id:memberClass><id:memberCode>26376375', '<id:memberCode>26376375');
    const res = await post(noMemberClass);
    expectClientFault(res, 'XROAD_HEADER_INVALID');
    expect(res.reason()).toContain('memberClass');
  });

  it('checks headers before the signature', async () => {
    expectClientFault(await post(signedEnvelope(theirs.rsa, { protocolVersion: null })), 'XROAD_HEADER_INVALID');
  });
});

describe('schema', () => {
  it('refuses a body that violates registration.xsd, with the libxml2 message', async () => {
    const res = await post(signedEnvelope(ours.rsa, { body: bodyWith('<reg:channel>cnap<', '<reg:channel>post<') }));
    expectClientFault(res, 'SCHEMA_INVALID');
    expect(res.reason()).toMatch(/reg:channel.*post/);
  });

  it('refuses a Body with two request elements', async () => {
    const res = await post(signedEnvelope(ours.rsa, { body: REGISTER_RESIDENCE_BODY + REGISTER_RESIDENCE_BODY }));
    expectClientFault(res, 'SCHEMA_INVALID');
  });
});

describe('unreadable input', () => {
  it('refuses a DTD with an external entity (DTD_FORBIDDEN) without reading it', async () => {
    const xxe = buildEnvelope().replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>');
    const res = await post(xxe.replace('<reg:firstName>Олена', '<reg:firstName>&e;'));
    expectClientFault(res, 'DTD_FORBIDDEN');
    expect(res.xml).not.toContain('root:');
  });

  it('refuses a billion-laughs payload (DTD_FORBIDDEN)', async () => {
    const lol = '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>';
    expectClientFault(await post(lol), 'DTD_FORBIDDEN');
  });

  it.each([
    ['broken XML', '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>'],
    ['an empty body', ''],
    ['not SOAP at all', '<html><body>hello</body></html>'],
    ['SOAP 1.2', '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>'],
  ])('answers %s with a MALFORMED_XML fault', async (_name, body) => {
    expectClientFault(await post(body), 'MALFORMED_XML');
  });

  it('refuses bytes that are not UTF-8 (MALFORMED_XML)', async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('<a>'), 0xe9, ...new TextEncoder().encode('</a>')]);
    expectClientFault(await post(latin1), 'MALFORMED_XML');
  });

  it('refuses a wrong Content-Type with 415 and a missing SOAPAction', async () => {
    expectClientFault(await post(signedEnvelope(ours.rsa), { 'content-type': 'application/json' }), 'CONTENT_TYPE_INVALID', 415);
    const noAction = await mock.app.request('/', { method: 'POST', body: signedEnvelope(ours.rsa), headers: { 'content-type': 'text/xml; charset=utf-8' } });
    expect(faultCode(await noAction.text())).toBe('SOAP_ACTION_MISSING');
  });

  it('refuses more than 1 MiB with 413', async () => {
    const big = buildEnvelope({ extraHeaders: `<!--${'x'.repeat(1024 * 1024)}-->` });
    expectClientFault(await post(big), 'MESSAGE_TOO_LARGE', 413);
  });
});

describe('fault answers', () => {
  it('carry a reg:rejection that registration.xsd accepts, even with a long reason', async () => {
    const res = await post(signedEnvelope(ours.rsa, { body: bodyWith('<reg:channel>cnap<', `<reg:channel>${'п'.repeat(300)}<`) }));
    expectClientFault(res, 'SCHEMA_INVALID');
    const fault = parseAnswer(res.xml).payload;
    const rejection = elementChildren(elementChildren(fault).find((el) => el.localName === 'detail')!)[0]!;
    const check = await new SchemaValidator().validate({ headers: null, body: new XMLSerializer().serializeToString(rejection) });
    expect(check.bodyErrors).toEqual([]);
  });

  it('are a retryable Server fault when the mock itself fails, and no verdict is remembered', async () => {
    const app = createMockDmsApp({ trustedCaPems: [ours.caPem] });
    const validate = app.state.validator.validate.bind(app.state.validator);
    app.state.validator.validate = () => Promise.reject(new Error('the validator failed'));
    const request = signedEnvelope(ours.rsa);
    const failed = await app.app.request('/', soapInit(request));
    expect(failed.status).toBe(500);
    expect(faultCode(await failed.text())).toBe('SOAP-ENV:Server');

    app.state.validator.validate = validate;
    const retry = await app.app.request('/', soapInit(request));
    expect(parseAnswer(await retry.text()).text('status')).toBe('ACCEPTED');
  });
});

describe('a rejection is final', () => {
  it('gives the same xrd:id the same rejection, even when the repeat is correct', async () => {
    const messageId = randomUUID();
    expectClientFault(await post(signedEnvelope(ours.rsa, { messageId, protocolVersion: null })), 'XROAD_HEADER_INVALID');
    const repeat = await post(signedEnvelope(ours.rsa, { messageId }));
    expectClientFault(repeat, 'XROAD_HEADER_INVALID');
    const entries = mock.state.journal.list({ messageId });
    expect(entries.map((e) => [e.verdict, e.code])).toEqual([
      ['rejected', 'XROAD_HEADER_INVALID'],
      ['rejected', 'XROAD_HEADER_INVALID'],
    ]);
    expect(mock.state.ledger.receipts().filter((r) => r.messageId === messageId)).toEqual([]);
  });
});
