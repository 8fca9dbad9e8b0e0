// Series and number formats of identity documents, and their normalisation. Normalising first
// (trim, NFC, upper case, look-alikes, spaces) lets lawful but sloppily typed values through; the
// normalised value is what DMS receives. Formats marked [unconfirmed] in domain.md are checked loosely.

import type { DocumentType, IdentityDocument } from './event.ts';
import { canonicalText, removeSpaces, toCyrillicLookalikes, toRomanLookalikes, unifyDashes } from './normalise.ts';

/** Ukrainian capitals; Ы Ъ Э Ё never appear in a Ukrainian series. */
const UA = 'АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ';
const CYRILLIC_2 = new RegExp(`^[${UA}]{2}$`);
const CYRILLIC_1_4 = new RegExp(`^[${UA}]{1,4}$`);
/** Roman numerals 1–89, as series of birth certificates use them. */
const ROMAN_SOURCE = '(?=[IVXL])(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})';
const ROMAN = new RegExp(`^${ROMAN_SOURCE}$`);
const BIRTH_SERIES = new RegExp(`^${ROMAN_SOURCE}-[${UA}]{2}$`);

export type DocumentFormatProblem =
  | 'DOCUMENT_SERIES_REQUIRED'
  | 'DOCUMENT_SERIES_UNEXPECTED'
  | 'DOCUMENT_SERIES_FORMAT'
  | 'DOCUMENT_NUMBER_FORMAT';

/** One accepted shape: a series pattern (absent = the document has no series) and a number pattern. */
interface Shape {
  series?: RegExp;
  number: RegExp;
}

const SIX = /^\d{6}$/;
const NINE = /^\d{9}$/;
const PERMIT_BOOKLET = /^(\d{4,6}|\d{5}\/\d{5})$/;

const SHAPES: Readonly<Record<DocumentType, readonly Shape[]>> = {
  passport_booklet: [{ series: CYRILLIC_2, number: SIX }],
  id_card: [{ number: NINE }],
  // [unconfirmed] format: digits, with or without a short Cyrillic series.
  temporary_certificate: [{ number: /^\d{4,12}$/ }, { series: CYRILLIC_1_4, number: /^\d{4,12}$/ }],
  // Cards since 2018: 9 digits [unconfirmed]; older booklets as eHealth accepts them: LL + digits.
  temporary_residence_permit: [{ number: NINE }, { series: CYRILLIC_2, number: PERMIT_BOOKLET }],
  permanent_residence_permit: [{ number: NINE }, { series: CYRILLIC_2, number: PERMIT_BOOKLET }],
  // eHealth: 2 Cyrillic letters + 6 digits; a 9-digit card form is let through [unconfirmed].
  refugee_certificate: [{ series: CYRILLIC_2, number: SIX }, { number: NINE }],
  additional_protection_certificate: [{ series: CYRILLIC_2, number: SIX }, { number: NINE }],
  temporary_protection_certificate: [{ series: CYRILLIC_2, number: SIX }, { number: NINE }],
  // [unconfirmed] format: a number of up to 12 digits, maybe a short series.
  asylum_applicant_certificate: [{ number: /^\d{1,12}$/ }, { series: CYRILLIC_1_4, number: /^\d{1,12}$/ }],
  birth_certificate: [{ series: BIRTH_SERIES, number: SIX }],
};

/** A birth-certificate series: Roman numeral, hyphen, two Cyrillic letters (`I-БК`). */
export function normaliseBirthSeries(raw: string): string {
  const typed = canonicalText(raw);
  const text = removeSpaces(unifyDashes(typed.replace(/\s+/g, '-')));
  const match = /^(.+?)-?(..)$/u.exec(text);
  const romanPart = match ? toRomanLookalikes(match[1]!.replace(/-+$/, '')) : '';
  // Anything else (a foreign certificate) keeps its own spelling, only trimmed and upper-cased.
  return match && ROMAN.test(romanPart) ? `${romanPart}-${toCyrillicLookalikes(match[2]!)}` : typed;
}

function normaliseSeries(type: DocumentType, raw: string): string {
  return type === 'birth_certificate'
    ? normaliseBirthSeries(raw)
    : removeSpaces(toCyrillicLookalikes(canonicalText(raw)));
}

function acceptsSeries(type: DocumentType): boolean {
  return SHAPES[type].some((shape) => shape.series !== undefined);
}

/**
 * Normalised copy of a document. When the series was typed into the number field (`АВ 123456`,
 * `I-БК 123456`) and the type has series, it is split off.
 */
export function normaliseDocument<T extends IdentityDocument>(doc: T): T {
  let number = removeSpaces(unifyDashes(canonicalText(doc.number)));
  let series = doc.series;
  if (series === undefined && acceptsSeries(doc.type)) {
    const combined = /^(\D*\D)-?(\d[\d/]*)$/u.exec(unifyDashes(canonicalText(doc.number)).replace(/\s+/g, ' '));
    if (combined && /\p{L}/u.test(combined[1]!)) {
      series = combined[1]!.replace(/[\s-]+$/, '');
      number = removeSpaces(combined[2]!);
    }
  }
  const copy = { ...doc, number };
  delete copy.series;
  const normalisedSeries = series === undefined ? '' : normaliseSeries(doc.type, series);
  // A series of nothing but spaces is no series at all.
  if (normalisedSeries !== '') copy.series = normalisedSeries;
  return copy;
}

/** What is wrong with a normalised document's series and number, or undefined. */
export function documentFormatProblem(doc: IdentityDocument): DocumentFormatProblem | undefined {
  const shapes = SHAPES[doc.type];
  const fits = (shape: Shape): boolean =>
    shape.number.test(doc.number) &&
    (doc.series === undefined ? shape.series === undefined : shape.series?.test(doc.series) === true);
  if (shapes.some(fits)) return undefined;
  if (doc.series === undefined && shapes.every((s) => s.series !== undefined)) return 'DOCUMENT_SERIES_REQUIRED';
  if (doc.series !== undefined && shapes.every((s) => s.series === undefined)) return 'DOCUMENT_SERIES_UNEXPECTED';
  if (doc.series !== undefined && !shapes.some((s) => s.series?.test(doc.series!))) return 'DOCUMENT_SERIES_FORMAT';
  return 'DOCUMENT_NUMBER_FORMAT';
}

/** How each document's series and number look, for messages a clerk can act on. */
export const FORMAT_HINTS: Readonly<Record<DocumentType, { uk: string; en: string }>> = {
  passport_booklet: { uk: 'серія — дві літери кирилицею, номер — 6 цифр (АВ 123456)', en: 'series of two Cyrillic letters, number of 6 digits (АВ 123456)' },
  id_card: { uk: 'номер — 9 цифр, без серії', en: 'a 9-digit number, no series' },
  temporary_certificate: { uk: 'номер — від 4 до 12 цифр, серія (якщо є) — до 4 літер кирилицею', en: 'a number of 4–12 digits, an optional series of up to 4 Cyrillic letters' },
  temporary_residence_permit: { uk: 'картка — номер із 9 цифр без серії; книжечка — серія з двох літер кирилицею і номер', en: 'a card: 9 digits, no series; a booklet: two Cyrillic letters and a number' },
  permanent_residence_permit: { uk: 'картка — номер із 9 цифр без серії; книжечка — серія з двох літер кирилицею і номер', en: 'a card: 9 digits, no series; a booklet: two Cyrillic letters and a number' },
  refugee_certificate: { uk: 'серія — дві літери кирилицею, номер — 6 цифр', en: 'series of two Cyrillic letters, number of 6 digits' },
  additional_protection_certificate: { uk: 'серія — дві літери кирилицею, номер — 6 цифр', en: 'series of two Cyrillic letters, number of 6 digits' },
  temporary_protection_certificate: { uk: 'серія — дві літери кирилицею, номер — 6 цифр', en: 'series of two Cyrillic letters, number of 6 digits' },
  asylum_applicant_certificate: { uk: 'номер — до 12 цифр', en: 'a number of up to 12 digits' },
  birth_certificate: { uk: 'серія — римське число, дефіс і дві літери кирилицею (I-БК), номер — 6 цифр', en: 'series of a Roman numeral, a hyphen and two Cyrillic letters (I-БК), number of 6 digits' },
};
