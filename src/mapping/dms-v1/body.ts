// Normalized event (contracts/events/v1) → the request element of DMS contract v1
// (contracts/dms/registration/v1/registration.xsd). Element order follows the XSD sequences;
// the mapping table is in that folder's README.
import type {
  Address,
  Applicant,
  BasisDocument,
  EventType,
  Fee,
  IdentityDocument,
  Person,
  RegistrationEvent,
} from '../../domain/event.ts';
import { escapeXml } from '../../xml/escape.ts';
import { parent, text, type XmlElement } from '../../xml/writer.ts';

export const SERVICE_CODES: Record<EventType, string> = {
  'residence.registered': 'RegisterResidence',
  'stay.registered': 'RegisterStay',
  'residence.deregistered': 'DeregisterResidence',
  'stay.deregistered': 'DeregisterStay',
  'residence.moved': 'RegisterResidenceWithDeregistration',
  'residence.declared': 'DeclareResidence',
};

const t = (name: string, value: string | boolean | undefined | null) => text(`reg:${name}`, value, escapeXml);
const p = (name: string, children: Array<XmlElement | null>) => parent(`reg:${name}`, children);

export function buildRequestElement(event: RegistrationEvent, gatewayEventId: string): XmlElement {
  const serviceCode = SERVICE_CODES[event.type];
  const middle = typeSpecificPart(event);
  const element = p(serviceCode, [
    t('gatewayEventId', gatewayEventId),
    t('registerEventId', event.eventId),
    p('register', [t('code', event.register.code), t('name', event.register.name)]),
    t('occurredAt', event.occurredAt),
    t('arrivedOn', event.arrivedOn),
    t('channel', event.channel),
    person(event.person),
    document('document', event.document),
    event.birthCertificate ? document('birthCertificate', event.birthCertificate) : null,
    event.birthRegistration
      ? p('birthRegistration', [
          t('actRecordNumber', event.birthRegistration.actRecordNumber),
          t('registeredOn', event.birthRegistration.registeredOn),
          t('office', event.birthRegistration.office),
        ])
      : null,
    address('address', event.address),
    ...middle,
    event.applicant ? applicant(event.applicant) : null,
    fee(event.fee),
  ]);
  return element as XmlElement;
}

/** Between the address and the applicant: what each service adds (see the XSD's complex types). */
function typeSpecificPart(event: RegistrationEvent): Array<XmlElement | null> {
  const details = event.deregistration ? deregistration(event.deregistration) : null;
  switch (event.type) {
    case 'residence.moved':
      // A move's deregistration half carries the guardianship body's approval when a guardian moves a ward.
      return [address('previousAddress', required(event.previousAddress, 'previousAddress')), details];
    case 'residence.declared':
      return [event.previousAddress ? address('previousAddress', event.previousAddress) : null, details];
    case 'residence.deregistered':
    case 'stay.deregistered':
      return [deregistration(required(event.deregistration, 'deregistration'))];
    default:
      return [];
  }
}

function required<T>(value: T | undefined, field: string): T {
  // The contract's schema makes these fields mandatory for the event type; reaching here without
  // one means an unvalidated event was mapped.
  if (value === undefined) throw new Error(`event has no ${field}`);
  return value;
}

function person(x: Person): XmlElement | null {
  return p('person', [
    t('unzr', x.unzr),
    t('rnokpp', x.rnokpp),
    t('lastName', x.lastName),
    t('firstName', x.firstName),
    t('patronymic', x.patronymic),
    t('sex', x.sex),
    t('birthDate', x.birthDate),
    t('birthPlace', x.birthPlace),
    t('category', x.category),
    t('citizenship', x.citizenship),
  ]);
}

function document(name: string, d: IdentityDocument): XmlElement | null {
  return p(name, [t('type', d.type), t('series', d.series), t('number', d.number), t('issuedOn', d.issuedOn), t('issuer', d.issuer), t('validUntil', d.validUntil)]);
}

function address(name: string, a: Address): XmlElement | null {
  return p(name, [t('katottg', a.katottg), t('street', a.street), t('building', a.building), t('block', a.block), t('apartment', a.apartment), t('postalCode', a.postalCode)]);
}

function basis(name: string, b: BasisDocument | undefined): XmlElement | null {
  if (!b) return null;
  return p(name, [t('kind', b.kind), t('number', b.number), t('issuedOn', b.issuedOn), t('issuer', b.issuer)]);
}

function deregistration(d: NonNullable<RegistrationEvent['deregistration']>): XmlElement | null {
  return p('deregistration', [t('ground', d.ground), basis('basisDocument', d.basisDocument), basis('guardianshipApproval', d.guardianshipApproval)]);
}

function applicant(a: Applicant): XmlElement | null {
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
    a.otherParentConsent ? p('otherParentConsent', [t('form', a.otherParentConsent.form), t('givenOn', a.otherParentConsent.givenOn)]) : null,
  ]);
}

function fee(f: Fee): XmlElement | null {
  const inner =
    f.kind === 'paid'
      ? p('paid', [t('amount', f.amount), t('currency', 'UAH'), t('receiptCode', f.receiptCode), t('paidOn', f.paidOn)])
      : p('exempt', [t('ground', f.ground)]);
  return p('fee', [inner]);
}
