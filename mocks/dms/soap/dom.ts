// Small DOM helpers that look at direct children only, by namespace and local name: the mock never
// searches "anywhere in the document", which is how wrapped or smuggled elements get picked up.
import type { Element, Node } from '@xmldom/xmldom';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

export function isElement(node: Node | null | undefined): node is Element {
  return node?.nodeType === ELEMENT_NODE;
}

export function elementChildren(parent: Element): Element[] {
  const found: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (isElement(child)) found.push(child);
  }
  return found;
}

export function isNamed(el: Element, ns: string, localName: string): boolean {
  return el.namespaceURI === ns && el.localName === localName;
}

export function childNamed(parent: Element, ns: string, localName: string): Element | undefined {
  return elementChildren(parent).find((el) => isNamed(el, ns, localName));
}

/** Text of a child element, or undefined when the child is absent. */
export function childText(parent: Element, ns: string, localName: string): string | undefined {
  const child = childNamed(parent, ns, localName);
  return child ? (child.textContent ?? '') : undefined;
}

/** True when the element carries character data of its own between its child elements. */
export function hasOwnText(el: Element): boolean {
  for (let child = el.firstChild; child; child = child.nextSibling) {
    const isText = child.nodeType === TEXT_NODE || child.nodeType === CDATA_SECTION_NODE;
    if (isText && (child.nodeValue ?? '').trim() !== '') return true;
  }
  return false;
}

export function qualifiedName(el: Element): string {
  return el.namespaceURI ? `{${el.namespaceURI}}${el.localName}` : String(el.localName);
}
