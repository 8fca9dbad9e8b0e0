// A table per rule: what triggers each code, and the lawful awkward cases that must not.
import { describe, expect, it } from 'vitest';
import citizenIdCard from '../../contracts/events/v1/examples/residence-registered.citizen-id-card.json' with { type: 'json' };
import newbornEmalyatko from '../../contracts/events/v1/examples/residence-registered.newborn-emalyatko.json' with { type: 'json' };
import childParentsApart from '../../contracts/events/v1/examples/residence-registered.child-under-14-parents-apart.json' with { type: 'json' };
import childElectronic from '../../contracts/events/v1/examples/residence-registered.child-electronic-qes-consent.json' with { type: 'json' };
import teenager from '../../contracts/events/v1/examples/residence-registered.teenager-id-card-and-birth-certificate.json' with { type: 'json' };
import foreignerPermit from '../../contracts/events/v1/examples/residence-registered.foreigner-temporary-residence-permit.json' with { type: 'json' };
import movedFromKupiansk from '../../contracts/events/v1/examples/residence-moved.from-kupiansk.json' with { type: 'json' };
import deregApplication from '../../contracts/events/v1/examples/residence-deregistered.application.json' with { type: 'json' };
import deregDeath from '../../contracts/events/v1/examples/residence-deregistered.death-certificate.json' with { type: 'json' };
import deregPermitExpired from '../../contracts/events/v1/examples/residence-deregistered.permit-expired.json' with { type: 'json' };
import deregGuardian from '../../contracts/events/v1/examples/residence-deregistered.guardian-with-approval.json' with { type: 'json' };
import lateFee from '../../contracts/events/v1/examples/residence-registered.temporary-certificate-late-fee.json' with { type: 'json' };
import asylum from '../../contracts/events/v1/examples/stay-registered.asylum-applicant.json' with { type: 'json' };
import stayDeregistered from '../../contracts/events/v1/examples/stay-deregistered.application.json' with { type: 'json' };
import dormitory from '../../contracts/events/v1/examples/residence-deregistered.dormitory-studies-ended.json' with { type: 'json' };
import deregPermitCancelled from '../../contracts/events/v1/examples/residence-deregistered.permit-cancelled.json' with { type: 'json' };
import deregImmigrationCancelled from '../../contracts/events/v1/examples/residence-deregistered.immigration-permit-cancelled.json' with { type: 'json' };
import deregEmigration from '../../contracts/events/v1/examples/residence-deregistered.emigration.json' with { type: 'json' };
import guardianMove from '../../contracts/events/v1/examples/residence-moved.guardian-moves-ward-with-approval.json' with { type: 'json' };
import newbornAtCnap from '../../contracts/events/v1/examples/residence-registered.newborn-at-cnap-paid-on-time.json' with { type: 'json' };
import declaredOnline from '../../contracts/events/v1/examples/residence-declared.online.json' with { type: 'json' };
import declaredWithPrevious from '../../contracts/events/v1/examples/residence-declared.with-previous-address.json' with { type: 'json' };
import type { RegistrationEvent } from './event.ts';
import { applyRules, type RuleContext } from './rules.ts';
import { makeRnokpp } from './rnokpp.ts';
import { makeUnzr } from './unzr.ts';

const CTX: RuleContext = { today: '2026-11-23', feeMismatch: 'reject' };
type Mutable = RegistrationEvent & Record<string, unknown>;
type Case = [name: string, base: unknown, mutate: (e: Mutable) => void, code: string, triggered: boolean];

function findings(base: unknown, mutate: (e: Mutable) => void, ctx: RuleContext = CTX) {
  const event = structuredClone(base) as Mutable;
  mutate(event);
  const { issues, warnings } = applyRules(event, ctx);
  return [...issues, ...warnings];
}

function codes(base: unknown, mutate: (e: Mutable) => void, ctx: RuleContext = CTX): string[] {
  return findings(base, mutate, ctx).map((i) => i.code);
}

function table(title: string, cases: Case[]): void {
  describe(title, () => {
    it.each(cases)('%s', (_name, base, mutate, code, triggered) => {
      const found = findings(base, mutate);
      if (!triggered) {
        expect(found.map((f) => f.code)).not.toContain(code);
        return;
      }
      const hit = found.find((f) => f.code === code);
      expect(hit, `no ${code} in ${found.map((f) => f.code).join(', ')}`).toBeDefined();
      // The register's operator reads the Ukrainian text, its developers the English one: both said.
      expect(hit!.message.uk).toMatch(/[А-ЯІЇЄҐа-яіїєґ]{3}/);
      expect(hit!.message.en).toMatch(/[A-Za-z]{3}/);
      expect(hit!.message.en).not.toBe(hit!.message.uk);
    });
  });
}

table('timing', [
  ['occurredAt next year', citizenIdCard, (e) => { e.occurredAt = '2027-01-15T10:00:00+02:00'; }, 'OCCURRED_AT_IN_FUTURE', true],
  ['occurredAt late on the day of receipt', citizenIdCard, (e) => { e.occurredAt = '2026-11-23T23:59:00+02:00'; }, 'OCCURRED_AT_IN_FUTURE', false],
  ['birth date next year', citizenIdCard, (e) => { e.person.birthDate = '2027-01-01'; }, 'PERSON_BIRTH_DATE_IN_FUTURE', true],
  ['born the day after the act', newbornEmalyatko, (e) => { e.person.birthDate = '2026-11-22'; }, 'PERSON_BORN_AFTER_EVENT', true],
  ['born on the day of the act', newbornEmalyatko, (e) => { e.person.birthDate = '2026-11-21'; }, 'PERSON_BORN_AFTER_EVENT', false],
  ['born 1900-01-01', citizenIdCard, (e) => { e.person.birthDate = '1900-01-01'; }, 'PERSON_BIRTH_DATE_IMPLAUSIBLE', true],
  ['a 110-year-old', citizenIdCard, (e) => { e.person.birthDate = '1916-05-01'; }, 'PERSON_BIRTH_DATE_IMPLAUSIBLE', false],
  ['arrived after the registration', citizenIdCard, (e) => { e.arrivedOn = '2026-11-21'; }, 'ARRIVED_ON_AFTER_EVENT', true],
  ['leaves after deregistering', deregApplication, (e) => { e.arrivedOn = '2026-11-25'; }, 'ARRIVED_ON_AFTER_EVENT', false],
  ['arrived before birth', citizenIdCard, (e) => { e.arrivedOn = '1980-01-01'; }, 'ARRIVED_ON_BEFORE_BIRTH', true],
]);

table('УНЗР and РНОКПП', [
  ['ID card without УНЗР', citizenIdCard, (e) => { delete e.person.unzr; }, 'UNZR_REQUIRED', true],
  ['asylum applicant without УНЗР', asylum, (e) => { delete e.person.unzr; }, 'UNZR_REQUIRED', false],
  ['child with a birth certificate only', childParentsApart, () => {}, 'UNZR_REQUIRED', false],
  ['УНЗР without its hyphen is normalised', citizenIdCard, (e) => { e.person.unzr = '1988031504171'; }, 'UNZR_FORMAT', false],
  ['УНЗР of 12 digits', citizenIdCard, (e) => { e.person.unzr = '19880315-0417'; }, 'UNZR_FORMAT', true],
  ['УНЗР on 30 February', citizenIdCard, (e) => { e.person.unzr = '19880230-04171'; }, 'UNZR_DATE_INVALID', true],
  ['УНЗР dated next year', citizenIdCard, (e) => { e.person.unzr = makeUnzr('2027-03-15', 417); }, 'UNZR_DATE_IN_FUTURE', true],
  ['УНЗР serial 0000', citizenIdCard, (e) => { e.person.unzr = '19880315-00000'; }, 'UNZR_SERIAL_ZERO', true],
  ['УНЗР mistyped', citizenIdCard, (e) => { e.person.unzr = '19880315-04172'; }, 'UNZR_CHECK_DIGIT', true],
  ['applicant УНЗР mistyped', newbornEmalyatko, (e) => { e.applicant!.unzr = '19921102-12036'; }, 'UNZR_CHECK_DIGIT', true],
  ['УНЗР of another date', citizenIdCard, (e) => { e.person.unzr = makeUnzr('1988-03-16', 417); }, 'UNZR_BIRTH_DATE_MISMATCH', true],
  ['applicant УНЗР vs applicant birth date', newbornEmalyatko, (e) => { e.applicant!.birthDate = '1992-11-03'; }, 'UNZR_BIRTH_DATE_MISMATCH', true],
  ['no РНОКПП (religious refusal)', citizenIdCard, (e) => { delete e.person.rnokpp; }, 'RNOKPP_FORMAT', false],
  ['РНОКПП with a passport number', citizenIdCard, (e) => { e.person.rnokpp = 'АВ123456'; }, 'RNOKPP_FORMAT', true],
  ['РНОКПП mistyped', citizenIdCard, (e) => { e.person.rnokpp = '3221601215'; }, 'RNOKPP_CHECK_DIGIT', true],
  ['РНОКПП of another date', citizenIdCard, (e) => { e.person.rnokpp = makeRnokpp('1988-03-14', 160, 'male'); }, 'RNOKPP_BIRTH_DATE_MISMATCH', true],
  ['РНОКПП of the other sex (warning)', citizenIdCard, (e) => { e.person.sex = 'female'; }, 'RNOKPP_SEX_MISMATCH', true],
]);

table('addresses', [
  ['КОАТУУ instead of КАТОТТГ', citizenIdCard, (e) => { e.address.katottg = '3210300000'; }, 'KATOTTG_FORMAT', true],
  ['lower-case and Cyrillic prefix normalised', citizenIdCard, (e) => { e.address.katottg = 'уа32020010010081183'; }, 'KATOTTG_FORMAT', false],
  ['unknown oblast', citizenIdCard, (e) => { e.address.katottg = 'UA99020010010081183'; }, 'KATOTTG_OBLAST_UNKNOWN', true],
  ['hromada without raion', citizenIdCard, (e) => { e.address.katottg = 'UA32000010010081183'; }, 'KATOTTG_LEVELS_INCONSISTENT', true],
  ['м. Прип’ять: a settlement with no raion or hromada', citizenIdCard, (e) => { e.address.katottg = 'UA32000000010085013'; }, 'KATOTTG_LEVELS_INCONSISTENT', false],
  ['м. Чорнобиль as the previous address', movedFromKupiansk, (e) => { e.previousAddress!.katottg = 'UA32000000020050699'; }, 'KATOTTG_NOT_SETTLEMENT_LEVEL', false],
  ['hromada code', citizenIdCard, (e) => { e.address.katottg = 'UA32020010000093088'; }, 'KATOTTG_NOT_SETTLEMENT_LEVEL', true],
  ['previous address a hromada', movedFromKupiansk, (e) => { e.previousAddress!.katottg = 'UA63080090000067457'; }, 'KATOTTG_NOT_SETTLEMENT_LEVEL', true],
  ['Kyiv as the previous address', movedFromKupiansk, (e) => { e.previousAddress!.katottg = 'UA80000000000093317'; }, 'KATOTTG_NOT_SETTLEMENT_LEVEL', false],
  ['move to the same flat', movedFromKupiansk, (e) => { e.previousAddress = { ...e.address, street: ' Вул.  Січневого прориву ' }; }, 'ADDRESS_MOVE_SAME', true],
  ['move within the building', movedFromKupiansk, (e) => { e.previousAddress = { ...e.address, apartment: '82' }; }, 'ADDRESS_MOVE_SAME', false],
]);

table('documents', [
  ['booklet without series', deregApplication, (e) => { delete e.document.series; }, 'DOCUMENT_SERIES_REQUIRED', true],
  ['booklet number with series inside', deregApplication, (e) => { delete e.document.series; e.document.number = 'CO 418275'; }, 'DOCUMENT_SERIES_REQUIRED', false],
  ['ID card with a series', citizenIdCard, (e) => { e.document.series = 'АА'; }, 'DOCUMENT_SERIES_UNEXPECTED', true],
  ['booklet with Э', deregApplication, (e) => { e.document.series = 'ЭК'; }, 'DOCUMENT_SERIES_FORMAT', true],
  ['booklet series in Latin', deregApplication, (e) => { e.document.series = 'CO'; }, 'DOCUMENT_SERIES_FORMAT', false],
  ['ID card of 8 digits', citizenIdCard, (e) => { e.document.number = '04512378'; }, 'DOCUMENT_NUMBER_FORMAT', true],
  ['foreign birth certificate of a foreign child', foreignerPermit, (e) => {
    e.person.birthDate = '2016-03-01'; e.person.unzr = makeUnzr('2016-03-01', 1046); delete e.person.rnokpp;
    e.applicant = { role: 'parent', lastName: 'Чебан', firstName: 'Маріана' };
    e.birthCertificate = { type: 'birth_certificate', series: 'CN-II', number: 'A0041273' };
  }, 'DOCUMENT_NUMBER_FORMAT', false],
  ['citizen with a permit', citizenIdCard, (e) => { e.document = { type: 'permanent_residence_permit', number: '000412783' }; }, 'DOCUMENT_NOT_FOR_CATEGORY', true],
  ['refugee with an asylum certificate', asylum, (e) => { e.person.category = 'refugee'; }, 'DOCUMENT_NOT_FOR_CATEGORY', true],
  ['asylum certificate for residence', asylum, (e) => { e.type = 'residence.registered'; }, 'DOCUMENT_STAY_ONLY', true],
  ['adult with a birth certificate', citizenIdCard, (e) => { e.document = { type: 'birth_certificate', series: 'I-БК', number: '204817' }; }, 'DOCUMENT_BIRTH_CERTIFICATE_AGE', true],
  ['ID card in the birthCertificate field', teenager, (e) => { e.birthCertificate = { type: 'id_card', number: '005893214' }; }, 'DOCUMENT_TYPE_MISMATCH', true],
  ['15-year-old without birth certificate today (CMU 265: under 14)', teenager, (e) => { delete e.birthCertificate; }, 'BIRTH_CERTIFICATE_REQUIRED', false],
  ['13-year-old without birth certificate today', teenager, (e) => {
    delete e.birthCertificate; e.person.birthDate = '2013-03-08'; e.person.unzr = makeUnzr('2013-03-08', 1893); delete e.person.rnokpp;
    e.applicant = { role: 'parent', lastName: 'Кравчук', firstName: 'Андрій', document: { type: 'id_card', number: '003311208' } };
  }, 'BIRTH_CERTIFICATE_REQUIRED', true],
  ['15-year-old without birth certificate on 2022-02-06 (CMU 207: under 16)', teenager, (e) => {
    delete e.birthCertificate; e.occurredAt = '2022-02-06T10:00:00+02:00'; e.arrivedOn = '2022-02-01';
    e.person.birthDate = '2006-03-08'; e.person.unzr = makeUnzr('2006-03-08', 1893); delete e.person.rnokpp;
    e.document = { type: 'id_card', number: '005893214', issuedOn: '2020-04-15' }; e.fee = { kind: 'paid', amount: '37.22' };
  }, 'BIRTH_CERTIFICATE_REQUIRED', true],
  ['the same on 2022-02-07 (CMU 265 in force)', teenager, (e) => {
    delete e.birthCertificate; e.occurredAt = '2022-02-07T10:00:00+02:00'; e.arrivedOn = '2022-02-01';
    e.person.birthDate = '2006-03-08'; e.person.unzr = makeUnzr('2006-03-08', 1893); delete e.person.rnokpp;
    e.document = { type: 'id_card', number: '005893214', issuedOn: '2020-04-15' }; e.fee = { kind: 'paid', amount: '37.22' };
  }, 'BIRTH_CERTIFICATE_REQUIRED', false],
  ['16-year-old without birth certificate', teenager, (e) => {
    delete e.birthCertificate; e.person.birthDate = '2010-11-11'; e.person.unzr = makeUnzr('2010-11-11', 1893); delete e.person.rnokpp;
  }, 'BIRTH_CERTIFICATE_REQUIRED', false],
  ['єМалятко without birth certificate is never refused for it', newbornEmalyatko, (e) => {
    e.document = { type: 'id_card', number: '000000001' }; e.person.category = 'citizen';
  }, 'BIRTH_CERTIFICATE_REQUIRED', false],
  ['child deregistered on a death certificate', deregDeath, (e) => {
    e.person.birthDate = '2015-01-25'; e.person.unzr = makeUnzr('2015-01-25', 1007); delete e.person.rnokpp; e.document = { type: 'id_card', number: '000845126' };
  }, 'BIRTH_CERTIFICATE_REQUIRED', false],
  ['ID card issued after the act', citizenIdCard, (e) => { e.document.issuedOn = '2026-11-21'; }, 'DOCUMENT_ISSUED_AFTER_EVENT', true],
  ['power of attorney dated after the act', deregGuardian, (e) => { e.applicant!.authority!.issuedOn = '2026-11-03'; }, 'DOCUMENT_ISSUED_AFTER_EVENT', true],
  ['document issued before birth', citizenIdCard, (e) => { e.document.issuedOn = '1987-04-02'; }, 'DOCUMENT_ISSUED_BEFORE_BIRTH', true],
  ['expiry before issue', citizenIdCard, (e) => { e.document.validUntil = '2009-04-02'; }, 'DOCUMENT_VALIDITY_BEFORE_ISSUE', true],
  ['permit expired before the act', foreignerPermit, (e) => { e.document.validUntil = '2026-11-15'; }, 'DOCUMENT_PERMIT_EXPIRED', true],
  ['permit valid through the day of the act', foreignerPermit, (e) => { e.document.validUntil = '2026-11-16'; }, 'DOCUMENT_PERMIT_EXPIRED', false],
  ['deregistration on an expired permit', deregPermitExpired, () => {}, 'DOCUMENT_PERMIT_EXPIRED', false],
  ['expired ID card (warning)', citizenIdCard, (e) => { e.document.validUntil = '2026-11-01'; }, 'DOCUMENT_EXPIRED', true],
]);

table('people', [
  ['child under 14 alone', childParentsApart, (e) => { delete e.applicant; }, 'PERSON_UNDER_14_ALONE', true],
  ['14-year-old alone', teenager, (e) => {
    e.person.birthDate = '2012-11-11'; e.person.unzr = makeUnzr('2012-11-11', 1893); delete e.person.rnokpp;
  }, 'PERSON_UNDER_14_ALONE', false],
  ['єМалятко without applicant', newbornEmalyatko, (e) => { delete e.applicant; }, 'PERSON_UNDER_14_ALONE', false],
  ['deceased child deregistered on a death certificate', deregDeath, (e) => {
    e.person.birthDate = '2015-01-25'; e.person.unzr = makeUnzr('2015-01-25', 1007); delete e.person.rnokpp;
  }, 'PERSON_UNDER_14_ALONE', false],
  ['stateless with citizenship', asylum, (e) => { e.person.category = 'stateless'; }, 'PERSON_CITIZENSHIP_CONFLICT', true],
  ['child by proxy', childParentsApart, (e) => { e.applicant!.role = 'representative'; e.applicant!.authority = { kind: 'other', number: '877', issuedOn: '2026-11-05' }; }, 'APPLICANT_ROLE_NOT_ALLOWED', true],
  ['adult by a parent', citizenIdCard, (e) => { e.applicant = { role: 'parent', lastName: 'Коваленко', firstName: 'Петро' }; }, 'APPLICANT_ROLE_NOT_ALLOWED', true],
  ['child by a guardian', childParentsApart, (e) => { e.applicant!.role = 'legal_representative'; e.applicant!.authority = { kind: 'other', number: '415', issuedOn: '2024-05-16' }; }, 'APPLICANT_ROLE_NOT_ALLOWED', false],
  ['applicant aged 13', childParentsApart, (e) => { delete e.applicant!.unzr; e.applicant!.birthDate = '2013-01-01'; }, 'APPLICANT_UNDER_14', true],
  ['guardian without authority', childParentsApart, (e) => { e.applicant!.role = 'legal_representative'; }, 'APPLICANT_AUTHORITY_REQUIRED', true],
  ['parent needs no authority', childParentsApart, () => {}, 'APPLICANT_AUTHORITY_REQUIRED', false],
  ['a parent hands in an adult child’s death certificate', deregDeath, (e) => { e.applicant = { role: 'parent', lastName: 'Мороз', firstName: 'Іван' }; }, 'APPLICANT_ROLE_NOT_ALLOWED', false],
  ['a relative hands in a death certificate without authority', deregDeath, (e) => { e.applicant = { role: 'representative', lastName: 'Мороз', firstName: 'Ганна' }; }, 'APPLICANT_AUTHORITY_REQUIRED', false],
  ['power of attorney', deregEmigration, () => {}, 'APPLICANT_AUTHORITY_KIND', false],
  ['power of attorney sent as other (contract v1 before power_of_attorney)', deregEmigration, (e) => { e.applicant!.authority!.kind = 'other'; }, 'APPLICANT_AUTHORITY_KIND', false],
  ['a death certificate as a power of attorney', deregEmigration, (e) => { e.applicant!.authority!.kind = 'death_certificate'; }, 'APPLICANT_AUTHORITY_KIND', true],
  ['a court decision as a power of attorney', deregEmigration, (e) => { e.applicant!.authority!.kind = 'court_decision'; }, 'APPLICANT_AUTHORITY_KIND', true],
  ['a guardian’s decision is not checked as a power of attorney', deregGuardian, () => {}, 'APPLICANT_AUTHORITY_KIND', false],
  ['representative at the ЦНАП without own document', deregEmigration, (e) => { delete e.applicant!.document; }, 'APPLICANT_DOCUMENT_REQUIRED', true],
  ['parent at the ЦНАП without own document', childParentsApart, (e) => { delete e.applicant!.document; }, 'APPLICANT_DOCUMENT_REQUIRED', true],
  ['parent online: the e-signature identifies them', childElectronic, () => {}, 'APPLICANT_DOCUMENT_REQUIRED', false],
  ['єМалятко: ДРАЦС data alone', newbornEmalyatko, (e) => { delete e.applicant!.document; }, 'APPLICANT_DOCUMENT_REQUIRED', false],
  ['a relative hands in a death certificate: not representation', deregDeath, (e) => { e.applicant = { role: 'representative', lastName: 'Мороз', firstName: 'Ганна' }; }, 'APPLICANT_DOCUMENT_REQUIRED', false],
  ['guardian registers a child online', childElectronic, (e) => {
    e.applicant = { role: 'legal_representative', lastName: 'Поліщук', firstName: 'Ганна', authority: { kind: 'other', number: '233', issuedOn: '2025-11-10' } };
  }, 'ELECTRONIC_CHILD_APPLICANT_NOT_PARENT', true],
  ['guardian registers a child at the ЦНАП', childParentsApart, (e) => {
    e.applicant!.role = 'legal_representative'; e.applicant!.authority = { kind: 'other', number: '415', issuedOn: '2024-05-16' };
  }, 'ELECTRONIC_CHILD_APPLICANT_NOT_PARENT', false],
  ['parent registers a child online', childElectronic, () => {}, 'ELECTRONIC_CHILD_APPLICANT_NOT_PARENT', false],
  ['person as own representative', citizenIdCard, (e) => {
    e.applicant = { role: 'representative', lastName: 'Коваленко', firstName: 'Андрій', unzr: e.person.unzr, authority: { kind: 'other', number: '311', issuedOn: '2026-11-02' } };
  }, 'APPLICANT_SAME_AS_PERSON', true],
]);

table('consent', [
  ['parents apart, no consent', childParentsApart, (e) => { delete e.applicant!.otherParentConsent; }, 'CONSENT_REQUIRED', true],
  ['parents together, no consent', childParentsApart, (e) => { delete e.applicant!.otherParentConsent; e.applicant!.parentsLiveApart = false; }, 'CONSENT_REQUIRED', false],
  ['court decision instead of consent', childParentsApart, (e) => { e.applicant!.otherParentConsent!.form = 'court_decision'; }, 'CONSENT_REQUIRED', false],
  ['electronic with paper consent', childElectronic, (e) => { e.applicant!.otherParentConsent!.form = 'certified_written'; }, 'CONSENT_FORM_NOT_ALLOWED', true],
  ['electronic with a notary’s e-signature', childElectronic, (e) => { e.applicant!.otherParentConsent!.form = 'notarized_e_signature'; }, 'CONSENT_FORM_NOT_ALLOWED', false],
  ['consent after the act', childParentsApart, (e) => { e.applicant!.otherParentConsent!.givenOn = '2026-11-13'; }, 'CONSENT_AFTER_EVENT', true],
]);

table('declaration (Law 1871-IX)', [
  ['declared online in 2026', declaredOnline, () => {}, 'DECLARATION_BEFORE_LAW', false],
  ['declared on 2021-12-01, the day the law took effect', declaredOnline, (e) => {
    e.occurredAt = '2021-12-01T09:00:00+02:00'; e.arrivedOn = '2021-11-25'; e.fee = { kind: 'paid', amount: '34.05', paidOn: '2021-12-01' };
  }, 'DECLARATION_BEFORE_LAW', false],
  ['declared on 2021-11-30', declaredOnline, (e) => {
    e.occurredAt = '2021-11-30T09:00:00+02:00'; e.arrivedOn = '2021-11-25'; e.fee = { kind: 'paid', amount: '13.60', paidOn: '2021-11-30' };
  }, 'DECLARATION_BEFORE_LAW', true],
  ['declared at the previous address', declaredWithPrevious, (e) => { e.previousAddress = { ...e.address }; }, 'ADDRESS_MOVE_SAME', true],
  ['declaration pays the registration fee', declaredOnline, (e) => { e.fee = { kind: 'paid', amount: '13.60' }; }, 'FEE_AMOUNT_MISMATCH', true],
  ['asylum довідка is not for a declaration of residence', asylum, (e) => { e.type = 'residence.declared'; }, 'DOCUMENT_STAY_ONLY', true],
  ['єМалятко may declare a newborn’s residence', newbornEmalyatko, (e) => { e.type = 'residence.declared'; }, 'EMALYATKO_EVENT_TYPE', false],
]);

table('єМалятко', [
  ['without ДРАЦС data', newbornEmalyatko, (e) => { delete e.birthRegistration; }, 'EMALYATKO_BIRTH_REGISTRATION_REQUIRED', true],
  ['as a stay registration', newbornEmalyatko, (e) => { e.type = 'stay.registered'; }, 'EMALYATKO_EVENT_TYPE', true],
  ['for a 15-year-old', teenager, (e) => { e.channel = 'emalyatko'; }, 'EMALYATKO_CHILD_TOO_OLD', true],
  ['birth registered before birth', newbornEmalyatko, (e) => { e.birthRegistration!.registeredOn = '2026-10-19'; }, 'BIRTH_REGISTRATION_DATE_INCONSISTENT', true],
]);

table('deregistration', [
  ['death without certificate', deregDeath, (e) => { delete e.deregistration!.basisDocument; }, 'DEREGISTRATION_BASIS_REQUIRED', true],
  ['application needs no basis document', deregApplication, () => {}, 'DEREGISTRATION_BASIS_REQUIRED', false],
  ['death on a court decision', deregDeath, (e) => { e.deregistration!.basisDocument!.kind = 'court_decision'; }, 'DEREGISTRATION_BASIS_KIND', true],
  ['DMS notice may be a legalised foreign death document', deregDeath, (e) => {
    e.deregistration = { ground: 'dms_death_notice', basisDocument: { kind: 'foreign_death_document', number: 'A-1234', issuedOn: '2026-10-01' } };
  }, 'DEREGISTRATION_BASIS_KIND', false],
  ['citizen on an expired permit', deregPermitExpired, (e) => { e.person.category = 'citizen'; }, 'DEREGISTRATION_GROUND_NOT_FOR_CATEGORY', true],
  ['citizen on a cancelled immigration permit', deregImmigrationCancelled, (e) => { e.person.category = 'citizen'; }, 'DEREGISTRATION_GROUND_NOT_FOR_CATEGORY', true],
  ['expired ground for a permanent permit', deregImmigrationCancelled, (e) => {
    e.deregistration = { ground: 'permit_expired', basisDocument: { kind: 'permit_expiry_notice', number: '1', issuedOn: '2026-10-20' } };
  }, 'DEREGISTRATION_GROUND_NOT_FOR_DOCUMENT', true],
  ['cancelled temporary ground for a permanent permit', deregImmigrationCancelled, (e) => { e.deregistration!.ground = 'permit_cancelled'; }, 'DEREGISTRATION_GROUND_NOT_FOR_DOCUMENT', true],
  ['immigration ground for a temporary permit', deregPermitCancelled, (e) => { e.deregistration!.ground = 'immigration_permit_cancelled'; }, 'DEREGISTRATION_GROUND_NOT_FOR_DOCUMENT', true],
  ['permit ground for a refugee', deregPermitCancelled, (e) => { e.person.category = 'refugee'; e.document = { type: 'refugee_certificate', series: 'БЖ', number: '204117' }; }, 'DEREGISTRATION_GROUND_NOT_FOR_DOCUMENT', true],
  ['permit ground for a child on a birth certificate', deregPermitCancelled, (e) => {
    e.person.birthDate = '2016-03-01'; e.person.unzr = makeUnzr('2016-03-01', 1046); delete e.person.rnokpp; e.document = { type: 'birth_certificate', series: 'CN-II', number: 'A0041273' };
  }, 'DEREGISTRATION_GROUND_NOT_FOR_DOCUMENT', false],
  ['expired ground, permit valid through the deregistration day', deregPermitExpired, (e) => { e.document.validUntil = '2026-11-05'; }, 'DEREGISTRATION_PERMIT_NOT_EXPIRED', true],
  ['expired ground, permit ran out the day before', deregPermitExpired, (e) => { e.document.validUntil = '2026-11-04'; }, 'DEREGISTRATION_PERMIT_NOT_EXPIRED', false],
  ['expired ground without validUntil', deregPermitExpired, (e) => { delete e.document.validUntil; }, 'DEREGISTRATION_PERMIT_NOT_EXPIRED', true],
  ['cancelled ground needs no expiry', deregPermitCancelled, () => {}, 'DEREGISTRATION_PERMIT_NOT_EXPIRED', false],
  ['guardian moves a ward without approval', guardianMove, (e) => { delete e.deregistration; }, 'MOVE_GUARDIANSHIP_APPROVAL_REQUIRED', true],
  ['guardian moves a ward with approval', guardianMove, () => {}, 'MOVE_GUARDIANSHIP_APPROVAL_REQUIRED', false],
  ['a move’s approval of another kind', guardianMove, (e) => { e.deregistration!.guardianshipApproval!.kind = 'other'; }, 'DEREGISTRATION_GUARDIANSHIP_APPROVAL_KIND', true],
  ['guardian declares a ward elsewhere without approval', declaredWithPrevious, (e) => {
    e.applicant = { ...structuredClone(guardianMove.applicant) } as Mutable['applicant'];
  }, 'MOVE_GUARDIANSHIP_APPROVAL_REQUIRED', true],
  ['guardian declares a ward with no previous place: nothing is deregistered', declaredOnline, (e) => {
    e.channel = 'cnap'; e.applicant = { ...structuredClone(guardianMove.applicant) } as Mutable['applicant'];
  }, 'MOVE_GUARDIANSHIP_APPROVAL_REQUIRED', false],
  ['a parent moves a child: no approval', guardianMove, (e) => { delete e.deregistration; e.applicant!.role = 'parent'; delete e.applicant!.authority; }, 'MOVE_GUARDIANSHIP_APPROVAL_REQUIRED', false],
  ['guardian without approval', deregGuardian, (e) => { delete e.deregistration!.guardianshipApproval; }, 'DEREGISTRATION_GUARDIANSHIP_APPROVAL_REQUIRED', true],
  ['approval of another kind', deregGuardian, (e) => { e.deregistration!.guardianshipApproval!.kind = 'other'; }, 'DEREGISTRATION_GUARDIANSHIP_APPROVAL_KIND', true],
]);

// No 2027 table: only the payment date's 2026 one can judge the amount.
const paidInDecember = (e: Mutable): void => {
  e.occurredAt = '2027-01-04T10:00:00+02:00'; e.arrivedOn = '2026-12-20'; e.fee = { kind: 'paid', amount: '49.92', paidOn: '2026-12-29' };
};

table('fees', [
  ['seed-era amount in 2026', citizenIdCard, (e) => { e.fee = { kind: 'paid', amount: '13.60' }; }, 'FEE_AMOUNT_MISMATCH', true],
  ['late amount when on time', citizenIdCard, (e) => { e.fee = { kind: 'paid', amount: '83.20' }; }, 'FEE_AMOUNT_MISMATCH', true],
  ['day 30 after arrival is on time', citizenIdCard, (e) => { e.arrivedOn = '2026-10-21'; }, 'FEE_AMOUNT_MISMATCH', false],
  ['day 31 after arrival is late', citizenIdCard, (e) => { e.arrivedOn = '2026-10-20'; }, 'FEE_AMOUNT_MISMATCH', true],
  ['late fee paid', lateFee, () => {}, 'FEE_AMOUNT_MISMATCH', false],
  ['no arrival date: either amount', citizenIdCard, (e) => { delete e.arrivedOn; e.fee = { kind: 'paid', amount: '83.20' }; }, 'FEE_AMOUNT_MISMATCH', false],
  ['paid in December at the 2026 rate, registered in January 2027', citizenIdCard, paidInDecember, 'FEE_AMOUNT_MISMATCH', false],
  ['paid in December, registered in January: the payment date\'s table is found', citizenIdCard, paidInDecember, 'FEE_SCHEDULE_MISSING', false],
  ['2025 rate is unconfirmed: a mismatch only warns', citizenIdCard, (e) => { e.occurredAt = '2025-06-02T10:00:00+03:00'; e.arrivedOn = '2025-06-01'; e.fee = { kind: 'paid', amount: '13.60' }; }, 'FEE_AMOUNT_MISMATCH', true],
  ['newborn (єМалятко) paid on time is right', newbornEmalyatko, () => {}, 'FEE_AMOUNT_MISMATCH', false],
  ['newborn within three months: on time though it arrived long ago', newbornAtCnap, (e) => { e.arrivedOn = '2026-09-01'; }, 'FEE_AMOUNT_MISMATCH', false],
  ['newborn within three months: the late amount is wrong', newbornAtCnap, (e) => { e.fee = { kind: 'paid', amount: '83.20' }; }, 'FEE_AMOUNT_MISMATCH', true],
  ['newborn after three months, arrived long ago: late', newbornEmalyatko, (e) => {
    e.birthRegistration!.registeredOn = '2026-07-20'; e.person.birthDate = '2026-07-18'; e.person.unzr = makeUnzr('2026-07-18', 5021); e.document.issuedOn = '2026-07-20'; e.arrivedOn = '2026-07-20';
  }, 'FEE_AMOUNT_MISMATCH', true],
  // A newborn's three months are an on-time period for registering, not for deregistering: in 2021
  // (the late rate still applied to deregistration) a baby deregistered at two months, with no
  // arrival date to judge by, may have paid either amount.
  ['2021: a two-month-old deregistered, late amount paid', deregApplication, (e) => {
    e.occurredAt = '2021-06-01T10:00:00+03:00'; e.person.birthDate = '2021-04-01'; delete e.arrivedOn; e.fee = { kind: 'paid', amount: '40.80' };
  }, 'FEE_AMOUNT_MISMATCH', false],
  ['newborn marked exempt', newbornEmalyatko, (e) => { e.fee = { kind: 'exempt', ground: 'newborn' }; }, 'FEE_NEWBORN_NOT_EXEMPT', true],
  ['adult exempt as a newborn', citizenIdCard, (e) => { e.fee = { kind: 'exempt', ground: 'newborn' }; }, 'FEE_NEWBORN_NOT_EXEMPT', true],
  ['late deregistration in 2026 pays the on-time rate', dormitory, () => {}, 'FEE_AMOUNT_MISMATCH', false],
  ['late deregistration in 2026 at the late rate', dormitory, (e) => { e.fee = { kind: 'paid', amount: '83.20' }; }, 'FEE_AMOUNT_MISMATCH', true],
  ['late deregistration in 2021 (before Law 1871-IX) at the late rate', dormitory, (e) => {
    e.occurredAt = '2021-11-03T09:55:00+02:00'; e.arrivedOn = '2021-07-01'; e.deregistration!.basisDocument!.issuedOn = '2021-06-30'; e.document.issuedOn = '2021-01-20';
    e.fee = { kind: 'paid', amount: '40.80' };
  }, 'FEE_AMOUNT_MISMATCH', false],
  ['late deregistration in 2021 at the on-time rate', dormitory, (e) => {
    e.occurredAt = '2021-11-03T09:55:00+02:00'; e.arrivedOn = '2021-07-01'; e.deregistration!.basisDocument!.issuedOn = '2021-06-30'; e.document.issuedOn = '2021-01-20';
    e.fee = { kind: 'paid', amount: '13.60' };
  }, 'FEE_AMOUNT_MISMATCH', true],
  ['December 2021 at 34.05 (confirmed: refuses a wrong amount)', citizenIdCard, (e) => {
    e.occurredAt = '2021-12-10T10:00:00+02:00'; e.arrivedOn = '2021-12-01'; e.fee = { kind: 'paid', amount: '13.60' };
  }, 'FEE_AMOUNT_MISMATCH', true],
  ['a stay charged', asylum, (e) => { e.fee = { kind: 'paid', amount: '49.92' }; }, 'FEE_NOT_CHARGED_FOR_STAY', true],
  ['a stay deregistration charged', stayDeregistered, (e) => { e.fee = { kind: 'paid', amount: '49.92' }; }, 'FEE_NOT_CHARGED_FOR_STAY', true],
  ['a stay without a fee', asylum, () => {}, 'FEE_NOT_CHARGED_FOR_STAY', false],
  ['included_in_move on a registration', citizenIdCard, (e) => { e.fee = { kind: 'exempt', ground: 'included_in_move' }; }, 'FEE_EXEMPTION_NOT_APPLICABLE', true],
  ['included_in_move on a deregistration', deregApplication, (e) => { e.fee = { kind: 'exempt', ground: 'included_in_move' }; }, 'FEE_EXEMPTION_NOT_APPLICABLE', false],
  ['exempt by law is never questioned', citizenIdCard, (e) => { e.fee = { kind: 'exempt', ground: 'law' }; }, 'FEE_EXEMPTION_NOT_APPLICABLE', false],
  ['paid after the act', citizenIdCard, (e) => { e.fee = { kind: 'paid', amount: '49.92', paidOn: '2026-11-21' }; }, 'FEE_PAID_AFTER_EVENT', true],
  ['no fee table for 2027 (warning)', citizenIdCard, (e) => { e.occurredAt = '2027-01-04T10:00:00+02:00'; e.arrivedOn = '2026-12-28'; e.fee = { kind: 'paid', amount: '49.92' }; }, 'FEE_SCHEDULE_MISSING', true],
]);

describe('applyRules', () => {
  it('normalises the delivered copy and never mutates the input', () => {
    const input = structuredClone(deregApplication) as Mutable;
    input.person.unzr = ' 1975063000885 ';
    input.document.series = 'co';
    input.address.katottg = 'ua32020010010081183';
    const frozen = JSON.stringify(input);
    const { issues, event } = applyRules(input, CTX);
    expect(issues).toEqual([]);
    expect(JSON.stringify(input)).toBe(frozen);
    expect(event.person.unzr).toBe('19750630-00885');
    expect(event.document.series).toBe('СО');
    expect(event.address.katottg).toBe('UA32020010010081183');
  });

  it('turns the birth-certificate series Roman: Cyrillic І becomes Latin I', () => {
    expect(applyRules(newbornEmalyatko as RegistrationEvent, CTX).event.document.series).toBe('I-БК');
  });

  it('makes a wrong fee a warning by default and an issue when configured', () => {
    const event = { ...structuredClone(citizenIdCard), fee: { kind: 'paid', amount: '13.60' } } as RegistrationEvent;
    const warned = applyRules(event, { ...CTX, feeMismatch: 'warn' });
    expect(warned.issues).toEqual([]);
    expect(warned.warnings.map((w) => w.code)).toEqual(['FEE_AMOUNT_MISMATCH']);
    expect(applyRules(event, CTX).issues.map((i) => i.code)).toEqual(['FEE_AMOUNT_MISMATCH']);
  });

  it('never blocks on warnings, nor on a fee rule our table cannot confirm', () => {
    const blocking = (base: unknown, mutate: (e: Mutable) => void) => {
      const event = structuredClone(base) as Mutable;
      mutate(event);
      return applyRules(event, CTX).issues.map((i) => i.code);
    };
    expect(blocking(citizenIdCard, (e) => { e.person.sex = 'female'; })).toEqual([]);
    expect(blocking(citizenIdCard, (e) => { e.document.validUntil = '2026-11-01'; })).toEqual([]);
    expect(blocking(citizenIdCard, (e) => { e.occurredAt = '2025-06-02T10:00:00+03:00'; e.arrivedOn = '2025-06-01'; e.fee = { kind: 'paid', amount: '13.60' }; })).toEqual([]);
    // Paid in 2025 (unconfirmed), registered in 2026 (confirmed): one of the allowed rates is in doubt.
    const acrossYears = (e: Mutable) => { e.occurredAt = '2026-01-05T10:00:00+02:00'; e.arrivedOn = '2025-12-28'; e.fee = { kind: 'paid', amount: '13.60', paidOn: '2025-12-29' }; };
    expect(codes(citizenIdCard, acrossYears)).toContain('FEE_AMOUNT_MISMATCH');
    expect(blocking(citizenIdCard, acrossYears)).toEqual([]);
  });

  it('allows five minutes of clock skew when the instant of receipt is known', () => {
    const at = (occurredAt: string) => codes(citizenIdCard, (e) => { e.occurredAt = occurredAt; }, { ...CTX, now: '2026-11-23T10:00:00+02:00' });
    expect(at('2026-11-23T10:04:00+02:00')).not.toContain('OCCURRED_AT_IN_FUTURE');
    expect(at('2026-11-23T10:06:00+02:00')).toContain('OCCURRED_AT_IN_FUTURE');
  });

  it('gives every issue a bilingual message and a pointer', () => {
    const { issues } = applyRules({ ...structuredClone(citizenIdCard), person: { ...citizenIdCard.person, unzr: 'x', rnokpp: 'y' } } as RegistrationEvent, CTX);
    expect(issues.length).toBe(2);
    for (const issue of issues) {
      expect(issue.pointer).toMatch(/^\//);
      expect(issue.message.uk).toMatch(/[а-яіїєґ]/i);
      expect(issue.message.en).toMatch(/[a-z]/i);
    }
  });
});

describe('a fee that matches no rate', () => {
  const mismatch = (mutate: (e: Mutable) => void) => findings(citizenIdCard, mutate).find((f) => f.code === 'FEE_AMOUNT_MISMATCH');

  it('names every amount the law allows, with its label, in both languages', () => {
    const both = mismatch((e) => { delete e.arrivedOn; e.fee = { kind: 'paid', amount: '13.60' }; });
    expect(both?.message.uk).toContain('очікується 49.92 грн (у строк) або 83.20 грн (із порушенням строку);');
    expect(both?.message.en).toContain('expected 49.92 UAH (on time) or 83.20 UAH (late);');
    const onTimeOnly = mismatch((e) => { e.fee = { kind: 'paid', amount: '83.20' }; });
    expect(onTimeOnly?.message.en).toContain('expected 49.92 UAH (on time);');
    expect(onTimeOnly?.pointer).toBe('/fee/amount');
  });
});
