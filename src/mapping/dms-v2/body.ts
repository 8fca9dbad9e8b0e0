// Normalized event (contracts/events/v1) → the request element of DMS contract v2
// (contracts/dms/registration/v2/registration.xsd). Element order follows the XSD sequences; the
// mapping table is in that folder's README, the differences from v1 in its CHANGELOG.md.
import type {
  Applicant,
  DeregistrationGround,
  DocumentType,
  EventType,
  Fee,
  IdentityDocument,
  Person,
  RegistrationEvent,
} from '../../domain/event.ts';
import { empty as emptyElement, parent, type XmlElement } from '../../xml/writer.ts';
import { address, basis, birthRegistration, everyFieldMapped, p, register, required, SERVICE_CODES, t } from '../request-parts.ts';
import { transliterate } from '../transliterate.ts';

/** The part between `address` and `applicant` that only some event types have. */
const TYPE_SPECIFIC: Record<EventType, (event: RegistrationEvent) => Array<XmlElement | null>> = {
  'residence.registered': () => [],
  'stay.registered': () => [],
  'residence.deregistered': (event) => [deregistration(required(event.deregistration, 'deregistration'))],
  'stay.deregistered': (event) => [deregistration(required(event.deregistration, 'deregistration'))],
  // A move's deregistration half carries the guardianship body's approval when a guardian moves a ward.
  'residence.moved': (event) => [address('previousAddress', required(event.previousAddress, 'previousAddress')), event.deregistration ? deregistration(event.deregistration) : null],
  'residence.declared': (event) => [event.previousAddress ? address('previousAddress', event.previousAddress) : null, event.deregistration ? deregistration(event.deregistration) : null],
};

/** LegalBasisCodeType of the XSD; its wording is in the contract's README. */
export const LEGAL_BASIS_CODES: Record<DeregistrationGround, string> = {
  application: 'DR01',
  court_decision: 'DR02',
  death_certificate: 'DR03',
  dms_death_notice: 'DR04',
  permit_expired: 'DR05',
  permit_cancelled: 'DR06',
  immigration_permit_cancelled: 'DR10',
  social_institution_stay_ended: 'DR07',
  dwelling_right_ended: 'DR08',
  emigration: 'DR09',
};

/** Documents that carry no end date: v2 says so (`indefinite`) instead of leaving validity unknown. */
const WITHOUT_END_DATE: Record<DocumentType, boolean> = {
  passport_booklet: true,
  birth_certificate: true,
  id_card: false,
  temporary_certificate: false,
  temporary_residence_permit: false,
  permanent_residence_permit: false,
  refugee_certificate: false,
  additional_protection_certificate: false,
  temporary_protection_certificate: false,
  asylum_applicant_certificate: false,
};

const LATIN = /^[A-Za-z][A-Za-z' .-]*$/;

export function buildRequestElement(event: RegistrationEvent, gatewayEventId: string): XmlElement {
  // previousAddress and deregistration are written by TYPE_SPECIFIC.
  const { eventId: _e, type: _t, occurredAt: _o, arrivedOn: _a, register: _r, person: _p, document: _d, birthCertificate: _b, birthRegistration: _br,
    address: _ad, previousAddress: _pa, deregistration: _de, applicant: _ap, fee: _f, channel: _c, ...rest } = event;
  everyFieldMapped(rest);
  const element = p(SERVICE_CODES[event.type], [
    t('gatewayEventId', gatewayEventId),
    t('registerEventId', event.eventId),
    register(event.register),
    t('occurredAt', event.occurredAt),
    t('arrivedOn', event.arrivedOn),
    t('channel', event.channel),
    person(event.person),
    document('document', event.document),
    event.birthCertificate ? document('birthCertificate', event.birthCertificate) : null,
    birthRegistration(event.birthRegistration),
    address('address', event.address),
    ...TYPE_SPECIFIC[event.type](event),
    event.applicant ? applicant(event.applicant) : null,
    fee(event.fee),
  ]);
  return element as XmlElement;
}

function person(x: Person): XmlElement | null {
  const { unzr: _u, rnokpp: _r, lastName: _l, firstName: _f, patronymic: _p, sex: _s, birthDate: _b, birthPlace: _bp, category: _c, citizenship: _ci, ...rest } = x;
  everyFieldMapped(rest);
  return p('person', [
    t('unzr', x.unzr),
    t('rnokpp', x.rnokpp),
    t('lastName', x.lastName),
    t('firstName', x.firstName),
    t('patronymic', x.patronymic),
    latinName(x),
    t('sex', x.sex),
    t('birthDate', x.birthDate),
    t('birthPlace', x.birthPlace),
    t('category', x.category),
    t('citizenship', x.citizenship),
  ]);
}

/**
 * A citizen's name in Latin letters by CMU No. 55. A foreigner's Latin name is the one in their own
 * passport, which the event does not carry, so none is made up from the Ukrainian spelling; nor for
 * a name the table cannot turn into plain Latin letters.
 */
function latinName(x: Person): XmlElement | null {
  if (x.category !== 'citizen') return null;
  const lastName = transliterate(x.lastName);
  const firstName = transliterate(x.firstName);
  if (!LATIN.test(lastName) || !LATIN.test(firstName)) return null;
  return parent('reg:latinName', [t('lastName', lastName), t('firstName', firstName)], { attributes: 'source="cmu55_transliteration"' });
}

function document(name: string, d: IdentityDocument): XmlElement | null {
  const { type: _t, series: _s, number: _n, issuedOn: _i, issuer: _is, validUntil: _v, ...rest } = d;
  everyFieldMapped(rest);
  return p(name, [
    t('type', d.type),
    t('series', d.series),
    t('number', d.number),
    t('issuedOn', d.issuedOn),
    t('issuer', d.issuer),
    d.validUntil ? t('validUntil', d.validUntil) : WITHOUT_END_DATE[d.type] ? empty('indefinite') : null,
  ]);
}

function deregistration(d: NonNullable<RegistrationEvent['deregistration']>): XmlElement | null {
  // noticeId links the event to the notice the gateway received; DMS learns of its own notice from the
  // basis document (kind dms_notice, its number), so no element of the contract carries it.
  const { ground: _g, basisDocument: _b, guardianshipApproval: _a, noticeId: _notice, ...rest } = d;
  everyFieldMapped(rest);
  return p('deregistration', [
    t('ground', d.ground),
    t('legalBasisCode', LEGAL_BASIS_CODES[d.ground]),
    basis('basisDocument', d.basisDocument),
    basis('guardianshipApproval', d.guardianshipApproval),
  ]);
}

function applicant(a: Applicant): XmlElement | null {
  const { role: _r, lastName: _l, firstName: _f, patronymic: _p, unzr: _u, birthDate: _b, document: _d, authority: _a, parentsLiveApart: _pl, otherParentConsent: _c, ...rest } = a;
  everyFieldMapped(rest);
  return p('applicant', [
    t('role', a.role),
    t('lastName', a.lastName),
    t('firstName', a.firstName),
    t('patronymic', a.patronymic),
    t('unzr', a.unzr),
    t('birthDate', a.birthDate),
    a.document ? document('document', a.document) : null,
    basis('authority', a.authority),
    t('parentsLiveApart', a.parentsLiveApart),
    a.otherParentConsent
      ? p('consent', [t('givenBy', 'other_parent'), t('form', a.otherParentConsent.form), t('givenOn', a.otherParentConsent.givenOn)])
      : null,
  ]);
}

function fee(f: Fee): XmlElement | null {
  const inner =
    f.kind === 'paid'
      ? p('paid', [
          t('amount', f.amount),
          t('currency', 'UAH'),
          f.receiptCode ? t('receiptCode', f.receiptCode) : empty('paperReceipt'),
          t('paidOn', f.paidOn),
        ])
      : p('exempt', [t('ground', f.ground)]);
  return p('fee', [inner]);
}

const empty = (name: string) => emptyElement(`reg:${name}`);
