// Who may apply for whom. Source: seeds/002_82faffbd1df109ee.txt (seed 002): a child under 14 cannot
// apply alone (refusal reason 3, l.201) and is represented by a parent or legal representative; a
// representative shows their own identity document and the document giving authority — a power of
// attorney for a representative by proxy (l.88, l.116-118, l.153-155); a child under 14 is registered
// online on the parents' application signed with a qualified e-signature (l.125-128).

import { ageOn } from './ages.ts';
import type { Applicant, BasisDocumentKind, RegistrationEvent } from './event.ts';
import type { EventFacts } from './event-facts.ts';
import { finding, type Finding } from './findings.ts';

export const MIN_AGE_TO_APPLY = 14;
export const ADULT_AGE = 18;

function citizenshipFindings(event: RegistrationEvent): Finding[] {
  const { category, citizenship } = event.person;
  const stateless = category === 'stateless' && citizenship !== undefined;
  const ukrainianForeigner = category !== 'citizen' && category !== 'stateless' && citizenship === 'UKR';
  if (!stateless && !ukrainianForeigner) return [];
  return [finding('PERSON_CITIZENSHIP_CONFLICT', '/person/citizenship',
    stateless
      ? 'Для особи без громадянства не зазначають громадянство.'
      : 'Громадянин України не може бути іноземцем, біженцем чи особою під захистом в Україні: перевірте категорію або громадянство.',
    stateless
      ? 'A stateless person has no citizenship to send.'
      : 'A Ukrainian citizen cannot be a foreigner, refugee or protected person in Ukraine: check the category or citizenship.')];
}

function missingApplicantFindings(event: RegistrationEvent, facts: EventFacts): Finding[] {
  // Under єМалятко the parents applied through ДРАЦС: the child never applies alone there.
  if (event.applicant || !facts.personApplies || !facts.birthDateUsable) return [];
  if (facts.age >= MIN_AGE_TO_APPLY || event.channel === 'emalyatko') return [];
  return [finding('PERSON_UNDER_14_ALONE', '/applicant',
    'Особа, якій не виповнилося 14 років, не може звернутися сама (підстава для відмови №3): заяву подає один із батьків або законний представник — передайте його в полі applicant.',
    'A person under 14 cannot apply alone (refusal reason 3): a parent or legal representative applies, sent in applicant.')];
}

/** Who may act for the person. On a death certificate, a court decision or a notice the applicant only hands in the basis: the question does not arise. */
function representationFindings(applicant: Applicant, facts: EventFacts): Finding[] {
  if (!facts.personApplies) return [];
  const out: Finding[] = [];
  const childByProxy = facts.birthDateUsable && facts.age < MIN_AGE_TO_APPLY && applicant.role === 'representative';
  const adultByParent = facts.birthDateUsable && facts.age >= ADULT_AGE && applicant.role === 'parent';
  if (childByProxy) {
    out.push(finding('APPLICANT_ROLE_NOT_ALLOWED', '/applicant/role',
      'За дитину до 14 років звертається один із батьків або законний представник (role = parent або legal_representative), а не представник за довіреністю.',
      'A child under 14 is represented by a parent or legal representative (role parent or legal_representative), not by proxy.'));
  }
  if (adultByParent) {
    out.push(finding('APPLICANT_ROLE_NOT_ALLOWED', '/applicant/role',
      'Батьки не є законними представниками повнолітньої особи: за неї звертається представник за довіреністю (role = representative) або опікун (legal_representative).',
      'Parents do not represent an adult: use representative (power of attorney) or legal_representative (guardian).'));
  }
  if (applicant.role !== 'parent' && applicant.authority === undefined) {
    out.push(finding('APPLICANT_AUTHORITY_REQUIRED', '/applicant/authority',
      'Представник подає документ, що підтверджує його повноваження (довіреність, рішення про опіку): передайте його в applicant.authority.',
      'A representative shows the document giving them authority (power of attorney, guardianship decision): send it in applicant.authority.'));
  }
  const kind = applicant.authority?.kind;
  if (applicant.role === 'representative' && kind !== undefined && !PROXY_AUTHORITY_KINDS.has(kind)) {
    out.push(finding('APPLICANT_AUTHORITY_KIND', '/applicant/authority/kind',
      'Представник за довіреністю (role = representative) пред’являє довіреність, посвідчену в установленому законом порядку: applicant.authority.kind = power_of_attorney.',
      'A representative by proxy (role representative) presents a power of attorney certified as the law requires: applicant.authority.kind power_of_attorney.'));
  }
  return out;
}

/**
 * What a power of attorney may be sent as: `other` stays accepted because contract v1 had no
 * power_of_attorney kind before; a death certificate, a court decision or a notice is not one.
 */
const PROXY_AUTHORITY_KINDS: ReadonlySet<BasisDocumentKind> = new Set(['power_of_attorney', 'other']);

/**
 * In person (ЦНАП) a representative — a parent included (l.116-118: the exception for parents covers
 * the authority document only) — shows their own identity document. Online the qualified e-signature
 * identifies them, and єМалятко rests on ДРАЦС data alone (l.123, l.127).
 */
function representativeDocumentFindings(event: RegistrationEvent, applicant: Applicant, facts: EventFacts): Finding[] {
  if (!facts.personApplies || event.channel !== 'cnap' || applicant.document !== undefined) return [];
  return [finding('APPLICANT_DOCUMENT_REQUIRED', '/applicant/document',
    'Коли заяву подає представник (зокрема один із батьків), він пред’являє документ, що посвідчує його особу: передайте його в applicant.document.',
    'When a representative (a parent included) applies, they present their own identity document: send it in applicant.document.')];
}

/** Online, a child under 14 is registered on the application of the parents or one of them (l.125). */
function electronicChildFindings(event: RegistrationEvent, applicant: Applicant, facts: EventFacts): Finding[] {
  const child = facts.birthDateUsable && facts.age < MIN_AGE_TO_APPLY;
  // A proxy for a child is already APPLICANT_ROLE_NOT_ALLOWED on every channel.
  if (event.channel !== 'electronic' || !facts.personApplies || !child || applicant.role !== 'legal_representative') return [];
  return [finding('ELECTRONIC_CHILD_APPLICANT_NOT_PARENT', '/applicant/role',
    'В електронній формі місце проживання дитини до 14 років реєструють лише за заявою батьків (одного з них), підписаною кваліфікованим електронним підписом; опікун або інший представник звертається до органу реєстрації особисто (channel = cnap).',
    'Online, a child under 14 is registered only on the application of the parents (or one of them) signed with a qualified e-signature; a guardian or another representative applies in person (channel cnap).')];
}

function applicantIdentityFindings(event: RegistrationEvent, applicant: Applicant, facts: EventFacts): Finding[] {
  const out: Finding[] = [];
  const born = applicant.birthDate;
  if (born !== undefined && born <= facts.eventDate && ageOn(born, facts.eventDate) < MIN_AGE_TO_APPLY) {
    out.push(finding('APPLICANT_UNDER_14', '/applicant/birthDate',
      'Заявникові не виповнилося 14 років: така особа не може подавати заяву (підстава для відмови №3).',
      'The applicant is under 14 and cannot apply (refusal reason 3).'));
  }
  if (applicant.unzr !== undefined && applicant.unzr === event.person.unzr) {
    out.push(finding('APPLICANT_SAME_AS_PERSON', '/applicant/unzr',
      'УНЗР заявника збігається з УНЗР особи: коли особа звертається сама, поле applicant не передають.',
      'The applicant’s УНЗР is the person’s own: when people apply for themselves, leave applicant out.'));
  }
  return out;
}

export function checkPeople(event: RegistrationEvent, facts: EventFacts): Finding[] {
  const applicant = event.applicant;
  return [
    ...citizenshipFindings(event),
    ...missingApplicantFindings(event, facts),
    ...(applicant
      ? [
          ...representationFindings(applicant, facts),
          ...applicantIdentityFindings(event, applicant, facts),
          ...representativeDocumentFindings(event, applicant, facts),
          ...electronicChildFindings(event, applicant, facts),
        ]
      : []),
  ];
}
