// Authenticated DMS answers: the mock DMS, given a key of its own PKI, signs its acknowledgements and
// rejections over the whole answer; verifyDmsAnswer accepts them against DMS's pinned CA only.
import { afterAll, describe, expect, it } from 'vitest';
import { createMockDmsApp } from '../../mocks/dms/app.ts';
import { createTestPki } from '../../mocks/dms/test-support/pki.ts';
import { buildEnvelope, signedEnvelope, soapInit } from '../../mocks/dms/test-support/messages.ts';
import { xmlsec1Verify } from '../../tests/support/xmlsec1.ts';
import { interpretAnswer } from '../mapping/dms-v1/answer.ts';
import { verifyDmsAnswer } from './dms-answer.ts';

const gateway = createTestPki();
const dms = createTestPki('mock DMS');
afterAll(() => {
  gateway.cleanup();
  dms.cleanup();
});

const signing = createMockDmsApp({ trustedCaPems: [gateway.caPem], answerSigningKey: dms.rsa });
const plain = createMockDmsApp({ trustedCaPems: [gateway.caPem] });
const dmsTrust = { caPems: [dms.caPem] };

async function answer(mock: typeof signing, xml: string): Promise<{ status: number; xml: string }> {
  const res = await mock.app.request('/', soapInit(xml));
  return { status: res.status, xml: await res.text() };
}

describe('signed DMS answers', () => {
  it('an acknowledgement verifies against the DMS CA, names the DMS signer, and still reads as an ack', async () => {
    const request = signedEnvelope(gateway.rsa, { messageId: '0193a2c4-5b6e-7f00-8a1b-000000000001' });
    const ack = await answer(signing, request);
    expect(ack.status).toBe(200);
    const verified = verifyDmsAnswer(ack.xml, dmsTrust);
    if (!verified.ok) throw new Error(`${verified.code}: ${verified.reason}`);
    expect(verified.signer.subject).toContain('mock DMS development signer (RSA)');
    const verdict = interpretAnswer({ status: ack.status, body: ack.xml }, { messageId: '0193a2c4-5b6e-7f00-8a1b-000000000001', serviceCode: 'RegisterResidence', requestXml: request });
    expect(verdict.kind).toBe('ack');
    const byXmlsec1 = xmlsec1Verify(ack.xml, dms.caCertFile);
    expect(byXmlsec1.status, byXmlsec1.output).toBe(0);
  });

  it('a rejection verifies too and still reads as a rejection', async () => {
    const fault = await answer(signing, buildEnvelope());
    expect(fault.status).toBe(500);
    expect(verifyDmsAnswer(fault.xml, dmsTrust)).toMatchObject({ ok: true });
    const verdict = interpretAnswer({ status: fault.status, body: fault.xml }, { messageId: 'x', serviceCode: 'RegisterResidence', requestXml: '' });
    expect(verdict).toMatchObject({ kind: 'rejection', rejection: { code: 'SIGNATURE_MISSING' } });
  });

  it('is refused when changed, when signed by another CA, or when unsigned', async () => {
    const ack = (await answer(signing, signedEnvelope(gateway.rsa))).xml;
    expect(verifyDmsAnswer(ack.replace(/DMS-(\d{8})-/, 'DMS-$1-9'), dmsTrust)).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
    // The gateway's own CA is not DMS's: an answer signed with the gateway's key is a forgery.
    expect(verifyDmsAnswer(ack, { caPems: [gateway.caPem] })).toMatchObject({ ok: false, code: 'CERTIFICATE_UNTRUSTED' });
    const unsigned = (await answer(plain, signedEnvelope(gateway.rsa))).xml;
    expect(verifyDmsAnswer(unsigned, dmsTrust)).toMatchObject({ ok: false, code: 'SIGNATURE_MISSING' });
  });

  it('covers a scripted rejection of the fault injector (a business answer), not an injected Server fault', async () => {
    const script = (sequence: unknown[]) => signing.app.request('/__admin/faults', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sequence }) });
    expect((await script([{ type: 'reject', code: 'PERSON_DECEASED', reason: 'Особа померла' }])).status).toBe(200);
    const rejection = await answer(signing, signedEnvelope(gateway.rsa));
    expect(rejection.status).toBe(500);
    expect(verifyDmsAnswer(rejection.xml, dmsTrust)).toMatchObject({ ok: true });
    const verdict = interpretAnswer({ status: rejection.status, body: rejection.xml }, { messageId: 'x', serviceCode: 'RegisterResidence', requestXml: '' });
    expect(verdict).toMatchObject({ kind: 'rejection', rejection: { code: 'PERSON_DECEASED' } });

    expect((await script([{ type: 'status', status: 503 }])).status).toBe(200);
    const fault = await answer(signing, signedEnvelope(gateway.rsa));
    expect(fault.status).toBe(503);
    expect(verifyDmsAnswer(fault.xml, dmsTrust)).toMatchObject({ ok: false, code: 'SIGNATURE_MISSING' });
  });
});
