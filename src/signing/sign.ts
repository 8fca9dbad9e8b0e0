// Signs a SOAP 1.1 envelope the way X-Road's security server signs a message: the signature covers
// the whole message — the X-Road headers (client, service, id, userId, issue, protocolVersion) and
// the Body — so that no header can be changed or replayed under a captured Body. One enveloped
// XML-DSig signature, Reference URI="" (the whole document) with the enveloped-signature and
// exclusive C14N transforms, placed as the last child of the SOAP Header, with the signer's
// certificate in KeyInfo.
//
// No canonicalization pass: the envelope builder (src/mapping/dms-v1/envelope.ts, src/xml/writer.ts)
// writes the document in its exclusive canonical form already, so the digest is taken over the text
// as it is and SignedInfo is written canonically here. That is the whole cost of a signature beyond
// the private-key operation. For an envelope written by anyone else, canonicalizeEnvelope() first.
import { createHash, sign } from 'node:crypto';
import { NS } from '../xml/namespaces.ts';
import { SIGNATURE_METHOD, URI } from './algorithms.ts';
import type { SigningKey } from './keys.ts';

const XML_DECLARATION = /^<\?xml[^>]*\?>\s*/;
const SPACE = /\s/;
const DS_VALUE = `="${NS.ds}"`;
const DS_DECLARATION = new RegExp(`<[^<>]*${DS_VALUE.replaceAll('.', '\\.')}`);

/**
 * The white space `text` ends with, found from its end: the regular expression /\s*$/ tries every
 * position of the text from its start, each run of indentation again at each of its characters.
 */
function trailingSpace(text: string): string {
  let start = text.length;
  while (start > 0 && SPACE.test(text[start - 1]!)) start--;
  return text.slice(start);
}

/** A namespace declaration of XML-DSig inside a tag; the regular expression only runs where its value occurs at all. */
const declaresDs = (text: string): boolean => text.includes(DS_VALUE) && DS_DECLARATION.test(text);

interface Prepared {
  /** Canonical SignedInfo up to the DigestValue's text, with and without its own xmlns:ds. */
  canonicalHead: string;
  embeddedHead: string;
  tail: string;
  keyInfo: string;
  dsaEncoding: 'der' | 'ieee-p1363' | undefined;
}

const preparedByKey = new WeakMap<SigningKey, Prepared>();

function prepare(key: SigningKey): Prepared {
  const found = preparedByKey.get(key);
  if (found) return found;
  // Exclusive C14N: start and end tag for every element, attributes in double quotes; SignedInfo,
  // canonicalized on its own, declares the ds namespace it uses.
  const inner =
    `<ds:CanonicalizationMethod Algorithm="${URI.excC14n}"></ds:CanonicalizationMethod>` +
    `<ds:SignatureMethod Algorithm="${SIGNATURE_METHOD[key.algorithm]}"></ds:SignatureMethod>` +
    `<ds:Reference URI=""><ds:Transforms>` +
    `<ds:Transform Algorithm="${URI.envelopedSignature}"></ds:Transform>` +
    `<ds:Transform Algorithm="${URI.excC14n}"></ds:Transform>` +
    `</ds:Transforms><ds:DigestMethod Algorithm="${URI.sha256}"></ds:DigestMethod><ds:DigestValue>`;
  const prepared: Prepared = {
    canonicalHead: `<ds:SignedInfo xmlns:ds="${NS.ds}">${inner}`,
    embeddedHead: `<ds:Signature xmlns:ds="${NS.ds}"><ds:SignedInfo>${inner}`,
    tail: '</ds:DigestValue></ds:Reference></ds:SignedInfo>',
    // Only the signer's own certificate: the receiver trusts its pinned CA, not a chain we send.
    keyInfo: `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${key.certificateBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>`,
    // XML-DSig carries an ECDSA signature as raw r||s, not DER (RFC 4050, RFC 6931).
    dsaEncoding: key.algorithm === 'ecdsa-p256-sha256' ? 'ieee-p1363' : undefined,
  };
  preparedByKey.set(key, prepared);
  return prepared;
}

/**
 * Signs an envelope that is in exclusive canonical form (an XML declaration and trailing white space
 * aside), as buildEnvelope writes it. The result is the input with ds:Signature inserted before the
 * Header's end tag; the rest stays byte for byte.
 */
export function signEnvelope(xml: string, key: SigningKey): string {
  const declaration = XML_DECLARATION.exec(xml)?.[0] ?? '';
  const afterRoot = trailingSpace(xml);
  const root = xml.slice(declaration.length, xml.length - afterRoot.length);
  const soapPrefix = /^<([A-Za-z_][\w.-]*):Envelope[\s>]/.exec(root)?.[1];
  if (!soapPrefix || !root.includes(`xmlns:${soapPrefix}="${NS.soap}"`)) throw new Error('not a SOAP 1.1 Envelope');
  // Text is escaped, so this string can only be the Header's end tag.
  const headerEnd = root.indexOf(`</${soapPrefix}:Header>`);
  if (headerEnd < 0) throw new Error('the envelope needs a SOAP Header');
  // Text has < and > escaped, so this matches only a declaration inside a tag.
  if (declaresDs(root)) throw new Error('the envelope is already signed');

  // The signature goes on a line of its own, indented like the Header's children. The
  // enveloped-signature transform removes the element but not the white space around it, so the
  // digest is taken over the document as it will be without the element.
  const before = root.slice(0, headerEnd);
  const after = root.slice(headerEnd);
  const trail = trailingSpace(before);
  const lead = trail ? '  ' : '';
  const digest = createHash('sha256').update(before).update(lead).update(trail).update(after).digest('base64');

  const p = prepare(key);
  const signedInfo = `${p.canonicalHead}${digest}${p.tail}`;
  const value = sign('sha256', Buffer.from(signedInfo, 'utf8'), p.dsaEncoding ? { key: key.privateKey, dsaEncoding: p.dsaEncoding } : key.privateKey);
  const signature = `${p.embeddedHead}${digest}${p.tail}<ds:SignatureValue>${value.toString('base64')}</ds:SignatureValue>${p.keyInfo}`;
  return `${declaration}${before}${lead}${signature}${trail}${after}${afterRoot}`;
}
