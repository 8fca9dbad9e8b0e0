// Parse XML from the network safely: no DTD at all (so no entity expansion, no external entities),
// and every parser warning or error is fatal instead of being silently "repaired".
import { DOMParser, type Document } from '@xmldom/xmldom';

export class XmlParseError extends Error {
  readonly kind: 'dtd_forbidden' | 'malformed';
  constructor(kind: 'dtd_forbidden' | 'malformed', message: string) {
    super(message);
    this.name = 'XmlParseError';
    this.kind = kind;
  }
}

// A DOCTYPE anywhere is refused before parsing: SOAP 1.1 forbids it, and refusing it here means the
// parser never sees an entity declaration.
const DTD = /<!DOCTYPE|<!ENTITY/i;

export function parseXmlSafely(xml: string): Document {
  if (DTD.test(xml)) throw new XmlParseError('dtd_forbidden', 'DTDs and entity declarations are not accepted');
  const parser = new DOMParser({
    onError: (level, message) => {
      throw new XmlParseError('malformed', `${level}: ${message}`);
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(xml, 'text/xml');
  } catch (err) {
    if (err instanceof XmlParseError) throw err;
    throw new XmlParseError('malformed', err instanceof Error ? err.message : String(err));
  }
  if (!doc.documentElement) throw new XmlParseError('malformed', 'no document element');
  return doc;
}
