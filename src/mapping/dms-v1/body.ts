// Normalized event (contracts/events/v1) → the request element of DMS contract v1
// (contracts/dms/registration/v1/registration.xsd). Element order follows the XSD sequences;
// the mapping table is in that folder's README.
import type { Applicant, Fee, IdentityDocument, Person, RegistrationEvent } from '../../domain/event.ts';
import type { XmlElement } from '../../xml/writer.ts';
import { address, basis, birthRegistration, p, register, required, SERVICE_CODES, t } from '../request-parts.ts';

export { SERVICE_CODES };

export function buildRequestElement(event: RegistrationEvent, gatewayEventId: string): XmlElement {
  const serviceCode = SERVICE_CODES[event.type];
  const middle = typeSpecificPart(event);
  const element = p(serviceCode, [
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
