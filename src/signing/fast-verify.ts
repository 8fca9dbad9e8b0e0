// The quick way to check a signature over the whole message when the message is laid out as we
// write it (see sign.ts): cut the ds:Signature element out of the text and hash what is left, and
// verify the signature over SignedInfo as it stands, with its namespace declared. Both digests are
// only ever compared with values the trusted signer signed, so a match proves the bytes are the
// ones that were signed — and since the text holds nothing but elements and text (no comments,
// CDATA or processing instructions, checked first), the cut is exactly the Signature element that
// the caller has parsed and checked. Anything else answers 'unknown' and the caller verifies the
// general way (xml-crypto, canonicalizing the parsed document); a wrong signature also answers
// 'unknown' here, so the general way has the last word.
import { createHash, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { NS } from '../xml/namespaces.ts';
import { URI } from './algorithms.ts';

const XML_DECLARATION = /^<\?xml[^>]*\?>\s*/;
const NOT_ONLY_ELEMENTS = /<!--|<!\[CDATA\[|<\?|<!/;

/** Where the element with this qualified name starts (its start tag, not a longer name) and ends. */
function span(xml: string, tagName: string, from: number): [number, number] | null {
  let at = xml.indexOf(`<${tagName}`, from);
  while (at >= 0 && !/[\s>]/.test(xml.charAt(at + tagName.length + 1))) at = xml.indexOf(`<${tagName}`, at + 1);
  if (at < 0) return null;
  const close = `</${tagName}>`;
  const end = xml.indexOf(close, at);
  return end < 0 ? null : [at, end + close.length];
}

export interface FastVerifyInput {
  xml: string;
  signature: Element;
  signedInfo: Element;
  digestValue: string;
  signatureValue: string;
  signatureMethod: string;
  publicKey: KeyObject;
}

export function verifyWholeMessageQuickly(input: FastVerifyInput): 'valid' | 'unknown' {
  const { xml, signature, signedInfo } = input;
  const declaration = XML_DECLARATION.exec(xml)?.[0] ?? '';
  // trimEnd removes exactly what /\s*$/ matches, without the regex's scan of every position.
  const rootEnd = xml.trimEnd().length;
  const root = xml.slice(declaration.length, rootEnd);
  if (NOT_ONLY_ELEMENTS.test(root)) return 'unknown';

  const signatureSpan = span(root, signature.tagName, 0);
  if (!signatureSpan) return 'unknown';
  const [sigStart, sigEnd] = signatureSpan;
  const digest = createHash('sha256').update(root.slice(0, sigStart)).update(root.slice(sigEnd)).digest('base64');
  if (digest !== input.digestValue) return 'unknown';

  // SignedInfo canonicalized on its own declares the ds namespace, which its ancestor declared here.
  const prefix = signedInfo.prefix;
  const infoSpan = span(root, signedInfo.tagName, sigStart);
  if (!prefix || !infoSpan || infoSpan[1] > sigEnd) return 'unknown';
  const text = root.slice(infoSpan[0], infoSpan[1]);
  const bareStart = `<${signedInfo.tagName}>`;
  if (!text.startsWith(bareStart)) return 'unknown';
  const canonical = `<${signedInfo.tagName} xmlns:${prefix}="${NS.ds}">${text.slice(bareStart.length)}`;

  const key = input.signatureMethod === URI.ecdsaSha256 ? { key: input.publicKey, dsaEncoding: 'ieee-p1363' as const } : input.publicKey;
  const ok = verify('sha256', Buffer.from(canonical, 'utf8'), key, Buffer.from(input.signatureValue, 'base64'));
  return ok ? 'valid' : 'unknown';
}
