// Whether a piece of an acknowledgement is already in exclusive canonical form where renderCanonicalAck
// puts it, so that the acknowledgement needs no canonicalization pass before it is signed. Anything
// this cannot vouch for answers false, and the answer is canonicalized by libxml2 as before.
import { ParseOption, XmlC14NMode } from 'libxml2-wasm';
import { NS } from '../../../src/xml/namespaces.ts';
import { libxmlDocument } from '../../../src/xml/libxml-document.ts';

// Characters canonical text and attribute values carry as they are: no markup, no reference, no
// quote, no white space other than the space (line ends are normalized, tabs escaped in attributes),
// nothing XML 1.0 forbids.
// eslint-disable-next-line no-control-regex -- excluding control characters is the point
const PLAIN = /^[^<>&"\u0000-\u001F\uFFFE\uFFFF]*$/;

/** A value that canonical XML writes exactly as it is, in text or in an attribute. */
export function isPlainText(value: string): boolean {
  return PLAIN.test(value) && value.isWellFormed();
}

const XRD = NS.xrd.replaceAll('.', '\\.');
// The X-Road headers with text only (id, userId, issue, protocolVersion) as XMLSerializer writes them.
const TEXT_HEADER = new RegExp(`^<(xrd:[A-Za-z]+) xmlns:xrd="${XRD}">([^<]*)</\\1>$`);

const OPTIONS = { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE };

/**
 * Canonical on its own is canonical in the acknowledgement: every prefix it uses is declared in it
 * (the parse refuses any other), and the acknowledgement's Header and Envelope output no namespace
 * but SOAP-ENV, which a header using it would not repeat, so such headers are left out.
 */
function canonicalOnItsOwn(xml: string): boolean {
  if (xml.includes('SOAP-ENV')) return false;
  let doc;
  try {
    doc = libxmlDocument(xml, OPTIONS);
  } catch {
    return false;
  }
  try {
    return doc.canonicalizeToString({ mode: XmlC14NMode.XML_C14N_EXCLUSIVE_1_0 }) === xml;
  } finally {
    doc.dispose();
  }
}

// Client and service are the same in message after message: their answer is kept, up to a bound.
const KEPT = 256;
const known = new Map<string, boolean>();

/** An echoed X-Road header (serialized by XMLSerializer) is canonical as a child of the acknowledgement's Header. */
export function isCanonicalEcho(xml: string): boolean {
  const text = TEXT_HEADER.exec(xml)?.[2];
  if (text !== undefined && isPlainText(text)) return true;
  let canonical = known.get(xml);
  if (canonical === undefined) {
    canonical = canonicalOnItsOwn(xml);
    if (known.size >= KEPT) known.clear();
    known.set(xml, canonical);
  }
  return canonical;
}
