// RFC 3339 allows forms XML Schema's xs:dateTime does not (a space or lower-case "t", "z",
// offsets without a colon). The gateway keeps the instant and the offset the register sent, in the
// one spelling both accept, so an accepted event always fits the DMS contract.
const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}(?::?\d{2})?)$/;

export function normaliseDateTime(value: string): string | null {
  const m = RFC3339.exec(value);
  if (!m) return null;
  const [, date, time, fraction = '', zone = ''] = m as unknown as [string, string, string, string?, string?];
  if (time.endsWith(':60')) return null; // a leap second has no xs:dateTime spelling
  let offset = zone.toUpperCase();
  if (offset !== 'Z') {
    const digits = offset.replace(':', '');
    offset = `${digits.slice(0, 3)}:${digits.slice(3, 5) || '00'}`;
  }
  return `${date}T${time}${fraction}${offset}`;
}
