// Text clean-up shared by identifiers and documents. Clerks type on mixed keyboards: Latin letters that
// look like Cyrillic ones land in Cyrillic series, dashes come in many shapes, spaces sneak in.

/** Latin capitals that are indistinguishable from Cyrillic ones in print (the set used on number plates). */
const LATIN_TO_CYRILLIC: Readonly<Record<string, string>> = {
  A: 'А', B: 'В', C: 'С', E: 'Е', H: 'Н', I: 'І', K: 'К', M: 'М', O: 'О', P: 'Р', T: 'Т', X: 'Х',
  Ï: 'Ї',
};

/** Cyrillic capitals typed where a Roman numeral was meant (birth-certificate series). */
const CYRILLIC_TO_ROMAN: Readonly<Record<string, string>> = { І: 'I', Х: 'X', С: 'C', Ӏ: 'I' };

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const SPACES = /[\s\u200B-\u200D\u2060\uFEFF]+/g;

/** Trim, compose (NFC: І + combining diaeresis becomes Ї) and upper-case. */
export function canonicalText(raw: string): string {
  return raw.normalize('NFC').trim().toUpperCase();
}

export function unifyDashes(value: string): string {
  return value.replace(DASHES, '-');
}

export function removeSpaces(value: string): string {
  return value.replace(SPACES, '');
}

function mapChars(value: string, table: Readonly<Record<string, string>>): string {
  return Array.from(value, (ch) => table[ch] ?? ch).join('');
}

/** Latin look-alikes turned Cyrillic: `AB` typed in Latin is the passport series `АВ`. */
export function toCyrillicLookalikes(value: string): string {
  return mapChars(value, LATIN_TO_CYRILLIC);
}

/** Cyrillic look-alikes turned into the Latin letters Roman numerals are written with. */
export function toRomanLookalikes(value: string): string {
  return mapChars(value, CYRILLIC_TO_ROMAN);
}
