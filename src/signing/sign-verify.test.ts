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
import { canonicalizeEnvelope } from './canonical.ts';
import { BODY_PATTERN, SAMPLE_ENVELOPE, SIGNATURE_PATTERN, match, signBodyOnly, tamperOneByte, tempPki } from './test-fixtures.ts';
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
    // The whole message: X-Road headers and Body together.
    expect(references.item(0)?.getAttribute('URI')).toBe('');
    expect(doc.getElementsByTagNameNS(NS.ds, 'X509Certificate').item(0)?.textContent).toBe(key.certificateBase64);
  });

  it('fails after one byte of the Body changes', () => {
    expectRefused(verifyEnvelope(tamperOneByte(signed), trust), 'SIGNATURE_INVALID');
  });

  it.each([
    ['xrd:id', '0193a2c4-5b6e-7f00-8a1b-2c3d4e5f6a7b</xrd:id>', '0193a2c4-5b6e-7f00-8a1b-2c3d4e5f6a7c</xrd:id>'],
    ['xrd:userId', 'UA26376375</xrd:userId>', 'UA26376376</xrd:userId>'],
    ['xrd:issue', 'DOKPROF-2026-000123</xrd:issue>', 'DOKPROF-2026-000124</xrd:issue>'],
    ['xrd:client', '<id:memberCode>26376375</id:memberCode>', '<id:memberCode>04054903</id:memberCode>'],
    ['xrd:service', '<id:serviceCode>RegisterResidence</id:serviceCode>', '<id:serviceCode>RegisterStay</id:serviceCode>'],
    ['xrd:protocolVersion', '>4.0</xrd:protocolVersion>', '>4.1</xrd:protocolVersion>'],
  ])('fails when %s is changed after signing (the headers are signed with the Body)', (_header, from, to) => {
    expect(signed).toContain(from);
    expectRefused(verifyEnvelope(signed.replace(from, to), trust), 'SIGNATURE_INVALID');
  });

  it('fails when an X-Road header is added or removed after signing', () => {
    const issue = match(signed, /<xrd:issue [^>]*>[^<]*<\/xrd:issue>/);
    expectRefused(verifyEnvelope(signed.replace(issue, ''), trust), 'SIGNATURE_INVALID');
    expectRefused(verifyEnvelope(signed.replace(issue, issue + issue), trust), 'SIGNATURE_INVALID');
  });

  it('refuses a valid signature that covers only the Body (HEADERS_NOT_SIGNED)', () => {
    const bodyOnly = signBodyOnly(SAMPLE_ENVELOPE, key);
    expectRefused(verifyEnvelope(bodyOnly, trust), 'HEADERS_NOT_SIGNED');
    // and so, a captured Body resent under new headers
    const resent = bodyOnly.replace('0193a2c4-5b6e-7f00-8a1b-2c3d4e5f6a7b</xrd:id>', '0193a2c4-5b6e-7f00-8a1b-2c3d4e5f6a7c</xrd:id>');
    expectRefused(verifyEnvelope(resent, trust), 'HEADERS_NOT_SIGNED');
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
    expectRefused(verifyEnvelope(attacked, trust), 'SIGNATURE_INVALID');
    // Against a Body-only signature the same attack fools xml-crypto on its own, with the right key.
    const bodyOnly = signBodyOnly(SAMPLE_ENVELOPE, rsaKey);
    const bodyOnlyBody = match(bodyOnly, BODY_PATTERN);
    const attackedBodyOnly = bodyOnly
      .replace(bodyOnlyBody, evilBody)
      .replace('</SOAP-ENV:Header>', `<w:Wrapper xmlns:w="urn:attacker">${bodyOnlyBody}</w:Wrapper></SOAP-ENV:Header>`);
    const naive = new SignedXml({ publicCert: new X509Certificate(rsaKey.certificatePem).publicKey });
    naive.loadSignature(match(attackedBodyOnly, SIGNATURE_PATTERN));
    expect(naive.checkSignature(attackedBodyOnly)).toBe(true);
    expect(verifyEnvelope(attackedBodyOnly, trust).ok).toBe(false);
  });

  it('a Reference to some other element than the whole document', () => {
    const other = signedRsa.replace('<ds:Reference URI="">', '<ds:Reference URI="#Body">').replace(' Id="Body"', ' Id="Other"');
    expectRefused(verifyEnvelope(other, trust), 'SIGNATURE_WRAPPING');
    expectRefused(verifyEnvelope(signedRsa.replace('<ds:Reference URI="">', '<ds:Reference>'), trust), 'SIGNATURE_WRAPPING');
  });

  it('a whole-document Reference without the enveloped-signature transform', () => {
    const noEnveloped = signedRsa.replace(`<ds:Transform Algorithm="${URI.envelopedSignature}"></ds:Transform>`, '');
    expectRefused(verifyEnvelope(noEnveloped, trust), 'ALGORITHM_NOT_ALLOWED');
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
      verifyEnvelope(signedRsa.replace(`<ds:CanonicalizationMethod Algorithm="${URI.excC14n}">`, `<ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315">`), trust),
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
  it('a comment added after signing (URI="" is the document without comments)', () => {
    const result = verifyEnvelope(signedRsa.replace('<reg:person>', '<!-- note --><reg:person>'), trust);
    expect(result.ok ? 'ok' : result.reason).toBe('ok');
  });

  it('an envelope written by someone else, once canonicalized', () => {
    const input = SAMPLE_ENVELOPE.replace('<reg:person>', '\n  <!-- note -->\n  <reg:person>').replace(/ xmlns:xrd="[^"]*"/g, '').replace(
      '<SOAP-ENV:Envelope ',
      `<SOAP-ENV:Envelope xmlns:xrd="${NS.xrd}" `,
    );
    const result = verifyEnvelope(signEnvelope(canonicalizeEnvelope(input), rsaKey), trust);
    expect(result.ok ? 'ok' : result.reason).toBe('ok');
    expect(regText((result as { body: Element }).body, 'lastName')).toBe('Шевченко & Ко');
  });
});

describe('signEnvelope refuses', () => {
  it('an envelope without Header, a document that is no SOAP 1.1 Envelope, or one already signed', () => {
    expect(() => signEnvelope(SAMPLE_ENVELOPE.replace(/<SOAP-ENV:Header>[\s\S]*<\/SOAP-ENV:Header>/, ''), rsaKey)).toThrow(/needs a SOAP Header/);
    expect(() => signEnvelope('<a/>', rsaKey)).toThrow(/not a SOAP 1.1 Envelope/);
    expect(() => signEnvelope(signedRsa, rsaKey)).toThrow(/already signed/);
  });
});
