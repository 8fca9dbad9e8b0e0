// JSON with object keys sorted at every level: two bodies that differ only in key order or
// whitespace have the same canonical form, so "the same event sent again" is recognised.
// Written as one string builder (no entry arrays per object): it runs for every accepted event.
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + (canonicalJson(value[i]) ?? '');
    return out + ']';
  }
  if (value !== null && typeof value === 'object') {
    // default sort: by UTF-16 code units, as `<` compares strings
    const keys = Object.keys(value).sort();
    let out = '{';
    for (const key of keys) {
      const member = (value as Record<string, unknown>)[key];
      if (member === undefined) continue;
      out += (out.length > 1 ? ',' : '') + JSON.stringify(key) + ':' + canonicalJson(member);
    }
    return out + '}';
  }
  return JSON.stringify(value);
}
