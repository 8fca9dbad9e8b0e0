// Independent verification of a signed SOAP envelope (used by the mock DMS). Nothing the message says
// about itself is trusted: the signer certificate must chain to a pinned CA, only our algorithms are
// accepted, and the one signed reference must be the whole document (URI=""), so that the X-Road
// headers the caller goes on to read are signed together with the Body. A signature over the Body
// alone (the layout we used to send) is refused as HEADERS_NOT_SIGNED: with it, a captured Body
// could be resent under a new xrd:id, userId or issue.
import type { Document, Element } from '@xmldom/xmldom';
import type { X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { NS } from '../xml/namespaces.ts';
import { XmlParseError, parseXmlSafely } from '../xml/safe-parse.ts';
import { URI, keyFitsSignatureMethod, registerEcdsa } from './algorithms.ts';
import { describeCertificate } from './keys.ts';
import type { CertificateInfo } from './keys.ts';
import { childElements, descendantsByName, isElement, soapParts } from './soap-parts.ts';
import { verifyWholeMessageQuickly } from './fast-verify.ts';
import { checkSignerCertificate, parseTrustAnchors } from './trust.ts';

export type VerifyFailureCode =
  | 'MALFORMED_XML'
  | 'DTD_FORBIDDEN'
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_DUPLICATED'
  | 'SIGNATURE_INVALID'
  | 'CERTIFICATE_UNTRUSTED'
  | 'CERTIFICATE_EXPIRED'
  | 'SIGNATURE_WRAPPING'
  | 'HEADERS_NOT_SIGNED'
  | 'ALGORITHM_NOT_ALLOWED';

export type VerifyResult =
  | { ok: true; document: Document; body: Element; signer: CertificateInfo }
  | { ok: false; code: VerifyFailureCode; reason: string };

export interface TrustOptions {
  caPems: string[];
  /** The moment certificate validity is judged at; defaults to now. */
  now?: Date;
}

class Refused extends Error {
  readonly code: VerifyFailureCode;
  constructor(code: VerifyFailureCode, reason: string) {
    super(reason);
    this.code = code;
  }
}

function refuse(code: VerifyFailureCode, reason: string): never {
  throw new Refused(code, reason);
}

/** Exactly one child with this local name, in any namespace: xml-crypto looks them up that loosely. */
function onlyChild(parent: Element, localName: string, what: string): Element {
  const found: Element[] = [];
  for (let c = parent.firstChild; c; c = c.nextSibling) if (isElement(c) && c.localName === localName) found.push(c);
  const [first, ...rest] = found;
  if (!first || rest.length > 0) refuse('SIGNATURE_INVALID', `${what} must contain exactly one ${localName}`);
  if (first.namespaceURI !== NS.ds) refuse('SIGNATURE_INVALID', `${localName} is not in the XML-DSig namespace`);
  return first;
}

/** The one Signature and the Envelope parts it must relate to. */
function locate(doc: Document): { body: Element; signature: Element; signedInfo: Element } {
  const parts = soapParts(doc);
  if (!parts) refuse('MALFORMED_XML', 'the document is not a SOAP 1.1 Envelope');
  const [named = [], signedInfos = []] = descendantsByName(parts.envelope, ['Signature', 'SignedInfo']);
  const signatures = named.filter((el) => el.namespaceURI === NS.ds);
  if (signatures.length === 0) refuse('SIGNATURE_MISSING', 'the message carries no ds:Signature');
  if (signatures.length > 1) refuse('SIGNATURE_DUPLICATED', `the message carries ${signatures.length} ds:Signature elements`);
  if (signedInfos.length !== 1) {
    refuse('SIGNATURE_DUPLICATED', 'the message must carry exactly one SignedInfo');
  }
  const [body, ...moreBodies] = parts.bodies;
  if (!body) refuse('MALFORMED_XML', 'the envelope has no SOAP Body');
  if (moreBodies.length > 0) refuse('SIGNATURE_WRAPPING', 'the envelope has more than one SOAP Body');
  const [header, ...moreHeaders] = parts.headers;
  const signature = signatures[0] as Element;
  if (!header || moreHeaders.length > 0 || signature.parentNode !== header) {
    refuse('SIGNATURE_WRAPPING', 'ds:Signature must be a child of the one SOAP Header');
  }
  return { body, signature, signedInfo: onlyChild(signature, 'SignedInfo', 'Signature') };
}

function algorithm(el: Element): string {
  return el.getAttribute('Algorithm') ?? '';
}

// Every one of these is looked up by xml-crypto with ".//" inside the Signature: a second copy
// anywhere in it (KeyInfo, Object) could be the one it picks, so there must be only one.
const ONLY_ONE_IN_SIGNATURE = ['CanonicalizationMethod', 'SignatureMethod', 'SignatureValue', 'KeyInfo', 'X509Certificate'] as const;

/** Only our profile: exc-c14n, rsa-sha256 or ecdsa-sha256, one Reference over the whole document, sha256. */
function checkProfile(signature: Element, signedInfo: Element, body: Element): { signatureMethod: string; certificate: string; digestValue: string; signatureValue: string } {
  const found = descendantsByName(signature, [...ONLY_ONE_IN_SIGNATURE, 'Reference']);
  ONLY_ONE_IN_SIGNATURE.forEach((name, i) => {
    const count = found[i]?.length ?? 0;
    if (count !== 1) refuse(count === 0 ? 'SIGNATURE_INVALID' : 'SIGNATURE_DUPLICATED', `Signature must contain exactly one ${name}, found ${count}`);
  });
  const [, , signatureValues = [], , certificates = [], allReferences = []] = found;
  const c14n = onlyChild(signedInfo, 'CanonicalizationMethod', 'SignedInfo');
  if (algorithm(c14n) !== URI.excC14n || c14n.firstChild) {
    refuse('ALGORITHM_NOT_ALLOWED', `CanonicalizationMethod "${algorithm(c14n)}" is not plain exclusive c14n`);
  }
  const signatureMethod = algorithm(onlyChild(signedInfo, 'SignatureMethod', 'SignedInfo'));
  if (signatureMethod !== URI.rsaSha256 && signatureMethod !== URI.ecdsaSha256) {
    refuse('ALGORITHM_NOT_ALLOWED', `SignatureMethod "${signatureMethod}" is not allowed`);
  }
  const references = childElements(signedInfo, NS.ds, 'Reference');
  if (allReferences.length !== references.length) {
    refuse('SIGNATURE_WRAPPING', 'Reference elements outside SignedInfo or outside the XML-DSig namespace');
  }
  if (references.length !== 1) refuse('SIGNATURE_WRAPPING', `SignedInfo must hold exactly one Reference, found ${references.length}`);
  const reference = references[0] as Element;
  const transforms = childElements(onlyChild(reference, 'Transforms', 'Reference'), NS.ds, 'Transform');
  const allowed: string[] = [URI.envelopedSignature, URI.excC14n];
  if (transforms.length === 0 || transforms.some((t) => !allowed.includes(algorithm(t)) || t.firstChild) || algorithm(transforms.at(-1) as Element) !== URI.excC14n) {
    refuse('ALGORITHM_NOT_ALLOWED', `Transforms must be enveloped-signature and/or plain exclusive c14n, ending with exclusive c14n`);
  }
  const digest = algorithm(onlyChild(reference, 'DigestMethod', 'Reference'));
  if (digest !== URI.sha256) refuse('ALGORITHM_NOT_ALLOWED', `DigestMethod "${digest}" is not allowed`);

  // Only the whole document: a Reference to one element (even the Body) leaves the rest unsigned.
  if (!reference.hasAttribute('URI')) refuse('SIGNATURE_WRAPPING', 'the Reference has no URI');
  const uri = reference.getAttribute('URI') ?? '';
  if (uri !== '') {
    const bodyId = body.getAttribute('Id');
    if (bodyId && uri === `#${bodyId}`) refuse('HEADERS_NOT_SIGNED', 'the signature covers only the SOAP Body, not the X-Road headers (Reference URI="" expected)');
    refuse('SIGNATURE_WRAPPING', `the Reference "${uri}" does not cover the whole message (URI="" expected)`);
  }
  if (algorithm(transforms[0] as Element) !== URI.envelopedSignature) {
    refuse('ALGORITHM_NOT_ALLOWED', 'a signature over the whole message needs the enveloped-signature transform first');
  }

  const certificate = certificates[0]?.textContent ?? '';
  const digestValue = (onlyChild(reference, 'DigestValue', 'Reference').textContent ?? '').replace(/\s+/g, '');
  const signatureValue = (signatureValues[0]?.textContent ?? '').replace(/\s+/g, '');
  return { signatureMethod, certificate, digestValue, signatureValue };
}

/** The general way: xml-crypto canonicalizes the document it parses and checks both digests. */
function verifyWithXmlCrypto(xml: string, doc: Document, signature: Element, publicKey: KeyObject): void {
  // The key is ours, from the checked certificate; xml-crypto must not read one from KeyInfo.
  const sig = new SignedXml({ publicCert: publicKey, getCertFromKeyInfo: () => null });
  registerEcdsa(sig);
  // Loading our own parsed node means the SignedInfo checked above is the one that gets verified.
  sig.loadSignature(signature);
  let valid: boolean;
  try {
    valid = sig.checkSignature(xml);
  } catch (err) {
    refuse('SIGNATURE_INVALID', err instanceof Error ? err.message : String(err));
  }
  if (!valid) {
    const why = sig.getReferences().find((r) => r.validationError)?.validationError?.message;
    refuse('SIGNATURE_INVALID', why ?? 'the signed content does not match its digest');
  }
  // xml-crypto re-parsed the text; what it found signed must be the one whole document, starting
  // with the Envelope we hand back (same text, same parser, so the same tree).
  const signed = sig.getSignedReferences();
  const root = doc.documentElement;
  if (signed.length !== 1 || !root || !signed[0]?.startsWith(`<${root.tagName} `)) {
    refuse('SIGNATURE_WRAPPING', 'the signed content is not this envelope');
  }
}

const signers = new WeakMap<X509Certificate, CertificateInfo>();

function signerOf(cert: X509Certificate): CertificateInfo {
  let info = signers.get(cert);
  if (!info) {
    info = describeCertificate(cert);
    signers.set(cert, info);
  }
  return info;
}

// Parsed once per set of pinned CAs (the mock passes the same array every time).
const anchorsByPems = new WeakMap<string[], X509Certificate[]>();

function trustAnchors(caPems: string[]): X509Certificate[] {
  let anchors = anchorsByPems.get(caPems);
  if (!anchors) {
    anchors = parseTrustAnchors(caPems);
    anchorsByPems.set(caPems, anchors);
  }
  return anchors;
}

function verifyOrRefuse(xml: string, trust: TrustOptions, parsed: Document | undefined): VerifyResult {
  const anchors = trustAnchors(trust.caPems);
  let doc: Document;
  try {
    doc = parsed ?? parseXmlSafely(xml);
  } catch (err) {
    if (err instanceof XmlParseError) refuse(err.kind === 'dtd_forbidden' ? 'DTD_FORBIDDEN' : 'MALFORMED_XML', err.message);
    throw err;
  }
  const { body, signature, signedInfo } = locate(doc);
  const { signatureMethod, certificate, digestValue, signatureValue } = checkProfile(signature, signedInfo, body);

  const trusted = checkSignerCertificate(certificate, anchors, trust.now ?? new Date());
  if (!trusted.ok) refuse(trusted.code, trusted.reason);
  const { publicKey } = trusted;
  if (!keyFitsSignatureMethod(publicKey, signatureMethod)) {
    refuse('SIGNATURE_INVALID', `SignatureMethod "${signatureMethod}" does not fit the signer's ${publicKey.asymmetricKeyType ?? ''} key`);
  }
  const quick = verifyWholeMessageQuickly({ xml, signature, signedInfo, digestValue, signatureValue, signatureMethod, publicKey });
  if (quick !== 'valid') verifyWithXmlCrypto(xml, doc, signature, publicKey);
  return { ok: true, document: doc, body, signer: signerOf(trusted.cert) };
}

/**
 * `parsed`: the same text already parsed by parseXmlSafely (the mock parses every message once and
 * hands the document on), so that it is not parsed twice.
 */
export function verifyEnvelope(xml: string, trust: TrustOptions, parsed?: Document): VerifyResult {
  try {
    return verifyOrRefuse(xml, trust, parsed);
  } catch (err) {
    if (err instanceof Refused) return { ok: false, code: err.code, reason: err.message };
    throw err;
  }
}
