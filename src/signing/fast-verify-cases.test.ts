// verifyWholeMessageQuickly on layouts beyond the plain one: it still answers 'valid' for the bytes we
// signed (no declaration, trailing white space, an element whose name only starts like the
// Signature's), and 'unknown' whenever the text holds more than elements and text or the values do
// not fit — then verifyEnvelope decides the general way.
import { X509Certificate } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { afterAll, describe, expect, it } from 'vitest';
import { NS } from '../xml/namespaces.ts';
import { parseXmlSafely } from '../xml/safe-parse.ts';
import { SIGNATURE_METHOD, URI } from './algorithms.ts';
import { verifyWholeMessageQuickly } from './fast-verify.ts';
import type { FastVerifyInput } from './fast-verify.ts';
import { loadSigningKey } from './keys.ts';
import type { SigningKey } from './keys.ts';
import { signEnvelope } from './sign.ts';
import { SAMPLE_ENVELOPE, tempPki } from './test-fixtures.ts';

const ours = tempPki();
afterAll(() => ours.cleanup());
const rsa = loadSigningKey({ ...ours.pki.rsa, algorithm: 'rsa-sha256' });
const ecdsa = loadSigningKey({ ...ours.pki.ecdsa, algorithm: 'ecdsa-p256-sha256' });
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

function input(xml: string, key: SigningKey, change: Partial<FastVerifyInput> = {}): FastVerifyInput {
  const doc = parseXmlSafely(xml);
  const one = (name: string) => doc.getElementsByTagNameNS(NS.ds, name).item(0) as Element;
  return {
    xml,
    signature: one('Signature'),
    signedInfo: one('SignedInfo'),
    digestValue: one('DigestValue').textContent ?? '',
    signatureValue: one('SignatureValue').textContent ?? '',
    signatureMethod: SIGNATURE_METHOD[key.algorithm],
    publicKey: new X509Certificate(key.certificatePem).publicKey,
    ...change,
  };
}

const quickly = (xml: string, key: SigningKey, change: Partial<FastVerifyInput> = {}) => verifyWholeMessageQuickly(input(xml, key, change));

describe.each([
  ['rsa-sha256', rsa],
  ['ecdsa-p256-sha256', ecdsa],
] as const)('verifyWholeMessageQuickly (%s)', (_algorithm, key) => {
  it('accepts what we signed without an XML declaration, and with white space after the root', () => {
    expect(quickly(signEnvelope(SAMPLE_ENVELOPE.slice(DECLARATION.length), key), key)).toBe('valid');
    expect(quickly(signEnvelope(`${SAMPLE_ENVELOPE}\n \n`, key), key)).toBe('valid');
  });

  it('finds the Signature after an element whose name only starts with its tag name', () => {
    const lookalike = SAMPLE_ENVELOPE.replace('</SOAP-ENV:Header>', '<ds:SignatureNote xmlns:ds="urn:not-dsig">n</ds:SignatureNote></SOAP-ENV:Header>');
    const signed = signEnvelope(lookalike, key);
    const doc = parseXmlSafely(signed);
    const one = (name: string) => doc.getElementsByTagNameNS(NS.ds, name).item(0) as Element;
    expect(one('Signature').previousSibling?.nodeName).toBe('ds:SignatureNote');
    expect(quickly(signed, key, { signature: one('Signature'), signedInfo: one('SignedInfo') })).toBe('valid');
  });
});

describe('verifyWholeMessageQuickly does not decide', () => {
  const signed = signEnvelope(SAMPLE_ENVELOPE, rsa);

  it.each([
    ['a CDATA section', signed.replace('<reg:person>', '<reg:person><![CDATA[x]]>')],
    ['a processing instruction', signed.replace('<reg:person>', '<reg:person><?pi x?>')],
    ['a comment after the root', `${signed}<!-- after -->`],
  ])('with %s in the text', (_what, xml) => {
    expect(quickly(xml, rsa)).toBe('unknown');
  });

  it('with a digest that is not the one the text has', () => {
    expect(quickly(signed, rsa, { digestValue: 'AAAA' })).toBe('unknown');
  });

  it('with a signature value that is not over this SignedInfo', () => {
    const other = input(signEnvelope(SAMPLE_ENVELOPE.replace('UA26376375<', 'UA26376376<'), rsa), rsa);
    expect(quickly(signed, rsa, { signatureValue: other.signatureValue })).toBe('unknown');
  });

  it('for an ECDSA signature checked as RSA', () => {
    const ec = signEnvelope(SAMPLE_ENVELOPE, ecdsa);
    expect(quickly(ec, ecdsa, { signatureMethod: URI.rsaSha256 })).toBe('unknown');
  });

  it('when the Signature is not in the text at all', () => {
    const withoutTag = signed.replaceAll('ds:Signature ', 'ds:Sig ').replace('</ds:Signature>', '</ds:Sig>');
    expect(verifyWholeMessageQuickly({ ...input(signed, rsa), xml: withoutTag })).toBe('unknown');
  });

  it('when the Signature is never closed in the text', () => {
    const doc = input(signed, rsa);
    expect(verifyWholeMessageQuickly({ ...doc, xml: signed.replace('</ds:Signature>', '</ds:Signatur>') })).toBe('unknown');
  });
});
