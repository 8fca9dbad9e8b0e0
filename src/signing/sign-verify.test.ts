import { X509Certificate } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { readFileSync } from 'node:fs';
import { SignedXml } from 'xml-crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { NS } from '../xml/namespaces.ts';
import { parseXmlSafely } from '../xml/safe-parse.ts';
import { URI } from './algorithms.ts';
import { loadSigningKey } from './keys.ts';
import type { SigningKey } from './keys.ts';
import { signEnvelope } from './sign.ts';
import { childElements } from './soap-parts.ts';
import { BODY_PATTERN, SAMPLE_ENVELOPE, SIGNATURE_PATTERN, match, tamperOneByte, tempPki } from './test-fixtures.ts';
import { verifyEnvelope } from './verify.ts';
import type { VerifyResult } from './verify.ts';

const ours = tempPki();
const theirs = tempPki(); // an unrelated CA, as an attacker would have
afterAll(() => {
  ours.cleanup();
  theirs.cleanup();
});

const trust = { caPems: [readFileSync(ours.pki.caCertFile, 'utf8')] };
const keys: Array<[string, SigningKey]> = [
  ['RSA', loadSigningKey({ ...ours.pki.rsa, algorithm: 'rsa-sha256' })],
  ['ECDSA', loadSigningKey({ ...ours.pki.ecdsa, algorithm: 'ecdsa-p256-sha256' })],
];
const rsaKey = keys[0]?.[1] as SigningKey;
const signedRsa = signEnvelope(SAMPLE_ENVELOPE, rsaKey);

function expectRefused(result: VerifyResult, code: string): void {
  expect(result.ok ? 'ok' : result.code, result.ok ? 'accepted' : result.reason).toBe(code);
}

function regText(el: Element, name: string): string | null | undefined {
  return el.getElementsByTagNameNS(NS.reg, name).item(0)?.textContent;
}

describe.each(keys)('signEnvelope + verifyEnvelope (%s)', (_name, key) => {
  const signed = signEnvelope(SAMPLE_ENVELOPE, key);

  it('round-trips and returns the signed Body and the signer', () => {
    const result = verifyEnvelope(signed, trust);
    if (!result.ok) throw new Error(`refused: ${result.code} ${result.reason}`);
    expect(result.body.localName).toBe('Body');
    expect(result.body.parentNode).toBe(result.document.documentElement);
    expect(regText(result.body, 'lastName')).toBe('Шевченко & Ко');
    expect(result.signer).toEqual({ subject: key.subject, fingerprint256: key.fingerprint256, notAfter: key.notAfter });
  });

  it('keeps the XML declaration and the Cyrillic text as it was', () => {
    expect(signed.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope')).toBe(true);
    expect(signed).toContain('<reg:lastName>Шевченко &amp; Ко</reg:lastName>');
    expect(signed).not.toMatch(/&#/);
    // Apart from the inserted Signature, the document is byte-for-byte the input.
    expect(signed.replace(SIGNATURE_PATTERN, '')).toBe(SAMPLE_ENVELOPE);
  });

  it('puts one ds:Signature last in the Header with the agreed algorithms and certificate', () => {
    const doc = parseXmlSafely(signed);
    const envelope = doc.documentElement as Element;
    const header = childElements(envelope, NS.soap, 'Header')[0] as Element;
    const last = header.lastChild as Element;
    expect([last.namespaceURI, last.localName]).toEqual([NS.ds, 'Signature']);
    expect(doc.getElementsByTagNameNS(NS.ds, 'Signature').length).toBe(1);
    const algorithms = (name: string) => {
      const found = doc.getElementsByTagNameNS(NS.ds, name);
      return Array.from({ length: found.length }, (_, i) => found.item(i)?.getAttribute('Algorithm'));
    };
    expect(algorithms('CanonicalizationMethod')).toEqual([URI.excC14n]);
    expect(algorithms('SignatureMethod')).toEqual([key.algorithm === 'rsa-sha256' ? URI.rsaSha256 : URI.ecdsaSha256]);
    expect(algorithms('Transform')).toEqual([URI.envelopedSignature, URI.excC14n]);
    expect(algorithms('DigestMethod')).toEqual([URI.sha256]);
    const references = doc.getElementsByTagNameNS(NS.ds, 'Reference');
    expect(references.length).toBe(1);
    expect(references.item(0)?.getAttribute('URI')).toBe('#Body');
    expect(doc.getElementsByTagNameNS(NS.ds, 'X509Certificate').item(0)?.textContent).toBe(key.certificateBase64);
  });

  it('fails after one byte of the Body changes', () => {
    expectRefused(verifyEnvelope(tamperOneByte(signed), trust), 'SIGNATURE_INVALID');
  });

  it('fails with a certificate from another CA', () => {
    const foreign = loadSigningKey({
      ...(key.algorithm === 'rsa-sha256' ? theirs.pki.rsa : theirs.pki.ecdsa),
      algorithm: key.algorithm,
    });
    expectRefused(verifyEnvelope(signEnvelope(SAMPLE_ENVELOPE, foreign), trust), 'CERTIFICATE_UNTRUSTED');
  });

  it('fails for an expired (or not yet valid) certificate', () => {
    expectRefused(verifyEnvelope(signed, { ...trust, now: new Date('2100-01-01T00:00:00Z') }), 'CERTIFICATE_EXPIRED');
    expectRefused(verifyEnvelope(signed, { ...trust, now: new Date('2000-01-01T00:00:00Z') }), 'CERTIFICATE_EXPIRED');
  });
});

describe('ECDSA signature format', () => {
  it('is raw r||s (64 bytes for P-256), as XML-DSig requires, not DER', () => {
    const signed = signEnvelope(SAMPLE_ENVELOPE, keys[1]?.[1] as SigningKey);
    const value = /<ds:SignatureValue>([^<]+)</.exec(signed)?.[1] ?? '';
    expect(Buffer.from(value, 'base64').length).toBe(64);
  });
});

describe('verifyEnvelope refuses', () => {
  const signature = match(signedRsa, SIGNATURE_PATTERN);
  const body = match(signedRsa, BODY_PATTERN);
  const evilBody = body.replace('Шевченко', 'Attacker').replace('<SOAP-ENV:Body Id="Body">', '<SOAP-ENV:Body>');

  it('a wrapping attack: signed Body moved into the Header, another Body in its place', () => {
    const attacked = signedRsa.replace(body, evilBody).replace('</SOAP-ENV:Header>', `<w:Wrapper xmlns:w="urn:attacker">${body}</w:Wrapper></SOAP-ENV:Header>`);
    // The attack is real: xml-crypto on its own, with the right key, accepts this document.
    const naive = new SignedXml({ publicCert: new X509Certificate(rsaKey.certificatePem).publicKey });
    naive.loadSignature(match(attacked, SIGNATURE_PATTERN));
    expect(naive.checkSignature(attacked)).toBe(true);
    expectRefused(verifyEnvelope(attacked, trust), 'SIGNATURE_WRAPPING');
  });

  it('a wrapping attack where the new Body takes over the Id', () => {
    const attacked = signedRsa
      .replace(body, evilBody.replace('<SOAP-ENV:Body>', '<SOAP-ENV:Body Id="Body">'))
      .replace('</SOAP-ENV:Header>', `<w:Wrapper xmlns:w="urn:attacker">${body}</w:Wrapper></SOAP-ENV:Header>`);
    expectRefused(verifyEnvelope(attacked, trust), 'SIGNATURE_WRAPPING');
  });

  it('a second SOAP Body', () => {
    expectRefused(verifyEnvelope(signedRsa.replace('</SOAP-ENV:Envelope>', `${evilBody}</SOAP-ENV:Envelope>`), trust), 'SIGNATURE_WRAPPING');
  });

  it('a DTD', () => {
    const withDtd = signedRsa.replace('?>\n', '?>\n<!DOCTYPE SOAP-ENV:Envelope [<!ENTITY x "y">]>\n');
    expectRefused(verifyEnvelope(withDtd, trust), 'DTD_FORBIDDEN');
  });

  it('two Signatures', () => {
    expectRefused(verifyEnvelope(signedRsa.replace(signature, signature + signature), trust), 'SIGNATURE_DUPLICATED');
  });

  it('two SignedInfo elements', () => {
    const signedInfo = match(signature, /<ds:SignedInfo>[\s\S]*<\/ds:SignedInfo>/);
    expectRefused(verifyEnvelope(signedRsa.replace(signedInfo, signedInfo + signedInfo), trust), 'SIGNATURE_DUPLICATED');
  });

  it('an unsigned message', () => {
    expectRefused(verifyEnvelope(SAMPLE_ENVELOPE, trust), 'SIGNATURE_MISSING');
  });

  it('malformed XML and non-SOAP documents', () => {
    expectRefused(verifyEnvelope(signedRsa.slice(0, -5), trust), 'MALFORMED_XML');
    expectRefused(verifyEnvelope('<a/>', trust), 'MALFORMED_XML');
  });

  it('a weaker digest or signature algorithm', () => {
    expectRefused(verifyEnvelope(signedRsa.replace(URI.sha256, 'http://www.w3.org/2000/09/xmldsig#sha1'), trust), 'ALGORITHM_NOT_ALLOWED');
    expectRefused(verifyEnvelope(signedRsa.replace(URI.rsaSha256, 'http://www.w3.org/2000/09/xmldsig#rsa-sha1'), trust), 'ALGORITHM_NOT_ALLOWED');
    expectRefused(
      verifyEnvelope(signedRsa.replace(`Algorithm="${URI.excC14n}"/><ds:SignatureMethod`, `Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/><ds:SignatureMethod`), trust),
      'ALGORITHM_NOT_ALLOWED',
    );
  });

  it('a SignatureMethod that does not fit the certificate key', () => {
    expectRefused(verifyEnvelope(signedRsa.replace(URI.rsaSha256, URI.ecdsaSha256), trust), 'SIGNATURE_INVALID');
  });

  it('a trusted certificate in KeyInfo over a signature made with another key', () => {
    const foreign = loadSigningKey({ ...theirs.pki.rsa, algorithm: 'rsa-sha256' });
    const forged = signEnvelope(SAMPLE_ENVELOPE, foreign).replace(foreign.certificateBase64, rsaKey.certificateBase64);
    expectRefused(verifyEnvelope(forged, trust), 'SIGNATURE_INVALID');
  });
});

describe('verifyEnvelope accepts', () => {
  it('comments and whitespace inside the signed Body', () => {
    const input = SAMPLE_ENVELOPE.replace('<reg:person>', '\n  <!-- note -->\n  <reg:person>');
    const result = verifyEnvelope(signEnvelope(input, rsaKey), trust);
    expect(result.ok ? 'ok' : result.reason).toBe('ok');
  });
});

describe('signEnvelope refuses', () => {
  it('an envelope without Header, without Body Id, or already signed', () => {
    expect(() => signEnvelope(SAMPLE_ENVELOPE.replace(/<SOAP-ENV:Header>[\s\S]*<\/SOAP-ENV:Header>/, ''), rsaKey)).toThrow(/exactly one SOAP Header/);
    expect(() => signEnvelope(SAMPLE_ENVELOPE.replace(' Id="Body"', ''), rsaKey)).toThrow(/needs an Id attribute/);
    expect(() => signEnvelope(signedRsa, rsaKey)).toThrow(/already signed/);
  });
});
