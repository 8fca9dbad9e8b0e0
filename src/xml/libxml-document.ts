// libxml2-wasm's XmlDocument.fromString encodes the string into wasm memory with a JavaScript loop;
// Buffer.from does the same UTF-8 encoding natively and fromBuffer hands libxml2 the same bytes
// (the loop was about a fifth of the mock's libxml2 parsing time; the gateway reads DMS's answers
// through here too). Only for a well-formed string: a lone surrogate is encoded differently
// (Buffer.from writes U+FFFD), and the empty string reaches libxml2 as no buffer at all, so those
// still go through fromString and libxml2 sees exactly what it always saw.
import { XmlDocument } from 'libxml2-wasm';
import type { ParseOptions } from 'libxml2-wasm';

export function libxmlDocument(xml: string, options: ParseOptions = {}): XmlDocument {
  if (xml.length === 0 || !xml.isWellFormed()) return XmlDocument.fromString(xml, options);
  return XmlDocument.fromBuffer(Buffer.from(xml, 'utf8'), options);
}
