// Finds the parts of a SOAP 1.1 envelope by namespace and position, never by "first match anywhere":
// a signature is only worth something if it covers the Body that is then processed.
import type { Document, Element, Node } from '@xmldom/xmldom';
import { NS } from '../xml/namespaces.ts';

const ELEMENT_NODE = 1;

export function isElement(node: Node | null | undefined): node is Element {
  return node?.nodeType === ELEMENT_NODE;
}

export function childElements(parent: Element, ns: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (isElement(child) && child.namespaceURI === ns && child.localName === localName) found.push(child);
  }
  return found;
}

/** All elements below (and including) root with this local name, in any namespace or none. */
export function descendantsNamed(root: Element, localName: string): Element[] {
  return descendantsByName(root, [localName])[0] ?? [];
}

/**
 * The same for several local names in one walk of the tree: one list per name, in order. The walk
 * follows child and sibling links (document order, no stack, so no depth limit) instead of
 * getElementsByTagName('*'), whose live list costs more than the walk itself.
 */
export function descendantsByName(root: Element, localNames: string[]): Element[][] {
  const found = localNames.map((): Element[] => []);
  const visit = (el: Element) => {
    const at = localNames.indexOf(el.localName ?? '');
    if (at >= 0) found[at]?.push(el);
  };
  visit(root);
  let node: Node | null = root.firstChild;
  while (node) {
    if (isElement(node)) visit(node);
    if (node.firstChild) {
      node = node.firstChild;
      continue;
    }
    while (node && node !== root && !node.nextSibling) node = node.parentNode;
    node = node === root || !node ? null : node.nextSibling;
  }
  return found;
}

export interface SoapParts {
  envelope: Element;
  headers: Element[];
  bodies: Element[];
}

/** null when the document element is not a SOAP 1.1 Envelope. */
export function soapParts(doc: Document): SoapParts | null {
  const envelope = doc.documentElement;
  if (!envelope || envelope.namespaceURI !== NS.soap || envelope.localName !== 'Envelope') return null;
  return {
    envelope,
    headers: childElements(envelope, NS.soap, 'Header'),
    bodies: childElements(envelope, NS.soap, 'Body'),
  };
}
