// The document the mock hands its schema check for the X-Road headers: the echoed header elements
// (as the client sent them) wrapped in one element of the check schema's namespace.
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { CHECK_NS } from '../schema/schema-files.ts';
import { headersDocument } from './judge-message.ts';

describe('headersDocument', () => {
  const echoed = ['<xrd:id xmlns:xrd="http://x-road.eu/xsd/xroad.xsd">m-1</xrd:id>', '<xrd:protocolVersion xmlns:xrd="http://x-road.eu/xsd/xroad.xsd">4.0</xrd:protocolVersion>'];

  it('wraps the echoed headers, in their order, in requestHeaders of the check namespace', () => {
    const doc = new DOMParser().parseFromString(headersDocument(echoed), 'text/xml');
    const root = doc.documentElement;
    expect(root?.localName).toBe('requestHeaders');
    expect(root?.namespaceURI).toBe(CHECK_NS);
    const children = Array.from(root?.childNodes ?? []).filter((n) => n.nodeType === 1);
    expect(children.map((c) => [c.localName, c.textContent])).toEqual([['id', 'm-1'], ['protocolVersion', '4.0']]);
  });
});
