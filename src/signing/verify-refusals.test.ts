// verifyEnvelope: every way a signed envelope can break our profile is refused with its own code and
// the exact reason the mock DMS reports back (the reason is what an operator reads in a rejection).
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseXmlSafely } from '../xml/safe-parse.ts';
import { NS } from '../xml/namespaces.ts';
import { URI } from './algorithms.ts';
import { loadSigningKey } from './keys.ts';
import { signEnvelope } from './sign.ts';
import { SAMPLE_ENVELOPE, SIGNATURE_PATTERN, match, tamperOneByte, tempPki } from './test-fixtures.ts';
import { verifyEnvelope } from './verify.ts';

const ours = tempPki();
afterAll(() => ours.cleanup());

const caPem = readFileSync(ours.pki.caCertFile, 'utf8');
const trust = { caPems: [caPem] };
const rsaKey = loadSigningKey({ ...ours.pki.rsa, algorithm: 'rsa-sha256' });
const signed = signEnvelope(SAMPLE_ENVELOPE, rsaKey);
const signature = match(signed, SIGNATURE_PATTERN);

const C14N = `<ds:CanonicalizationMethod Algorithm="${URI.excC14n}"></ds:CanonicalizationMethod>`;
const SIGNATURE_METHOD = `<ds:SignatureMethod Algorithm="${URI.rsaSha256}"></ds:SignatureMethod>`;
const ENVELOPED = `<ds:Transform Algorithm="${URI.envelopedSignature}"></ds:Transform>`;
const EXC_TRANSFORM = `<ds:Transform Algorithm="${URI.excC14n}"></ds:Transform>`;
const TRANSFORMS = `<ds:Transforms>${ENVELOPED}${EXC_TRANSFORM}</ds:Transforms>`;
const DIGEST_METHOD = `<ds:DigestMethod Algorithm="${URI.sha256}"></ds:DigestMethod>`;
const REFERENCE = match(signed, /<ds:Reference URI="">[\s\S]*<\/ds:Reference>/);
const SIGNED_INFO = match(signed, /<ds:SignedInfo>[\s\S]*<\/ds:SignedInfo>/);
const SIGNATURE_VALUE = match(signed, /<ds:SignatureValue>[^<]*<\/ds:SignatureValue>/);
const KEY_INFO = match(signed, /<ds:KeyInfo>[\s\S]*<\/ds:KeyInfo>/);
const X509 = match(signed, /<ds:X509Certificate>[^<]*<\/ds:X509Certificate>/);
const DIGEST_VALUE = match(signed, /<ds:DigestValue>[^<]*<\/ds:DigestValue>/);
const BODY_START = '<SOAP-ENV:Body Id="Body">';

/** The signed message with one exact piece of text replaced (which must be there). */
function edit(from: string, to: string, xml = signed): string {
  expect(xml).toContain(from);
  return xml.replace(from, to);
}

function refusal(xml: string): string {
  const result = verifyEnvelope(xml, trust);
  return result.ok ? 'accepted' : `${result.code}: ${result.reason}`;
}

describe('verifyEnvelope refuses the document and envelope shape', () => {
  it.each([
    ['a document that is not a SOAP 1.1 Envelope', '<a/>', 'MALFORMED_XML: the document is not a SOAP 1.1 Envelope'],
    ['a SOAP 1.2 Envelope', signed.replaceAll(NS.soap, 'http://www.w3.org/2003/05/soap-envelope'), 'MALFORMED_XML: the document is not a SOAP 1.1 Envelope'],
    ['a DTD', edit('?>\n', '?>\n<!DOCTYPE x>\n'), 'DTD_FORBIDDEN: DTDs and entity declarations are not accepted'],
    ['a Signature outside the XML-DSig namespace only', signed.replaceAll('ds:Signature', 'x:Signature').replace(`xmlns:ds="${NS.ds}"`, `xmlns:ds="${NS.ds}" xmlns:x="urn:x"`), 'SIGNATURE_MISSING: the message carries no ds:Signature'],
    ['two Signatures', edit(signature, signature + signature), 'SIGNATURE_DUPLICATED: the message carries 2 ds:Signature elements'],
    ['no SignedInfo at all', edit(SIGNED_INFO, ''), 'SIGNATURE_DUPLICATED: the message must carry exactly one SignedInfo'],
    ['a second SignedInfo in another namespace in the Body', edit(BODY_START, `${BODY_START}<x:SignedInfo xmlns:x="urn:x"></x:SignedInfo>`), 'SIGNATURE_DUPLICATED: the message must carry exactly one SignedInfo'],
    ['no SOAP Body', signed.replace(/<SOAP-ENV:Body [\s\S]*<\/SOAP-ENV:Body>/, ''), 'MALFORMED_XML: the envelope has no SOAP Body'],
    ['a second SOAP Body', edit('</SOAP-ENV:Envelope>', '<SOAP-ENV:Body></SOAP-ENV:Body></SOAP-ENV:Envelope>'), 'SIGNATURE_WRAPPING: the envelope has more than one SOAP Body'],
    ['a second SOAP Header', edit('</SOAP-ENV:Header>', '</SOAP-ENV:Header><SOAP-ENV:Header></SOAP-ENV:Header>'), 'SIGNATURE_WRAPPING: ds:Signature must be a child of the one SOAP Header'],
    ['the Signature in the Body', edit(BODY_START, BODY_START + signature, signed.replace(signature, '')), 'SIGNATURE_WRAPPING: ds:Signature must be a child of the one SOAP Header'],
    ['the Signature wrapped inside a header element', edit(signature, `<w:Wrap xmlns:w="urn:w">${signature}</w:Wrap>`), 'SIGNATURE_WRAPPING: ds:Signature must be a child of the one SOAP Header'],
  ])('%s', (_what, xml, expected) => {
    expect(refusal(xml)).toBe(expected);
  });

  it('reports a parse error as MALFORMED_XML with the parser message', () => {
    expect(refusal(signed.slice(0, -5))).toMatch(/^MALFORMED_XML: .*end tag name/);
  });
});

describe('verifyEnvelope refuses a Signature that is not exactly our profile', () => {
  const otherNs = (el: string) => signed.replace(`<ds:${el}`, `<x:${el} xmlns:x="urn:x"`).replace(`</ds:${el}>`, `</x:${el}>`);
  it.each([
    ['SignedInfo outside the XML-DSig namespace', otherNs('SignedInfo'), 'SIGNATURE_INVALID: SignedInfo is not in the XML-DSig namespace'],
    ['SignedInfo not a child of Signature', edit(SIGNED_INFO, `<ds:Object>${SIGNED_INFO}</ds:Object>`), 'SIGNATURE_INVALID: Signature must contain exactly one SignedInfo'],
    ['no CanonicalizationMethod', edit(C14N, ''), 'SIGNATURE_INVALID: Signature must contain exactly one CanonicalizationMethod, found 0'],
    ['two SignatureMethods', edit(SIGNATURE_METHOD, SIGNATURE_METHOD + SIGNATURE_METHOD), 'SIGNATURE_DUPLICATED: Signature must contain exactly one SignatureMethod, found 2'],
    ['no SignatureMethod', edit(SIGNATURE_METHOD, ''), 'SIGNATURE_INVALID: Signature must contain exactly one SignatureMethod, found 0'],
    ['no SignatureValue', edit(SIGNATURE_VALUE, ''), 'SIGNATURE_INVALID: Signature must contain exactly one SignatureValue, found 0'],
    ['a second SignatureValue in an Object', edit(KEY_INFO, `${KEY_INFO}<ds:Object>${SIGNATURE_VALUE}</ds:Object>`), 'SIGNATURE_DUPLICATED: Signature must contain exactly one SignatureValue, found 2'],
    ['no KeyInfo', edit(KEY_INFO, ''), 'SIGNATURE_INVALID: Signature must contain exactly one KeyInfo, found 0'],
    ['two KeyInfo elements', edit(KEY_INFO, KEY_INFO + KEY_INFO), 'SIGNATURE_DUPLICATED: Signature must contain exactly one KeyInfo, found 2'],
    ['two certificates in X509Data', edit(X509, X509 + X509), 'SIGNATURE_DUPLICATED: Signature must contain exactly one X509Certificate, found 2'],
    ['the one CanonicalizationMethod in an Object', edit(KEY_INFO, `${KEY_INFO}<ds:Object>${C14N}</ds:Object>`, edit(C14N, '')), 'SIGNATURE_INVALID: SignedInfo must contain exactly one CanonicalizationMethod'],
    ['the one SignatureMethod in an Object', edit(KEY_INFO, `${KEY_INFO}<ds:Object>${SIGNATURE_METHOD}</ds:Object>`, edit(SIGNATURE_METHOD, '')), 'SIGNATURE_INVALID: SignedInfo must contain exactly one SignatureMethod'],
    ['a CanonicalizationMethod outside the XML-DSig namespace', otherNs('CanonicalizationMethod'), 'SIGNATURE_INVALID: CanonicalizationMethod is not in the XML-DSig namespace'],
    [
      'inclusive c14n',
      edit(C14N, C14N.replace(URI.excC14n, 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315')),
      'ALGORITHM_NOT_ALLOWED: CanonicalizationMethod "http://www.w3.org/TR/2001/REC-xml-c14n-20010315" is not plain exclusive c14n',
    ],
    [
      'exclusive c14n with an InclusiveNamespaces prefix list',
      edit(C14N, C14N.replace('></ds:', `><ec:InclusiveNamespaces xmlns:ec="${URI.excC14n}" PrefixList="xrd"></ec:InclusiveNamespaces></ds:`)),
      `ALGORITHM_NOT_ALLOWED: CanonicalizationMethod "${URI.excC14n}" is not plain exclusive c14n`,
    ],
    [
      'rsa-sha1',
      edit(SIGNATURE_METHOD, SIGNATURE_METHOD.replace(URI.rsaSha256, 'http://www.w3.org/2000/09/xmldsig#rsa-sha1')),
      'ALGORITHM_NOT_ALLOWED: SignatureMethod "http://www.w3.org/2000/09/xmldsig#rsa-sha1" is not allowed',
    ],
    ['a SignatureMethod without Algorithm', edit(SIGNATURE_METHOD, '<ds:SignatureMethod></ds:SignatureMethod>'), 'ALGORITHM_NOT_ALLOWED: SignatureMethod "" is not allowed'],
  ])('%s', (_what, xml, expected) => {
    expect(refusal(xml)).toBe(expected);
  });
});

describe('verifyEnvelope refuses a Reference that is not the one whole-document reference', () => {
  const wrapping = 'SIGNATURE_WRAPPING: Reference elements outside SignedInfo or outside the XML-DSig namespace';
  const transforms = 'ALGORITHM_NOT_ALLOWED: Transforms must be enveloped-signature and/or plain exclusive c14n, ending with exclusive c14n';
  it.each([
    ['a Reference in an Object', edit(KEY_INFO, `${KEY_INFO}<ds:Object>${REFERENCE}</ds:Object>`), wrapping],
    ['a Reference in another namespace inside SignedInfo', edit(REFERENCE, `${REFERENCE}<x:Reference xmlns:x="urn:x" URI=""></x:Reference>`), wrapping],
    ['no Reference', edit(REFERENCE, ''), 'SIGNATURE_WRAPPING: SignedInfo must hold exactly one Reference, found 0'],
    ['two References', edit(REFERENCE, REFERENCE + REFERENCE), 'SIGNATURE_WRAPPING: SignedInfo must hold exactly one Reference, found 2'],
    ['no Transforms', edit(TRANSFORMS, ''), 'SIGNATURE_INVALID: Reference must contain exactly one Transforms'],
    ['empty Transforms', edit(TRANSFORMS, '<ds:Transforms></ds:Transforms>'), transforms],
    ['an XPath transform', edit(ENVELOPED, ENVELOPED.replace(URI.envelopedSignature, 'http://www.w3.org/TR/1999/REC-xpath-19991116')), transforms],
    ['a transform with content', edit(EXC_TRANSFORM, EXC_TRANSFORM.replace('></ds:', '><ds:XPath>1</ds:XPath></ds:')), transforms],
    ['transforms not ending with exclusive c14n', edit(TRANSFORMS, `<ds:Transforms>${EXC_TRANSFORM}${ENVELOPED}</ds:Transforms>`), transforms],
    ['only the enveloped-signature transform', edit(EXC_TRANSFORM, ''), transforms],
    ['only exclusive c14n', edit(ENVELOPED, ''), 'ALGORITHM_NOT_ALLOWED: a signature over the whole message needs the enveloped-signature transform first'],
    ['a SHA-1 digest', edit(DIGEST_METHOD, DIGEST_METHOD.replace(URI.sha256, 'http://www.w3.org/2000/09/xmldsig#sha1')), 'ALGORITHM_NOT_ALLOWED: DigestMethod "http://www.w3.org/2000/09/xmldsig#sha1" is not allowed'],
    ['no DigestMethod', edit(DIGEST_METHOD, ''), 'SIGNATURE_INVALID: Reference must contain exactly one DigestMethod'],
    ['no DigestValue', edit(DIGEST_VALUE, ''), 'SIGNATURE_INVALID: Reference must contain exactly one DigestValue'],
    ['two Transforms', edit(TRANSFORMS, TRANSFORMS + TRANSFORMS), 'SIGNATURE_INVALID: Reference must contain exactly one Transforms'],
    ['two DigestMethods', edit(DIGEST_METHOD, DIGEST_METHOD + DIGEST_METHOD), 'SIGNATURE_INVALID: Reference must contain exactly one DigestMethod'],
    ['two DigestValues', edit(DIGEST_VALUE, DIGEST_VALUE + DIGEST_VALUE), 'SIGNATURE_INVALID: Reference must contain exactly one DigestValue'],
    ['no URI', edit('<ds:Reference URI="">', '<ds:Reference>'), 'SIGNATURE_WRAPPING: the Reference has no URI'],
    [
      'a reference to the Body by its Id',
      edit('<ds:Reference URI="">', '<ds:Reference URI="#Body">'),
      'HEADERS_NOT_SIGNED: the signature covers only the SOAP Body, not the X-Road headers (Reference URI="" expected)',
    ],
    [
      'a reference to "#Body" when the Body has no Id',
      edit(BODY_START, '<SOAP-ENV:Body>', edit('<ds:Reference URI="">', '<ds:Reference URI="#Body">')),
      'SIGNATURE_WRAPPING: the Reference "#Body" does not cover the whole message (URI="" expected)',
    ],
    ['a reference to another element', edit('<ds:Reference URI="">', '<ds:Reference URI="#Other">'), 'SIGNATURE_WRAPPING: the Reference "#Other" does not cover the whole message (URI="" expected)'],
  ])('%s', (_what, xml, expected) => {
    expect(refusal(xml)).toBe(expected);
  });
});

describe('verifyEnvelope refuses a signature that does not match', () => {
  it('a changed Body, naming the digest xml-crypto calculated and the one the message supplies', () => {
    const digest = match(DIGEST_VALUE, /[A-Za-z0-9+/=]{44}/);
    expect(refusal(tamperOneByte(signed))).toMatch(new RegExp(`^SIGNATURE_INVALID: invalid signature: .*calculated digest is .* but the xml to validate supplies digest ${digest.replace(/[+/]/g, '\\$&')}$`));
  });

  it('a changed SignatureValue', () => {
    const value = match(SIGNATURE_VALUE, /[A-Za-z0-9+/=]{100,}/);
    const changed = (value.startsWith('A') ? 'B' : 'A') + value.slice(1);
    expect(refusal(edit(value, changed))).toMatch(/^SIGNATURE_INVALID: invalid signature: the signature value .* is incorrect$/);
  });

  it('an ECDSA SignatureMethod over an RSA signer, naming the key type', () => {
    expect(refusal(edit(SIGNATURE_METHOD, SIGNATURE_METHOD.replace(URI.rsaSha256, URI.ecdsaSha256)))).toBe(
      `SIGNATURE_INVALID: SignatureMethod "${URI.ecdsaSha256}" does not fit the signer's rsa key`,
    );
  });

  it('a certificate that cannot be read', () => {
    expect(refusal(edit(rsaKey.certificateBase64, 'AAAA'))).toBe('CERTIFICATE_UNTRUSTED: the certificate in KeyInfo cannot be read');
  });
});

describe('verifyEnvelope the general way (xml-crypto), for ECDSA too', () => {
  const ecdsaKey = loadSigningKey({ ...ours.pki.ecdsa, algorithm: 'ecdsa-p256-sha256' });
  const ecSigned = signEnvelope(SAMPLE_ENVELOPE, ecdsaKey);
  // A comment keeps the quick check out: only xml-crypto with our ECDSA algorithm can decide.
  const withComment = (xml: string) => edit('<reg:person>', '<!-- c --><reg:person>', xml);

  it('accepts an ECDSA signature once a comment is added', () => {
    expect(refusal(withComment(ecSigned))).toBe('accepted');
  });

  it('refuses a changed ECDSA-signed Body', () => {
    expect(refusal(withComment(tamperOneByte(ecSigned)))).toMatch(/^SIGNATURE_INVALID: invalid signature: .*calculated digest is/);
  });
});

describe('verifyEnvelope accepts', () => {
  it('and hands back the very document it was given already parsed', () => {
    const doc = parseXmlSafely(signed);
    const result = verifyEnvelope(signed, trust, doc);
    if (!result.ok) throw new Error(`${result.code}: ${result.reason}`);
    expect(result.document).toBe(doc);
    expect(result.body.parentNode).toBe(doc.documentElement);
  });

  it('a SignatureValue wrapped over lines, as other signers write it', () => {
    const value = match(SIGNATURE_VALUE, /[A-Za-z0-9+/=]{100,}/);
    expect(refusal(edit(value, value.replace(/(.{64})/g, '$1\n')))).toBe('accepted');
  });
});
