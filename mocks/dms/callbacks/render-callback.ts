// The messages DMS pushes to the gateway (contracts/dms/callbacks/v1): a final outcome from ЄДДР or
// a notice, in an X-Road 4.0 envelope whose client is DMS and whose service is the gateway's
// ReceiveOutcome / ReceiveNotice. Written as strings; the answer signer canonicalizes and signs the
// whole message with DMS's key.
import { NS } from '../../../src/xml/namespaces.ts';
import { xmlText } from '../soap/xml-text.ts';

export interface Identity {
  xRoadInstance: string;
  memberClass: string;
  memberCode: string;
  subsystemCode?: string;
}

/** DMS's own subsystem, as the gateway is configured to expect by default (XROAD_SERVICE). */
export const DMS_IDENTITY: Identity = { xRoadInstance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '37508470', subsystemCode: 'VIS' };
/** The gateway's service provider identity as DMS addresses it. */
export const GATEWAY_IDENTITY: Identity = { xRoadInstance: 'SEVDEIR-TEST', memberClass: 'GOV', memberCode: '00000000', subsystemCode: 'RTG' };

export interface OutcomeMessage {
  outcomeId: string;
  gatewayEventId: string;
  messageId: string;
  receiptNumber: string;
  decidedAt: string;
  decision: { kind: 'registered'; recordRef: string } | { kind: 'refused'; code: string; reason: string };
}

export interface NoticeMessage {
  noticeId: string;
  kind: string;
  person: { unzr?: string; rnokpp?: string; lastName: string; firstName: string; patronymic?: string; birthDate: string };
  katottg?: string;
  occurredOn: string;
  document?: { type: string; number: string };
  issuedAt: string;
}

const el = (name: string, value: string | undefined): string => (value === undefined ? '' : `<cb:${name}>${xmlText(value)}</cb:${name}>`);

function identity(name: 'client' | 'service', objectType: string, who: Identity, service?: { code: string }): string {
  const parts = [
    `<id:xRoadInstance>${xmlText(who.xRoadInstance)}</id:xRoadInstance>`,
    `<id:memberClass>${xmlText(who.memberClass)}</id:memberClass>`,
    `<id:memberCode>${xmlText(who.memberCode)}</id:memberCode>`,
    who.subsystemCode ? `<id:subsystemCode>${xmlText(who.subsystemCode)}</id:subsystemCode>` : '',
    service ? `<id:serviceCode>${service.code}</id:serviceCode><id:serviceVersion>v1</id:serviceVersion>` : '',
  ];
  return `<xrd:${name} id:objectType="${objectType}">${parts.join('')}</xrd:${name}>`;
}

function envelope(messageId: string, serviceCode: string, body: string, dms: Identity, gateway: Identity): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${NS.soap}" xmlns:xrd="${NS.xrd}" xmlns:id="${NS.id}" xmlns:cb="${NS.cb}">` +
    '<SOAP-ENV:Header>' +
    identity('client', dms.subsystemCode ? 'SUBSYSTEM' : 'MEMBER', dms) +
    identity('service', 'SERVICE', gateway, { code: serviceCode }) +
    `<xrd:id>${xmlText(messageId)}</xrd:id>` +
    '<xrd:protocolVersion>4.0</xrd:protocolVersion>' +
    '</SOAP-ENV:Header>' +
    `<SOAP-ENV:Body>${body}</SOAP-ENV:Body>` +
    '</SOAP-ENV:Envelope>\n'
  );
}

export function renderOutcome(o: OutcomeMessage, xrdId: string, dms: Identity = DMS_IDENTITY, gateway: Identity = GATEWAY_IDENTITY): string {
  const d = o.decision;
  const decision = d.kind === 'registered' ? `<cb:registered>${el('recordRef', d.recordRef)}</cb:registered>` : `<cb:refused>${el('code', d.code)}${el('reason', d.reason)}</cb:refused>`;
  const body =
    '<cb:RegistrationOutcome>' +
    el('outcomeId', o.outcomeId) +
    el('gatewayEventId', o.gatewayEventId) +
    el('messageId', o.messageId) +
    el('receiptNumber', o.receiptNumber) +
    el('decidedAt', o.decidedAt) +
    decision +
    '</cb:RegistrationOutcome>';
  return envelope(xrdId, 'ReceiveOutcome', body, dms, gateway);
}

export function renderNotice(n: NoticeMessage, xrdId: string, dms: Identity = DMS_IDENTITY, gateway: Identity = GATEWAY_IDENTITY): string {
  const p = n.person;
  const body =
    '<cb:Notice>' +
    el('noticeId', n.noticeId) +
    el('kind', n.kind) +
    '<cb:person>' +
    el('unzr', p.unzr) +
    el('rnokpp', p.rnokpp) +
    el('lastName', p.lastName) +
    el('firstName', p.firstName) +
    el('patronymic', p.patronymic) +
    el('birthDate', p.birthDate) +
    '</cb:person>' +
    el('katottg', n.katottg) +
    el('occurredOn', n.occurredOn) +
    (n.document ? `<cb:document>${el('type', n.document.type)}${el('number', n.document.number)}</cb:document>` : '') +
    el('issuedAt', n.issuedAt) +
    '</cb:Notice>';
  return envelope(xrdId, 'ReceiveNotice', body, dms, gateway);
}
