// canonicalizeEnvelope: exclusive C14N of the document element (comments dropped, attributes in double
// quotes, end tags written out), after an XML declaration and with one final newline; processing
// instructions beside the document element are refused, as they would be signed along.
import { describe, expect, it } from 'vitest';
import { canonicalizeEnvelope } from './canonical.ts';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

describe('canonicalizeEnvelope', () => {
  it('writes the canonical form after an XML declaration, with one final newline', () => {
    const input = `<?xml version='1.0'?>\n<!-- before -->\n<e:Envelope xmlns:e="urn:e" xmlns:unused="urn:u" b='2' a="1"><e:Body/><!-- c --></e:Envelope>\n\n`;
    expect(canonicalizeEnvelope(input)).toBe(`${DECLARATION}<e:Envelope xmlns:e="urn:e" a="1" b="2"><e:Body></e:Body></e:Envelope>\n`);
  });

  it('adds the declaration to a document without one', () => {
    expect(canonicalizeEnvelope('<a x="1"/>')).toBe(`${DECLARATION}<a x="1"></a>\n`);
  });

  it('refuses a processing instruction next to the document element', () => {
    expect(() => canonicalizeEnvelope('<?xml-stylesheet href="x.xsl"?><a/>')).toThrow(/^processing instructions are not allowed$/);
    expect(() => canonicalizeEnvelope('<a/><?pi after?>')).toThrow(/^processing instructions are not allowed$/);
  });
});
