// A tiny XML writer for messages whose shape is fixed by a schema: elements in a given order,
// every text value escaped, absent optional values leave no element. Output is indented so that
// operators can read stored messages and golden files diff line by line.

export type Node = string | null | undefined | false | Node[];

export interface XmlElement {
  readonly kind: 'element';
  readonly lines: string[];
}

/** An element with text content; null/undefined values produce nothing. */
export function text(name: string, value: string | number | boolean | null | undefined, escape: (s: string) => string): XmlElement | null {
  if (value === null || value === undefined) return null;
  return { kind: 'element', lines: [`<${name}>${escape(String(value))}</${name}>`] };
}

/** An element containing other elements; one with no children is omitted unless `keepEmpty`. */
export function parent(
  name: string,
  children: Array<XmlElement | null>,
  options: { attributes?: string; keepEmpty?: boolean } = {},
): XmlElement | null {
  const present = children.filter((c): c is XmlElement => c !== null);
  if (present.length === 0 && !options.keepEmpty) return null;
  const open = options.attributes ? `<${name} ${options.attributes}>` : `<${name}>`;
  const inner = present.flatMap((c) => c.lines.map((line) => `  ${line}`));
  return { kind: 'element', lines: [open, ...inner, `</${name}>`] };
}

export function render(element: XmlElement | null): string {
  if (!element) throw new Error('nothing to render');
  return element.lines.join('\n');
}

/** An element with no content at all, written `<name/>` (an XSD empty type allows no whitespace either). */
export function empty(name: string): XmlElement {
  return { kind: 'element', lines: [`<${name}/>`] };
}
