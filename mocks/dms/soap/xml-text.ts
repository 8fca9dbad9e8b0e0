// Escaping for the XML the mock writes itself. Values come from requests and from fault configs, so
// characters XML 1.0 cannot carry are replaced, never passed through (an answer must always parse).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_XML_1_0 = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

export function xmlText(value: string): string {
  return value
    .replace(NOT_XML_1_0, '\uFFFD')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** Cut to at most `max` characters (code points), as xs:maxLength counts them. */
export function truncate(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : chars.slice(0, max - 1).join('') + '…';
}
