// The quick check answers 'valid' only for the very bytes that were signed, laid out as we write
// them; everything else is 'unknown', and verifyEnvelope then decides the general way.
import { X509Certificate } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { afterAll, describe, expect, it } from 'vitest';
import { NS } from '../xml/namespaces.ts';
import { parseXmlSafely } from '../xml/safe-parse.ts';
import { SIGNATURE_METHOD } from './algorithms.ts';
import { verifyWholeMessageQuickly } from './fast-verify.ts';
import { loadSigningKey } from './keys.ts';
import type { SigningKey } from './keys.ts';
import { signEnvelope } from './sign.ts';
import { SAMPLE_ENVELOPE, tamperOneByte, tempPki } from './test-fixtures.ts';

const ours = tempPki();
afterAll(() => ours.cleanup());
const keys: SigningKey[] = [loadSigningKey({ ...ours.pki.rsa, algorithm: 'rsa-sha256' }), loadSigningKey({ ...ours.pki.ecdsa, algorithm: 'ecdsa-p256-sha256' })];

function quickly(xml: string, key: SigningKey): 'valid' | 'unknown' {
  const doc = parseXmlSafely(xml);
  const one = (name: string) => doc.getElementsByTagNameNS(NS.ds, name).item(0) as Element;
  return verifyWholeMessageQuickly({
    xml,
    signature: one('Signature'),
    signedInfo: one('SignedInfo'),
    digestValue: one('DigestValue').textContent ?? '',
    signatureValue: one('SignatureValue').textContent ?? '',
    signatureMethod: SIGNATURE_METHOD[key.algorithm],
    publicKey: new X509Certificate(key.certificatePem).publicKey,
  });
}

describe.each(keys.map((k) => [k.algorithm, k] as const))('verifyWholeMessageQuickly (%s)', (_algorithm, key) => {
  const compact = signEnvelope(SAMPLE_ENVELOPE, key);
  const indented = signEnvelope(SAMPLE_ENVELOPE.replace('</SOAP-ENV:Header>', '\n  </SOAP-ENV:Header>'), key);

  it('accepts what we signed, compact or indented', () => {
    expect(quickly(compact, key)).toBe('valid');
    expect(quickly(indented, key)).toBe('valid');
  });

  it('does not decide for a changed Body or header, a comment, or another key', () => {
    expect(quickly(tamperOneByte(compact), key)).toBe('unknown');
    expect(quickly(compact.replace('UA26376375<', 'UA26376376<'), key)).toBe('unknown');
    expect(quickly(compact.replace('<reg:person>', '<!-- x --><reg:person>'), key)).toBe('unknown');
    const other = keys.find((k) => k !== key) as SigningKey;
    const foreign = signEnvelope(SAMPLE_ENVELOPE, other).replace(other.certificateBase64, key.certificateBase64);
    expect(quickly(foreign, key)).toBe('unknown');
  });

  it('does not decide when SignedInfo is not laid out canonically (an extra space)', () => {
    expect(quickly(compact.replace('<ds:SignedInfo>', '<ds:SignedInfo >'), key)).toBe('unknown');
  });
});
