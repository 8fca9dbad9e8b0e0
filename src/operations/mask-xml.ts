// Personal data in a stored message is hidden unless an operator reveals it (an audited action).
// The elements that carry personal data are known by name (our contract v1, DMS's callbacks). DMS's
// messages are not written by us: an element may carry attributes (a namespace declaration) and its
// text may come in CDATA or be split by a comment, all of which are masked too.
const PERSONAL = [
  'unzr', 'rnokpp', 'lastName', 'firstName', 'patronymic', 'birthDate', 'birthPlace', 'citizenship',
  'series', 'number', 'issuer', 'street', 'building', 'block', 'apartment', 'postalCode', 'actRecordNumber', 'receiptCode',
];
/** Text, CDATA sections, comments and processing instructions: what an element of text may hold. */
const TEXT = String.raw`(?:[^<]|<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>)*`;
const ELEMENT = new RegExp(String.raw`<((?:[A-Za-z_][\w.-]*:)?(?:${PERSONAL.join('|')}))(\s[^>]*?)?(?<!/)>${TEXT}</\1\s*>`, 'g');
export const MASK = '•••';

export function maskPersonalData(xml: string): string {
  return xml.replace(ELEMENT, (_m, name: string, attributes: string | undefined) => `<${name}${attributes ?? ''}>${MASK}</${name}>`);
}
