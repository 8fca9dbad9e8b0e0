import { ParseOption, XmlC14NMode, XmlDocument } from 'libxml2-wasm';
import { describe, expect, it } from 'vitest';
import { libxmlDocument } from './libxml-document.ts';

const OPTIONS = { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE };

/** The canonical form of what was parsed, or the parse error's message. */
function outcome(parse: () => XmlDocument): string {
  let doc: XmlDocument;
  try {
    doc = parse();
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
  try {
    return doc.canonicalizeToString({ mode: XmlC14NMode.XML_C14N_EXCLUSIVE_1_0 });
  } finally {
    doc.dispose();
  }
}

const documents = {
  plain: '<a xmlns="urn:x"><b c="1">текст &amp; 𝄞</b></a>',
  declaration: '<?xml version="1.0" encoding="UTF-8"?>\n<a/>',
  'declared latin-1': '<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>',
  empty: '',
  'white space only': '  \n',
  'not closed': '<a><b></a>',
  'lone high surrogate': '<a>\uD800</a>',
  'lone low surrogate': '<a>x\uDC00y</a>',
  'NUL character': '<a>\u0000</a>',
  'byte order mark': '\uFEFF<a/>',
  'undefined entity': '<a>&nbsp;</a>',
  'carriage returns': '<a>1\r\n2\r3</a>',
};

describe('libxmlDocument', () => {
  it.each(Object.entries(documents))('parses %s exactly as XmlDocument.fromString does', (_, xml) => {
    expect(outcome(() => libxmlDocument(xml, OPTIONS))).toBe(outcome(() => XmlDocument.fromString(xml, OPTIONS)));
  });

  it('keeps the parse options', () => {
    const blanks = '<a>\n  <b/>\n</a>';
    const noBlanks = { option: ParseOption.XML_PARSE_NOBLANKS };
    expect(outcome(() => libxmlDocument(blanks, noBlanks))).toBe('<a><b></b></a>');
    expect(outcome(() => libxmlDocument(blanks))).toBe('<a>\n  <b></b>\n</a>');
  });
});
