// Exclusive C14N of a whole envelope, by xml-crypto: for envelopes that were not written in
// canonical form by our builder (tests, fixtures, other tools), and as the independent check that
// the builder's output is canonical (a golden file must equal its own canonical form).
import { ExclusiveCanonicalization } from 'xml-crypto';
import { parseXmlSafely } from '../xml/safe-parse.ts';

const c14n = new ExclusiveCanonicalization();

/** The document element in exclusive canonical form (no comments), after an XML declaration. */
export function canonicalizeEnvelope(xml: string): string {
  const doc = parseXmlSafely(xml);
  for (let node = doc.firstChild; node; node = node.nextSibling) {
    // A processing instruction next to the document element would be canonicalized with it.
    if (node.nodeType === 7 && node.nodeName !== 'xml') throw new Error('processing instructions are not allowed');
  }
  if (!doc.documentElement) throw new Error('no document element');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${c14n.process(doc.documentElement, {})}\n`;
}
