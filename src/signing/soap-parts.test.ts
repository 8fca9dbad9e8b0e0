// Finding the SOAP parts by namespace and position: only direct children count as Header and Body,
// while the "descendants" lookups (as loose as xml-crypto's) see every element, the root included.
import type { Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { NS } from '../xml/namespaces.ts';
import { parseXmlSafely } from '../xml/safe-parse.ts';
import { childElements, descendantsByName, descendantsNamed, isElement, soapParts } from './soap-parts.ts';

const envelope = (inner: string, ns: string = NS.soap) => parseXmlSafely(`<s:Envelope xmlns:s="${ns}" xmlns:o="urn:other">${inner}</s:Envelope>`);

describe('soapParts', () => {
  it('lists the Envelope and only its direct Header and Body children of the SOAP namespace', () => {
    const doc = envelope('<s:Header></s:Header><o:Header></o:Header><s:Body><s:Body></s:Body></s:Body><s:Body></s:Body>');
    const parts = soapParts(doc);
    expect(parts?.envelope).toBe(doc.documentElement);
    expect(parts?.headers.map((h) => h.namespaceURI)).toEqual([NS.soap]);
    expect(parts?.bodies.map((b) => b.parentNode)).toEqual([doc.documentElement, doc.documentElement]);
  });

  it('is null for an Envelope of another namespace or another document element', () => {
    expect(soapParts(envelope('<s:Body></s:Body>', 'http://www.w3.org/2003/05/soap-envelope'))).toBeNull();
    expect(soapParts(parseXmlSafely(`<s:Body xmlns:s="${NS.soap}"></s:Body>`))).toBeNull();
  });
});

describe('descendantsByName and descendantsNamed', () => {
  const doc = envelope('<s:Header><o:Signature><Signature></Signature></o:Signature></s:Header><s:Body><o:Envelope></o:Envelope></s:Body>');
  const root = doc.documentElement as Element;

  it('find every element of each local name in document order, in any namespace or none, the root included', () => {
    const [signatures = [], envelopes = [], none = []] = descendantsByName(root, ['Signature', 'Envelope', 'Missing']);
    expect(signatures.map((e) => e.tagName)).toEqual(['o:Signature', 'Signature']);
    expect(envelopes.map((e) => e.tagName)).toEqual(['s:Envelope', 'o:Envelope']);
    expect(none).toEqual([]);
    expect(descendantsNamed(root, 'Envelope')).toEqual(envelopes);
    expect(descendantsNamed(root, 'Body').map((e) => e.tagName)).toEqual(['s:Body']);
  });

  it('stay inside the element they start from, in the order getElementsByTagName gives, at any depth', () => {
    const nested = envelope('<s:Header><o:a><o:b>t<o:a/></o:b><o:c><o:a></o:a></o:c></o:a><o:d/></s:Header><s:Body><o:a/></s:Body>');
    const header = (nested.documentElement as Element).firstChild as Element;
    const all = Array.from(header.getElementsByTagName('*'));
    const [found = []] = descendantsByName(header, ['a']);
    expect(found).toEqual(all.filter((el) => el.localName === 'a'));
    expect(found).toHaveLength(3);
    const [inner = []] = descendantsByName(header.firstChild as Element, ['a', 'd']);
    expect(inner.map((el) => el.parentNode?.nodeName)).toEqual(['s:Header', 'o:b', 'o:c']);
    const deep = parseXmlSafely(`${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}`);
    expect(descendantsNamed(deep.documentElement as Element, 'a')).toHaveLength(20_000);
  });

  it('childElements keeps only direct children of that namespace and name', () => {
    const header = childElements(root, NS.soap, 'Header')[0] as Element;
    expect(childElements(header, 'urn:other', 'Signature').length).toBe(1);
    expect(childElements(header, NS.soap, 'Signature')).toEqual([]);
    expect(childElements(root, 'urn:other', 'Signature')).toEqual([]);
  });

  it('isElement tells elements from text and nothing', () => {
    const text = parseXmlSafely('<a>t</a>').documentElement?.firstChild;
    expect([isElement(root), isElement(text), isElement(null), isElement(undefined)]).toEqual([true, false, false, false]);
  });
});
