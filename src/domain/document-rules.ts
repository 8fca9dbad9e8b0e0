// Which document a person may present, and whether its series, number and dates hold together.
// The document is the one the registration goes into (seed 002, "Результат надання послуги").

import type { DocumentType, IdentityDocument, PersonCategory, RegistrationEvent } from './event.ts';
import type { EventFacts } from './event-facts.ts';
import { finding, type Finding } from './findings.ts';
import { CATEGORY_NAMES, DOCUMENT_NAMES } from './document-names.ts';
import { documentFormatProblem, FORMAT_HINTS } from './documents.ts';
import { BIRTH_CERTIFICATE_RULES, inForceOn } from './law-in-force.ts';

/** Documents that carry registration data, by person category; children under 16 may use the birth certificate. */
export const DOCUMENTS_BY_CATEGORY: Readonly<Record<PersonCategory, readonly DocumentType[]>> = {
  citizen: ['passport_booklet', 'id_card', 'temporary_certificate', 'birth_certificate'],
  foreigner: ['temporary_residence_permit', 'permanent_residence_permit', 'asylum_applicant_certificate', 'birth_certificate'],
  stateless: ['temporary_residence_permit', 'permanent_residence_permit', 'asylum_applicant_certificate', 'birth_certificate'],
  refugee: ['refugee_certificate', 'birth_certificate'],
  protection: ['additional_protection_certificate', 'temporary_protection_certificate', 'birth_certificate'],
};

const PERMITS: ReadonlySet<DocumentType> = new Set(['temporary_residence_permit', 'permanent_residence_permit']);

function formatFindings(doc: IdentityDocument, at: string, category: PersonCategory | undefined): Finding[] {
  const problem = documentFormatProblem(doc);
  if (!problem) return [];
  // A non-citizen's birth certificate may be foreign: its format is not ours to judge.
  if (doc.type === 'birth_certificate' && category !== undefined && category !== 'citizen') return [];
  const name = DOCUMENT_NAMES[doc.type];
  const hint = FORMAT_HINTS[doc.type];
  switch (problem) {
    case 'DOCUMENT_SERIES_REQUIRED':
      return [finding(problem, `${at}/series`, `Документ «${name.uk}» має серію: ${hint.uk}.`, `A ${name.en} has a series: ${hint.en}.`)];
    case 'DOCUMENT_SERIES_UNEXPECTED':
      return [finding(problem, `${at}/series`, `Документ «${name.uk}» не має серії: ${hint.uk}.`, `A ${name.en} has no series: ${hint.en}.`)];
    case 'DOCUMENT_SERIES_FORMAT':
      return [finding(problem, `${at}/series`, `Серія документа «${name.uk}» має неправильний вигляд: ${hint.uk}.`, `The series of the ${name.en} is malformed: ${hint.en}.`)];
    case 'DOCUMENT_NUMBER_FORMAT':
      return [finding(problem, `${at}/number`, `Номер документа «${name.uk}» має неправильний вигляд: ${hint.uk}.`, `The number of the ${name.en} is malformed: ${hint.en}.`)];
  }
}

/** issuedOn may not follow the event; a basis document (court decision, notice…) likewise. */
export function issuedAfterEvent(issuedOn: string | undefined, at: string, eventDate: string): Finding[] {
  if (issuedOn === undefined || issuedOn <= eventDate) return [];
  return [finding('DOCUMENT_ISSUED_AFTER_EVENT', at,
    'Документ видано пізніше за дату реєстраційної дії: його не могли пред’явити. Перевірте дату видачі.',
    'The document was issued after the registration act, so it could not have been presented. Check the issue date.')];
}

function dateFindings(doc: IdentityDocument, at: string, birthDate: string | undefined, eventDate: string): Finding[] {
  const out = issuedAfterEvent(doc.issuedOn, `${at}/issuedOn`, eventDate);
  if (doc.issuedOn !== undefined && birthDate !== undefined && doc.issuedOn < birthDate) {
    out.push(finding('DOCUMENT_ISSUED_BEFORE_BIRTH', `${at}/issuedOn`,
      'Документ видано раніше, ніж народилася його власниця чи власник: перевірте дату видачі.',
      'The document was issued before its holder was born: check the issue date.'));
  }
  if (doc.issuedOn !== undefined && doc.validUntil !== undefined && doc.validUntil < doc.issuedOn) {
    out.push(finding('DOCUMENT_VALIDITY_BEFORE_ISSUE', `${at}/validUntil`,
      'Строк дії документа закінчується раніше, ніж його видано: перевірте дати.',
      'The document expires before it was issued: check the dates.'));
  }
  return out;
}

function expiryFindings(doc: IdentityDocument, facts: EventFacts): Finding[] {
  // A deregistration may rest on an expired document (a permit that ran out, a person who died).
  if (!facts.isRegistration || doc.validUntil === undefined || doc.validUntil >= facts.eventDate) return [];
  const name = DOCUMENT_NAMES[doc.type];
  if (PERMITS.has(doc.type)) {
    return [finding('DOCUMENT_PERMIT_EXPIRED', '/document/validUntil',
      `Строк дії документа «${name.uk}» закінчився до дати реєстрації: реєстрація можлива лише за чинною посвідкою.`,
      `The ${name.en} had expired by the registration date: registration needs a valid permit.`)];
  }
  return [finding('DOCUMENT_EXPIRED', '/document/validUntil',
    `Строк дії документа «${name.uk}» закінчився до дати реєстрації. Подію прийнято; перевірте дані.`,
    `The ${name.en} had expired by the registration date. Accepted; please check.`)];
}

function eligibilityFindings(event: RegistrationEvent, facts: EventFacts): Finding[] {
  const out: Finding[] = [];
  const { document: doc, person, birthCertificate } = event;
  const name = DOCUMENT_NAMES[doc.type];
  const allowed = DOCUMENTS_BY_CATEGORY[person.category];
  if (!allowed.includes(doc.type)) {
    const list = (lang: 'uk' | 'en'): string => allowed.map((t) => DOCUMENT_NAMES[t][lang]).join('; ');
    out.push(finding('DOCUMENT_NOT_FOR_CATEGORY', '/document/type',
      `Документ «${name.uk}» не подається для ${CATEGORY_NAMES[person.category].uk}. Можливі документи: ${list('uk')}.`,
      `A ${name.en} is not a document of ${CATEGORY_NAMES[person.category].en}. Possible documents: ${list('en')}.`));
  }
  if (doc.type === 'asylum_applicant_certificate' && event.type.startsWith('residence.')) {
    out.push(finding('DOCUMENT_STAY_ONLY', '/document/type',
      'До довідки про звернення за захистом вносять лише місце перебування: використайте подію stay.registered або stay.deregistered.',
      'An asylum applicant’s certificate records a place of stay only: use stay.registered or stay.deregistered.'));
  }
  const childRules = facts.birthDateUsable && facts.personApplies;
  if (childRules && doc.type === 'birth_certificate' && facts.age >= 16) {
    out.push(finding('DOCUMENT_BIRTH_CERTIFICATE_AGE', '/document/type',
      'З 16 років свідоцтво про народження не є документом для реєстрації: потрібен паспорт або інший документ особи.',
      'From the age of 16 a birth certificate is not the registration document: send the passport or another identity document.'));
  }
  if (birthCertificate !== undefined && birthCertificate.type !== 'birth_certificate') {
    out.push(finding('DOCUMENT_TYPE_MISMATCH', '/birthCertificate/type',
      'У полі birthCertificate може бути лише свідоцтво про народження (type = birth_certificate).',
      'birthCertificate may only hold a birth certificate (type = birth_certificate).'));
  }
  out.push(...birthCertificateFindings(event, facts));
  return out;
}

/**
 * The birth certificate beside the passport: under 16 before CMU 265 (seeds/002_82faffbd1df109ee.txt
 * l.101, l.149), under 14 from it (law-in-force.ts). The age limit is the one in force on the event date.
 */
function birthCertificateFindings(event: RegistrationEvent, facts: EventFacts): Finding[] {
  const rule = inForceOn(BIRTH_CERTIFICATE_RULES, facts.eventDate);
  const { document: doc, birthCertificate } = event;
  const hasBirthCertificate = doc.type === 'birth_certificate' || birthCertificate?.type === 'birth_certificate';
  const childRules = facts.birthDateUsable && facts.personApplies;
  // єМалятко is never refused for missing documents (seed 002 l.205).
  if (!rule || !childRules || facts.age >= rule.requiredUnder || hasBirthCertificate || event.channel === 'emalyatko') return [];
  const under = rule.requiredUnder;
  return [finding('BIRTH_CERTIFICATE_REQUIRED', '/birthCertificate',
    `На дату реєстраційної дії для особи, якій не виповнилося ${under} років, потрібне також свідоцтво про народження.`,
    `On the date of the act a person under ${under} also needs a birth certificate.`)];
}

export function checkDocuments(event: RegistrationEvent, facts: EventFacts): Finding[] {
  const { person, applicant, deregistration } = event;
  const docs: Array<[IdentityDocument | undefined, string, string | undefined, PersonCategory | undefined]> = [
    [event.document, '/document', person.birthDate, person.category],
    [event.birthCertificate, '/birthCertificate', person.birthDate, person.category],
    [applicant?.document, '/applicant/document', applicant?.birthDate, undefined],
  ];
  const out: Finding[] = [];
  for (const [doc, at, birthDate, category] of docs) {
    if (doc) out.push(...formatFindings(doc, at, category), ...dateFindings(doc, at, birthDate, facts.eventDate));
  }
  out.push(
    ...eligibilityFindings(event, facts),
    ...expiryFindings(event.document, facts),
    ...issuedAfterEvent(applicant?.authority?.issuedOn, '/applicant/authority/issuedOn', facts.eventDate),
    ...issuedAfterEvent(deregistration?.basisDocument?.issuedOn, '/deregistration/basisDocument/issuedOn', facts.eventDate),
    ...issuedAfterEvent(deregistration?.guardianshipApproval?.issuedOn, '/deregistration/guardianshipApproval/issuedOn', facts.eventDate),
  );
  return out;
}
