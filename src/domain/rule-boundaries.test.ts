// The edges of each rule that the tables in rules.test.ts leave out: the day a limit is reached
// (14, 16, 18, 125 years; the day of the act; three months after the birth registration), and the
// lawful neighbours of every refused case (another role, another channel, a field left out).
import { describe, expect, it } from 'vitest';
import citizenIdCard from '../../contracts/events/v1/examples/residence-registered.citizen-id-card.json' with { type: 'json' };
import newbornEmalyatko from '../../contracts/events/v1/examples/residence-registered.newborn-emalyatko.json' with { type: 'json' };
import newbornAtCnap from '../../contracts/events/v1/examples/residence-registered.newborn-at-cnap-paid-on-time.json' with { type: 'json' };
import childParentsApart from '../../contracts/events/v1/examples/residence-registered.child-under-14-parents-apart.json' with { type: 'json' };
import childElectronic from '../../contracts/events/v1/examples/residence-registered.child-electronic-qes-consent.json' with { type: 'json' };
import foreignerPermit from '../../contracts/events/v1/examples/residence-registered.foreigner-temporary-residence-permit.json' with { type: 'json' };
import guardianMove from '../../contracts/events/v1/examples/residence-moved.guardian-moves-ward-with-approval.json' with { type: 'json' };
import teenager from '../../contracts/events/v1/examples/residence-registered.teenager-id-card-and-birth-certificate.json' with { type: 'json' };
import deregApplication from '../../contracts/events/v1/examples/residence-deregistered.application.json' with { type: 'json' };
import deregDeath from '../../contracts/events/v1/examples/residence-deregistered.death-certificate.json' with { type: 'json' };
import deregPermitExpired from '../../contracts/events/v1/examples/residence-deregistered.permit-expired.json' with { type: 'json' };
import deregGuardian from '../../contracts/events/v1/examples/residence-deregistered.guardian-with-approval.json' with { type: 'json' };
import deregEmigration from '../../contracts/events/v1/examples/residence-deregistered.emigration.json' with { type: 'json' };
import asylum from '../../contracts/events/v1/examples/stay-registered.asylum-applicant.json' with { type: 'json' };
import movedFromKupiansk from '../../contracts/events/v1/examples/residence-moved.from-kupiansk.json' with { type: 'json' };
import type { Applicant, RegistrationEvent } from './event.ts';
import { applyRules, type RuleContext } from './rules.ts';
import { makeUnzr } from './unzr.ts';

const CTX: RuleContext = { today: '2026-11-23', feeMismatch: 'reject' };
type Mutable = RegistrationEvent & Record<string, unknown>;
type Case = [name: string, base: unknown, mutate: (e: Mutable) => void, code: string, triggered: boolean];

function codes(base: unknown, mutate: (e: Mutable) => void, ctx: RuleContext = CTX): string[] {
  const event = structuredClone(base) as Mutable;
  mutate(event);
  const { issues, warnings } = applyRules(event, ctx);
  return [...issues, ...warnings].map((f) => f.code);
}

/** The person born on `birthDate`, with an УНЗР to match and no РНОКПП (a child has none). */
function bornOn(e: Mutable, birthDate: string): void {
  e.person.birthDate = birthDate;
  e.person.unzr = makeUnzr(birthDate, 1893);
  delete e.person.rnokpp;
}

const guardian = (): Applicant => ({
  role: 'legal_representative', lastName: 'Левченко', firstName: 'Галина', document: { type: 'passport_booklet', series: 'СО', number: '207315' },
  authority: { kind: 'other', number: '415', issuedOn: '2024-05-16' },
});
const proxy = (): Applicant => ({
  role: 'representative', lastName: 'Гончаренко', firstName: 'Олег', document: { type: 'passport_booklet', series: 'СО', number: '118452' },
  authority: { kind: 'power_of_attorney', number: '1452', issuedOn: '2026-09-30' },
});
const parent = (): Applicant => ({
  role: 'parent', lastName: 'Кравчук', firstName: 'Андрій', document: { type: 'id_card', number: '003311208' }, parentsLiveApart: true,
});

function table(title: string, cases: Case[]): void {
  describe(title, () => {
    it.each(cases)('%s', (_name, base, mutate, code, triggered) => {
      const found = codes(base, mutate);
      if (triggered) expect(found).toContain(code);
      else expect(found).not.toContain(code);
    });
  });
}

// The teenager example acts on 2026-11-11; the citizen's on 2026-11-20; the child's at the ЦНАП and online on 2026-11-12.
table('ages at their limits', [
  ['a 14-year-old by proxy', teenager, (e) => { bornOn(e, '2012-11-11'); e.applicant = proxy(); }, 'APPLICANT_ROLE_NOT_ALLOWED', false],
  ['a child a day short of 14 by proxy', teenager, (e) => { bornOn(e, '2012-11-12'); e.applicant = proxy(); }, 'APPLICANT_ROLE_NOT_ALLOWED', true],
  ['a 17-year-old by a parent', citizenIdCard, (e) => { bornOn(e, '2008-11-21'); e.applicant = parent(); }, 'APPLICANT_ROLE_NOT_ALLOWED', false],
  ['an 18-year-old on the day, by a parent', citizenIdCard, (e) => { bornOn(e, '2008-11-20'); e.applicant = parent(); }, 'APPLICANT_ROLE_NOT_ALLOWED', true],
  ['a guardian registers a 14-year-old online', teenager, (e) => { bornOn(e, '2012-11-11'); e.channel = 'electronic'; e.applicant = guardian(); }, 'ELECTRONIC_CHILD_APPLICANT_NOT_PARENT', false],
  ['a guardian registers a child a day short of 14 online', teenager, (e) => { bornOn(e, '2012-11-12'); e.channel = 'electronic'; e.applicant = guardian(); }, 'ELECTRONIC_CHILD_APPLICANT_NOT_PARENT', true],
  ['an applicant turning 14 on the day', childParentsApart, (e) => { delete e.applicant!.unzr; e.applicant!.birthDate = '2012-11-12'; }, 'APPLICANT_UNDER_14', false],
  ['an applicant a day short of 14', childParentsApart, (e) => { delete e.applicant!.unzr; e.applicant!.birthDate = '2012-11-13'; }, 'APPLICANT_UNDER_14', true],
  ['an applicant’s birth date after the act is not an age', childParentsApart, (e) => { delete e.applicant!.unzr; e.applicant!.birthDate = '2026-11-13'; }, 'APPLICANT_UNDER_14', false],
  ['a 14-year-old without birth certificate', teenager, (e) => { bornOn(e, '2012-11-11'); delete e.birthCertificate; }, 'BIRTH_CERTIFICATE_REQUIRED', false],
  ['a 16-year-old on a birth certificate', teenager, (e) => {
    bornOn(e, '2010-11-11'); e.document = { type: 'birth_certificate', series: 'I-БК', number: '127406' }; delete e.birthCertificate;
  }, 'DOCUMENT_BIRTH_CERTIFICATE_AGE', true],
  ['a child a day short of 16 on a birth certificate', teenager, (e) => {
    bornOn(e, '2010-11-12'); e.document = { type: 'birth_certificate', series: 'I-БК', number: '127406' }; delete e.birthCertificate;
  }, 'DOCUMENT_BIRTH_CERTIFICATE_AGE', false],
  ['a 17-year-old deregistered on a death certificate, on a birth certificate', deregDeath, (e) => {
    bornOn(e, '2009-05-01'); e.document = { type: 'birth_certificate', series: 'I-БК', number: '127406' };
  }, 'DOCUMENT_BIRTH_CERTIFICATE_AGE', false],
  ['єМалятко for a 14-year-old', teenager, (e) => { bornOn(e, '2012-11-11'); e.channel = 'emalyatko'; }, 'EMALYATKO_CHILD_TOO_OLD', true],
  ['єМалятко for a child a day short of 14', teenager, (e) => { bornOn(e, '2012-11-12'); e.channel = 'emalyatko'; }, 'EMALYATKO_CHILD_TOO_OLD', false],
  ['a 14-year-old, parents apart, no consent', teenager, (e) => { bornOn(e, '2012-11-11'); e.applicant = parent(); }, 'CONSENT_REQUIRED', false],
  ['a child a day short of 14, parents apart, no consent', teenager, (e) => { bornOn(e, '2012-11-12'); e.applicant = parent(); }, 'CONSENT_REQUIRED', true],
  ['125 years old on the day', citizenIdCard, (e) => { e.person.birthDate = '1901-11-20'; delete e.person.unzr; delete e.person.rnokpp; e.document = { type: 'passport_booklet', series: 'СО', number: '418275' }; }, 'PERSON_BIRTH_DATE_IMPLAUSIBLE', false],
  ['126 years old on the day', citizenIdCard, (e) => { e.person.birthDate = '1900-11-20'; delete e.person.unzr; delete e.person.rnokpp; e.document = { type: 'passport_booklet', series: 'СО', number: '418275' }; }, 'PERSON_BIRTH_DATE_IMPLAUSIBLE', true],
  ['an applicant born on the day of the act', childParentsApart, (e) => { delete e.applicant!.unzr; e.applicant!.birthDate = '2026-11-12'; }, 'APPLICANT_UNDER_14', true],
  ['a guardian online for a child born after the act: no age to judge', childElectronic, (e) => { e.person.birthDate = '2026-11-13'; e.applicant = guardian(); }, 'ELECTRONIC_CHILD_APPLICANT_NOT_PARENT', false],
  ['parents apart, no consent, a child born after the act: no age to judge', childParentsApart, (e) => {
    e.person.birthDate = '2026-11-13'; delete e.applicant!.otherParentConsent;
  }, 'CONSENT_REQUIRED', false],
  ['a child born after the act, with no applicant', childParentsApart, (e) => { delete e.applicant; e.person.birthDate = '2026-11-13'; }, 'PERSON_UNDER_14_ALONE', false],
]);

table('dates on the day of the act', [
  ['born on the day of receipt', citizenIdCard, (e) => { e.person.birthDate = '2026-11-23'; }, 'PERSON_BIRTH_DATE_IN_FUTURE', false],
  ['arrived on the day of the registration', citizenIdCard, (e) => { e.arrivedOn = '2026-11-20'; }, 'ARRIVED_ON_AFTER_EVENT', false],
  ['arrived on the day of birth', newbornEmalyatko, (e) => { e.arrivedOn = '2026-10-20'; }, 'ARRIVED_ON_BEFORE_BIRTH', false],
  ['an ID card issued on the day of the act', citizenIdCard, (e) => { e.document.issuedOn = '2026-11-20'; }, 'DOCUMENT_ISSUED_AFTER_EVENT', false],
  ['a birth certificate issued on the day of birth', newbornEmalyatko, (e) => { e.document.issuedOn = '2026-10-20'; }, 'DOCUMENT_ISSUED_BEFORE_BIRTH', false],
  ['a document valid only on its day of issue', citizenIdCard, (e) => { e.document.validUntil = e.document.issuedOn; }, 'DOCUMENT_VALIDITY_BEFORE_ISSUE', false],
  ['an ID card valid through the day of the act', citizenIdCard, (e) => { e.document.validUntil = '2026-11-20'; }, 'DOCUMENT_EXPIRED', false],
  ['an ID card expired the day before the act', citizenIdCard, (e) => { e.document.validUntil = '2026-11-19'; }, 'DOCUMENT_EXPIRED', true],
  ['an expired ID card on a deregistration', deregEmigration, (e) => { e.document.validUntil = '2026-01-01'; }, 'DOCUMENT_EXPIRED', false],
  ['consent given on the day of the act', childParentsApart, (e) => { e.applicant!.otherParentConsent!.givenOn = '2026-11-12'; }, 'CONSENT_AFTER_EVENT', false],
  ['birth registered on the day of birth', newbornEmalyatko, (e) => { e.birthRegistration!.registeredOn = '2026-10-20'; }, 'BIRTH_REGISTRATION_DATE_INCONSISTENT', false],
  ['birth registered on the day of the act', newbornEmalyatko, (e) => { e.birthRegistration!.registeredOn = '2026-11-21'; }, 'BIRTH_REGISTRATION_DATE_INCONSISTENT', false],
  ['birth registered after the act', newbornEmalyatko, (e) => { e.birthRegistration!.registeredOn = '2026-11-22'; }, 'BIRTH_REGISTRATION_DATE_INCONSISTENT', true],
]);

table('who applies: the lawful neighbours', [
  ['a citizen sending UKR as citizenship', citizenIdCard, (e) => { e.person.citizenship = 'UKR'; }, 'PERSON_CITIZENSHIP_CONFLICT', false],
  ['a stateless person without citizenship', asylum, (e) => { e.person.category = 'stateless'; delete e.person.citizenship; }, 'PERSON_CITIZENSHIP_CONFLICT', false],
  ['a foreigner of another state', asylum, () => {}, 'PERSON_CITIZENSHIP_CONFLICT', false],
  ['a guardian with a decision', childParentsApart, (e) => { e.applicant = guardian(); }, 'APPLICANT_AUTHORITY_REQUIRED', false],
  ['a guardian’s decision sent as a death certificate is not judged as a proxy', childParentsApart, (e) => {
    e.applicant = { ...guardian(), authority: { kind: 'death_certificate', number: '1', issuedOn: '2024-05-16' } };
  }, 'APPLICANT_AUTHORITY_KIND', false],
  ['a representative without authority', deregEmigration, (e) => { delete e.applicant!.authority; }, 'APPLICANT_AUTHORITY_REQUIRED', true],
  ['a representative without authority has no kind to judge', deregEmigration, (e) => { delete e.applicant!.authority; }, 'APPLICANT_AUTHORITY_KIND', false],
  ['neither applicant nor person has an УНЗР', childParentsApart, (e) => { delete e.applicant!.unzr; }, 'APPLICANT_SAME_AS_PERSON', false],
  ['a guardian registers a ward: no move, no approval needed', childParentsApart, (e) => { e.applicant = guardian(); }, 'MOVE_GUARDIANSHIP_APPROVAL_REQUIRED', false],
  ['a guardian hands in a ward’s death certificate', deregDeath, (e) => { e.applicant = guardian(); }, 'DEREGISTRATION_GUARDIANSHIP_APPROVAL_REQUIRED', false],
  ['a parent deregisters a child', deregGuardian, (e) => { e.applicant = parent(); delete e.deregistration!.guardianshipApproval; }, 'DEREGISTRATION_GUARDIANSHIP_APPROVAL_REQUIRED', false],
  ['a guardian, no consent asked', childParentsApart, (e) => { e.applicant = { ...guardian(), parentsLiveApart: true }; }, 'CONSENT_REQUIRED', false],
  ['parents’ addresses not said', childParentsApart, (e) => { delete e.applicant!.otherParentConsent; delete e.applicant!.parentsLiveApart; }, 'CONSENT_REQUIRED', false],
  ['parents apart, child deregistered on a death certificate', deregDeath, (e) => {
    bornOn(e, '2016-10-03'); e.document = { type: 'birth_certificate', series: 'I-БК', number: '274519' }; e.applicant = parent();
  }, 'CONSENT_REQUIRED', false],
  ['paper consent at the ЦНАП', childParentsApart, (e) => { e.applicant!.otherParentConsent!.form = 'certified_written'; }, 'CONSENT_FORM_NOT_ALLOWED', false],
  ['online, a court decision instead of consent', childElectronic, (e) => { e.applicant!.otherParentConsent!.form = 'court_decision'; }, 'CONSENT_FORM_NOT_ALLOWED', false],
  ['online, a guardianship decision instead of consent', childElectronic, (e) => { e.applicant!.otherParentConsent!.form = 'guardianship_decision'; }, 'CONSENT_FORM_NOT_ALLOWED', false],
  ['online, in-person consent', childElectronic, (e) => { e.applicant!.otherParentConsent!.form = 'in_person'; }, 'CONSENT_FORM_NOT_ALLOWED', true],
]);

table('documents, identifiers and grounds: the lawful neighbours', [
  ['a malformed birth certificate of the applicant is judged (no category to excuse it)', childParentsApart, (e) => {
    e.applicant!.document = { type: 'birth_certificate', series: 'ZZ-БК', number: '123456' };
  }, 'DOCUMENT_SERIES_FORMAT', true],
  ['a foreign child’s foreign birth certificate is not ours to judge', foreignerPermit, (e) => {
    bornOn(e, '2016-03-01'); e.applicant = { ...parent(), parentsLiveApart: false };
    e.birthCertificate = { type: 'birth_certificate', series: 'CN-II', number: 'A0041273' };
  }, 'DOCUMENT_SERIES_FORMAT', false],
  ['a 13-year-old with the birth certificate beside the ID card', teenager, (e) => { bornOn(e, '2013-03-08'); e.applicant = parent(); }, 'BIRTH_CERTIFICATE_REQUIRED', false],
  ['a guardian moves a ward without approval: the move’s rule, not the deregistration’s', guardianMove, (e) => {
    delete e.deregistration!.guardianshipApproval;
  }, 'DEREGISTRATION_GUARDIANSHIP_APPROVAL_REQUIRED', false],
  ['the same move is refused for the missing approval', guardianMove, (e) => { delete e.deregistration!.guardianshipApproval; }, 'MOVE_GUARDIANSHIP_APPROVAL_REQUIRED', true],
  ['an asylum certificate for a stay', asylum, () => {}, 'DOCUMENT_STAY_ONLY', false],
  ['a passport booklet without УНЗР', deregApplication, (e) => { delete e.person.unzr; }, 'UNZR_REQUIRED', false],
  ['no sex sent', citizenIdCard, (e) => { delete e.person.sex; }, 'RNOKPP_SEX_MISMATCH', false],
  ['an applicant’s УНЗР without the applicant’s birth date', childParentsApart, (e) => { delete e.applicant!.birthDate; }, 'UNZR_BIRTH_DATE_MISMATCH', false],
  ['an application with a document attached', deregApplication, (e) => {
    e.deregistration!.basisDocument = { kind: 'court_decision', number: '1', issuedOn: '2020-01-01' };
  }, 'DEREGISTRATION_BASIS_KIND', false],
  ['a stateless person on an expired permit', deregPermitExpired, (e) => { e.person.category = 'stateless'; delete e.person.citizenship; }, 'DEREGISTRATION_GROUND_NOT_FOR_CATEGORY', false],
  ['єМалятко data at the ЦНАП is not required', childParentsApart, () => {}, 'EMALYATKO_BIRTH_REGISTRATION_REQUIRED', false],
  ['a stay at the ЦНАП is not an єМалятко type question', asylum, () => {}, 'EMALYATKO_EVENT_TYPE', false],
  ['a move to another block of the same building', movedFromKupiansk, (e) => { e.previousAddress = { ...e.address, block: '9' }; }, 'ADDRESS_MOVE_SAME', false],
  ['a space inside a flat number is not nothing', movedFromKupiansk, (e) => { e.address.apartment = '12'; e.previousAddress = { ...e.address, apartment: '1 2' }; }, 'ADDRESS_MOVE_SAME', false],
  ['a move to the same flat typed in capitals', movedFromKupiansk, (e) => {
    e.previousAddress = { ...e.address, street: e.address.street.toUpperCase() };
  }, 'ADDRESS_MOVE_SAME', true],
]);

// The newborn at the ЦНАП acts on 2026-11-18; arriving in August, it would be late by arrival alone.
table('a newborn’s on-time period', [
  ['registered exactly three months after the birth registration', newbornAtCnap, (e) => {
    bornOn(e, '2026-08-15'); e.document.issuedOn = '2026-08-18'; e.birthRegistration!.registeredOn = '2026-08-18'; e.arrivedOn = '2026-08-18';
  }, 'FEE_AMOUNT_MISMATCH', false],
  ['registered three months and a day after the birth registration', newbornAtCnap, (e) => {
    bornOn(e, '2026-08-15'); e.document.issuedOn = '2026-08-17'; e.birthRegistration!.registeredOn = '2026-08-17'; e.arrivedOn = '2026-08-17';
  }, 'FEE_AMOUNT_MISMATCH', true],
  ['no ДРАЦС data: exactly four months after birth', newbornAtCnap, (e) => {
    bornOn(e, '2026-07-18'); e.document.issuedOn = '2026-08-01'; delete e.birthRegistration; e.arrivedOn = '2026-08-01';
  }, 'FEE_AMOUNT_MISMATCH', false],
  ['no ДРАЦС data: four months and a day after birth', newbornAtCnap, (e) => {
    bornOn(e, '2026-07-17'); e.document.issuedOn = '2026-08-01'; delete e.birthRegistration; e.arrivedOn = '2026-08-01';
  }, 'FEE_AMOUNT_MISMATCH', true],
  ['included_in_move on a stay is not questioned', asylum, (e) => { e.fee = { kind: 'exempt', ground: 'included_in_move' }; }, 'FEE_EXEMPTION_NOT_APPLICABLE', false],
]);

describe('the context the rules run in', () => {
  it('an act exactly five minutes ahead of the receipt is clock skew', () => {
    const found = codes(citizenIdCard, (e) => { e.occurredAt = '2026-11-23T10:05:00+02:00'; }, { ...CTX, now: '2026-11-23T10:00:00+02:00' });
    expect(found).not.toContain('OCCURRED_AT_IN_FUTURE');
  });

  it('checks the fee against the table the deployment gives', () => {
    const schedule = [{
      from: '2026-01-01', to: '2026-12-31', baseKopiyky: 160_000, onTimeRate: 85, lateRate: 255, lateRateOnDeregistration: true, confirmed: true, basis: 'test',
    }];
    const paid = (amount: string) => codes(citizenIdCard, (e) => { e.fee = { kind: 'paid', amount }; }, { ...CTX, feeSchedule: schedule });
    expect(paid('13.60')).not.toContain('FEE_AMOUNT_MISMATCH');
    expect(paid('49.92')).toContain('FEE_AMOUNT_MISMATCH');
    expect(codes(citizenIdCard, () => {}, { ...CTX, feeSchedule: [] })).toContain('FEE_SCHEDULE_MISSING');
  });
});
