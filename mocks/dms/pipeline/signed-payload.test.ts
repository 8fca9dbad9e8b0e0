// The signed request element: verified with the pinned CAs, exactly one element in the signed Body,
// and its gatewayEventId read in the element's own namespace.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { NS } from '../../../src/xml/namespaces.ts';
import { parseXmlSafely } from '../../../src/xml/safe-parse.ts';
import { createTestPki } from '../test-support/pki.ts';
import { REGISTER_RESIDENCE_BODY, buildEnvelope, signedEnvelope } from '../test-support/messages.ts';
import { signedPayload } from './signed-payload.ts';

const ours = createTestPki();
const theirs = createTestPki();
afterAll(() => {
  ours.cleanup();
  theirs.cleanup();
});
const trust = () => ({ caPems: [ours.caPem], now: new Date() });

describe('signedPayload', () => {
  it('returns the signed request element and its gatewayEventId, parsed here or handed in', () => {
    const gatewayEventId = randomUUID();
    const xml = signedEnvelope(ours.rsa, { gatewayEventId });
    for (const result of [signedPayload(xml, trust()), signedPayload(xml, trust(), parseXmlSafely(xml))]) {
      if (!result.ok) throw new Error(result.rejection.reason);
      expect(result.payload.localName).toBe('RegisterResidence');
      expect(result.payload.namespaceURI).toBe(NS.reg);
      expect(result.gatewayEventId).toBe(gatewayEventId);
    }
  });

  it('reads the gatewayEventId of a v2 element in the v2 namespace', () => {
    const gatewayEventId = randomUUID();
    const result = signedPayload(signedEnvelope(ours.rsa, { gatewayEventId, body: REGISTER_RESIDENCE_BODY.replace(NS.reg, NS.regV2) }), trust());
    expect(result.ok && result.gatewayEventId).toBe(gatewayEventId);
  });

  it('reads an element without a namespace as v1 for its gatewayEventId', () => {
    const gatewayEventId = randomUUID();
    const body = `<RegisterResidence><reg:gatewayEventId>${gatewayEventId}</reg:gatewayEventId></RegisterResidence>`;
    const result = signedPayload(signedEnvelope(ours.rsa, { body }), trust());
    expect(result.ok && result.gatewayEventId).toBe(gatewayEventId);
  });

  it('gives a null gatewayEventId when the element has none', () => {
    const result = signedPayload(signedEnvelope(ours.rsa, { body: '<reg:RegisterResidence/>' }), trust());
    expect(result.ok).toBe(true);
    expect(result.ok && result.gatewayEventId).toBeNull();
  });

  it('refuses a message the signature check refuses, at the signature stage', () => {
    const unsigned = signedPayload(buildEnvelope(), trust());
    expect(unsigned).toMatchObject({ ok: false, rejection: { code: 'SIGNATURE_MISSING' }, stage: 'signature' });
    expect(!unsigned.ok && unsigned.rejection.reason).not.toBe('');
    expect(signedPayload(signedEnvelope(theirs.rsa), trust())).toMatchObject({ ok: false, rejection: { code: 'CERTIFICATE_UNTRUSTED' }, stage: 'signature' });
  });

  it.each([
    ['no element', '', 0],
    ['two elements', `${REGISTER_RESIDENCE_BODY}<reg:Other/>`, 2],
    ['one element and text', `${REGISTER_RESIDENCE_BODY} loose text`, 1],
  ])('refuses a signed Body with %s, at the body stage', (_name, body, count) => {
    expect(signedPayload(signedEnvelope(ours.rsa, { body }), trust())).toEqual({
      ok: false,
      rejection: { code: 'SCHEMA_INVALID', reason: `SOAP Body має містити рівно один елемент запиту, знайдено ${count}` },
      stage: 'body',
    });
  });
});
