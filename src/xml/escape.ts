// Escaping for text content, exactly as canonical XML (C14N 1.0 / exclusive C14N) writes text:
// `&`, `<`, `>` and CR are escaped, everything else (quotes, apostrophes — Куп'янськ) stays as it is.
// Our messages are written in their canonical form so that they can be signed without a
// canonicalization pass (see src/signing/sign.ts); attribute values are fixed by us, never escaped.
// Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF, CR; lone surrogates;
// U+FFFE/U+FFFF) are rejected, not dropped: silently changing a person's data is worse than refusing it.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
const SPECIAL = /[&<>\r]/;

export function hasForbiddenXmlCharacter(value: string): boolean {
  return FORBIDDEN.test(value);
}

export function escapeXml(value: string): string {
  if (FORBIDDEN.test(value)) throw new RangeError('value contains a character XML 1.0 cannot represent');
  if (!SPECIAL.test(value)) return value;
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('\r', '&#xD;');
}
