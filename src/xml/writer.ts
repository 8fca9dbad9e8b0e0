// A tiny XML writer for messages whose shape is fixed by a schema: elements in a given order,
// every text value escaped, absent optional values leave no element. Output is indented so that
// operators can read stored messages and golden files diff line by line.
// What it writes is already in exclusive canonical form when the caller declares each namespace
// where exclusive C14N puts it (on the outermost element that uses the prefix, sorted by prefix,
// before the other attributes, which are sorted too): no empty-element tags, text escaped the
// canonical way (src/xml/escape.ts), no comments.

export type Node = string | null | undefined | false | Node[];

export interface XmlElement {
  readonly kind: 'element';
  /** The start tag; for an element with no element children, the whole element on its one line. */
  readonly head: string;
  /** The child elements, each indented one level deeper than this one; null: the element is its head. */
  readonly children: readonly XmlElement[] | null;
  /** The end tag, on a line of its own after the children. */
  readonly tail: string;
}

function openTag(name: string, attributes: string | undefined): string {
  return attributes ? `<${name} ${attributes}>` : `<${name}>`;
}

/** An element with text content; null/undefined values produce nothing. */
export function text(
  name: string,
  value: string | number | boolean | null | undefined,
  escape: (s: string) => string,
  attributes?: string,
): XmlElement | null {
  if (value === null || value === undefined) return null;
  return { kind: 'element', head: `${openTag(name, attributes)}${escape(String(value))}</${name}>`, children: null, tail: '' };
}

/**
 * An element containing other elements; one with no children is omitted unless `keepEmpty`. The
 * children are kept as they are and indented once, when the whole message is rendered.
 */
export function parent(
  name: string,
  children: Array<XmlElement | null>,
  options: { attributes?: string; keepEmpty?: boolean } = {},
): XmlElement | null {
  const present = children.filter((c): c is XmlElement => c !== null);
  if (present.length === 0 && !options.keepEmpty) return null;
  return { kind: 'element', head: openTag(name, options.attributes), children: present, tail: `</${name}>` };
}

/** The same element with namespace declarations (`xmlns:p="uri"`, sorted) first in its start tag. */
export function declaring(element: XmlElement, declarations: string): XmlElement {
  const nameEnd = element.head.search(/[\s>]/);
  return { ...element, head: `${element.head.slice(0, nameEnd)} ${declarations}${element.head.slice(nameEnd)}` };
}

function writeLines(element: XmlElement, indent: string, out: string[]): void {
  out.push(indent + element.head);
  if (element.children === null) return;
  const deeper = `${indent}  `;
  for (const child of element.children) writeLines(child, deeper, out);
  out.push(indent + element.tail);
}

export function render(element: XmlElement | null): string {
  if (!element) throw new Error('nothing to render');
  const out: string[] = [];
  writeLines(element, '', out);
  return out.join('\n');
}

/** An element with no content at all, written `<name/>` (an XSD empty type allows no whitespace either). */
export function empty(name: string): XmlElement {
  return { kind: 'element', head: `<${name}/>`, children: null, tail: '' };
}
