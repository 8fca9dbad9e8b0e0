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
  readonly lines: string[];
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
  return { kind: 'element', lines: [`${openTag(name, attributes)}${escape(String(value))}</${name}>`] };
}

/** An element containing other elements; one with no children is omitted unless `keepEmpty`. */
export function parent(
  name: string,
  children: Array<XmlElement | null>,
  options: { attributes?: string; keepEmpty?: boolean } = {},
): XmlElement | null {
  const present = children.filter((c): c is XmlElement => c !== null);
  if (present.length === 0 && !options.keepEmpty) return null;
  const inner = present.flatMap((c) => c.lines.map((line) => `  ${line}`));
  return { kind: 'element', lines: [openTag(name, options.attributes), ...inner, `</${name}>`] };
}

/** The same element with namespace declarations (`xmlns:p="uri"`, sorted) first in its start tag. */
export function declaring(element: XmlElement, declarations: string): XmlElement {
  const [first = '', ...rest] = element.lines;
  const nameEnd = first.search(/[\s>]/);
  return { kind: 'element', lines: [`${first.slice(0, nameEnd)} ${declarations}${first.slice(nameEnd)}`, ...rest] };
}

export function render(element: XmlElement | null): string {
  if (!element) throw new Error('nothing to render');
  return element.lines.join('\n');
}

/** An element with no content at all, written `<name/>` (an XSD empty type allows no whitespace either). */
export function empty(name: string): XmlElement {
  return { kind: 'element', lines: [`<${name}/>`] };
}
