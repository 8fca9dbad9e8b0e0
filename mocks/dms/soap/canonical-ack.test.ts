import { XmlC14NMode } from 'libxml2-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalizeEnvelope } from '../../../src/signing/canonical.ts';
import { NS } from '../../../src/xml/namespaces.ts';
import type { Receipt } from '../model.ts';
import { openEnvelope } from '../pipeline/open-envelope.ts';
import { readXRoadHeaders } from '../pipeline/xroad-headers.ts';
import { createTestPki } from '../test-support/pki.ts';
import { buildEnvelope, type EnvelopeOptions } from '../test-support/messages.ts';
import { libxmlDocument } from '../../../src/xml/libxml-document.ts';
import { isCanonicalEcho } from './canonical-echo.ts';
import { renderAck, renderCanonicalAck, type AckInput } from './render.ts';
import { answerSigner } from './sign-answer.ts';

const dms = createTestPki('mock DMS');
afterAll(() => dms.cleanup());

const XRD = `xmlns:xrd="${NS.xrd}"`;
const RECEIPT: Receipt = {
  receiptNumber: 'DMS-20261130-000001',
  registeredAt: '2026-11-30T07:00:00.000Z',
  messageId: 'm-1',
  gatewayEventId: '0193a2c4-5b6e-7f00-8a1b-2c3d4e5f6a7b',
  serviceCode: 'RegisterResidence',
};

function echoedOf(xml: string): string[] {
  const opened = openEnvelope(xml);
  if (!opened.ok) throw new Error(opened.rejection.reason);
  return readXRoadHeaders(opened.header).echoed;
}

/** The X-Road headers of a request as the gateway sends it: in canonical form. */
const gatewayHeaders = (options: EnvelopeOptions = {}) => echoedOf(canonicalizeEnvelope(buildEnvelope(options)));

function ack(overrides: Partial<AckInput> = {}, receipt: Partial<Receipt> = {}): AckInput {
  return { status: 'ACCEPTED', receipt: { ...RECEIPT, ...receipt }, echoedHeaders: gatewayHeaders(), requestHash: 'q83vEjRWeJA=', ...overrides };
}

/** What answerSigner made of renderAck's acknowledgement before: libxml2's exclusive canonical form. */
function canonicalized(xml: string): string {
  const doc = libxmlDocument(xml);
  try {
    return doc.canonicalizeToString({ mode: XmlC14NMode.XML_C14N_EXCLUSIVE_1_0 });
  } finally {
    doc.dispose();
  }
}

describe('renderCanonicalAck', () => {
  const cases: Array<[string, AckInput]> = [
    ['a gateway-shaped request', ack()],
    ['a DUPLICATE', ack({ status: 'DUPLICATE' })],
    ['contract v2', ack({ reg: NS.regV2 }, { serviceCode: 'DeregisterResidence' })],
    ['no userId and no issue', ack({ echoedHeaders: gatewayHeaders({ userId: null, issue: null }) })],
    ['a user id with an ampersand and a quote', ack({ echoedHeaders: gatewayHeaders({ userId: 'A &amp; "B"', issue: 'x &gt; y' }) })],
    ['a member code with a tab', ack({ echoedHeaders: gatewayHeaders({ clientMemberCode: 'a&#x9;b' }) })],
  ];

  it.each(cases)('is what libxml2 makes of renderAck, for %s', (_, input) => {
    const canonical = renderCanonicalAck(input);
    expect(canonical).not.toBeNull();
    expect(canonical).toBe(canonicalized(renderAck(input)));
  });

  it('signs to the same bytes as the general way (RSA signatures are deterministic)', () => {
    const sign = answerSigner(dms.rsa);
    const input = ack();
    expect(sign.canonical(renderCanonicalAck(input)!)).toBe(sign(renderAck(input)));
  });

  const refused: Array<[string, AckInput]> = [
    ['a request not in canonical form (attributes out of order)', ack({ echoedHeaders: echoedOf(buildEnvelope()) })],
    ['a header using the SOAP-ENV prefix', ack({ echoedHeaders: [`<xrd:id xmlns:SOAP-ENV="${NS.soap}" ${XRD} SOAP-ENV:mustUnderstand="1">m-1</xrd:id>`] })],
    ['a header that is not canonical', ack({ echoedHeaders: [`<xrd:id ${XRD} a='1'>m-1</xrd:id>`] })],
    ['a header with a prefix it does not declare', ack({ echoedHeaders: ['<xrd:id>m-1</xrd:id>'] })],
    ['a carriage return in a header', ack({ echoedHeaders: [`<xrd:id ${XRD}>m\r1</xrd:id>`] })],
    ['markup in a value', ack({}, { gatewayEventId: 'a<b' })],
    ['an ampersand in a value', ack({}, { gatewayEventId: 'a&b' })],
    ['a line end in a value', ack({}, { registeredAt: '2026\n' })],
    ['a lone surrogate in a value', ack({}, { receiptNumber: 'DMS-\uD800' })],
    ['a service code that is not a name', ack({}, { serviceCode: 'A B' as Receipt['serviceCode'] })],
    ['an empty namespace', ack({ reg: '' })],
  ];

  it.each(refused)('leaves it to libxml2 for %s', (_, input) => {
    expect(renderCanonicalAck(input)).toBeNull();
  });

  it('vouches for a header only when it is canonical on its own', () => {
    expect(isCanonicalEcho(`<xrd:userId ${XRD}>a &amp; b</xrd:userId>`)).toBe(true);
    expect(isCanonicalEcho(`<xrd:userId ${XRD}>a &quot; b</xrd:userId>`)).toBe(false);
    expect(isCanonicalEcho(`<xrd:userId ${XRD}>a &#x9; b</xrd:userId>`)).toBe(false);
    expect(isCanonicalEcho(`<xrd:userId ${XRD}>a\tb</xrd:userId>`)).toBe(true);
    expect(isCanonicalEcho(`<xrd:userId ${XRD}><![CDATA[x]]></xrd:userId>`)).toBe(false);
    expect(isCanonicalEcho(`<xrd:userId ${XRD}/>`)).toBe(false);
  });
});
