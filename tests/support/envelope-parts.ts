// Cuts a SOAP envelope into standalone documents: each X-Road header and the Body's request
// element, with the namespace declarations they need, so each can be schema-validated alone.
import { DOMParser, XMLSerializer, type Element } from '@xmldom/xmldom';
import { NS } from '../../src/xml/namespaces.ts';

export interface EnvelopeParts {
  headers: Array<{ localName: string; xml: string }>;
  request: { localName: string; xml: string };
}

export function envelopeParts(envelopeXml: string): EnvelopeParts {
  const doc = new DOMParser().parseFromString(envelopeXml, 'text/xml');
  const serializer = new XMLSerializer();
  const children = (el: Element) => Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1);
  const env = doc.documentElement as Element;
  const header = children(env).find((e) => e.localName === 'Header') as Element;
  const body = children(env).find((e) => e.localName === 'Body') as Element;
  const standalone = (el: Element) => {
    let xml = serializer.serializeToString(el);
    const startTag = xml.slice(0, xml.indexOf('>'));
    for (const [prefix, uri] of [['xrd', NS.xrd], ['id', NS.id], ['reg', NS.reg]] as const) {
      // The serializer declares what the element's own name needs; descendants may need more.
      if (!startTag.includes(`xmlns:${prefix}=`)) xml = xml.replace(/^<([^\s>]+)/, `<$1 xmlns:${prefix}="${uri}"`);
    }
    return xml;
  };
  const request = children(body)[0] as Element;
  return {
    headers: children(header)
      .filter((e) => e.namespaceURI === NS.xrd)
      .map((e) => ({ localName: e.localName as string, xml: standalone(e) })),
    request: { localName: request.localName as string, xml: standalone(request) },
  };
}
