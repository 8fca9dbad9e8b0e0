// Personal data in a stored message is hidden unless an operator reveals it (an audited action).
// The messages are ours (contract v1), so the elements that carry personal data are known by name.
const PERSONAL = [
  'unzr', 'rnokpp', 'lastName', 'firstName', 'patronymic', 'birthDate', 'birthPlace', 'citizenship',
  'series', 'number', 'issuer', 'street', 'building', 'block', 'apartment', 'postalCode', 'actRecordNumber', 'receiptCode',
];
const ELEMENT = new RegExp(`<((?:[A-Za-z_][\\w.-]*:)?(?:${PERSONAL.join('|')}))>[^<]*</\\1>`, 'g');
export const MASK = '•••';

export function maskPersonalData(xml: string): string {
  return xml.replace(ELEMENT, (_m, name: string) => `<${name}>${MASK}</${name}>`);
}
