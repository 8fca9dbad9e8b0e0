// Step 2 (structure): the X-Road message protocol 4.0 headers, in order — client, service, id,
// userId?, issue?, protocolVersion — followed by the signature. The XSD check of the same elements
// comes later, with the body, against the compiled schema (see schema/).
import { XMLSerializer } from '@xmldom/xmldom';
import type { Element } from '@xmldom/xmldom';
import { NS } from '../../../src/xml/namespaces.ts';
import { CONTRACT_NAMESPACES, isServiceCode } from '../model.ts';
import { childText, elementChildren, hasOwnText, qualifiedName } from '../soap/dom.ts';

const ORDER = [
  { name: 'client', optional: false },
  { name: 'service', optional: false },
  { name: 'id', optional: false },
  { name: 'userId', optional: true },
  { name: 'issue', optional: true },
  { name: 'protocolVersion', optional: false },
] as const;

export interface HeaderReading {
  /** The xrd:id when there is exactly one non-empty one, even if other headers are wrong. */
  messageId: string | null;
  /** serviceCode as sent, known or not (for the journal). */
  serviceCode: string | null;
  clientMemberCode: string | null;
  /** id:serviceVersion as sent: the contract version (v1, v2). */
  serviceVersion?: string | null;
  problems: string[];
  /** The X-Road header elements, serialized in order, to be echoed in the acknowledgement. */
  echoed: string[];
}

function checkOrder(xrd: Element[], problems: string[]): void {
  let at = 0;
  for (const expected of ORDER) {
    if (xrd[at]?.localName === expected.name) at++;
    else if (!expected.optional) problems.push(`xrd:${expected.name} відсутній або не на своєму місці`);
  }
  for (const el of xrd.slice(at)) problems.push(`Зайвий або повторений заголовок xrd:${el.localName}`);
}

function checkClient(client: Element | undefined, problems: string[]): void {
  if (!client) return;
  const type = client.getAttributeNS(NS.id, 'objectType');
  if (type !== 'SUBSYSTEM' && type !== 'MEMBER') problems.push(`xrd:client objectType "${type ?? ''}", очікується SUBSYSTEM або MEMBER`);
  if (type === 'SUBSYSTEM' && !childText(client, NS.id, 'subsystemCode')) problems.push('xrd:client SUBSYSTEM без subsystemCode');
}

function checkService(service: Element | undefined, problems: string[]): void {
  if (!service) return;
  const type = service.getAttributeNS(NS.id, 'objectType');
  if (type !== 'SERVICE') problems.push(`xrd:service objectType "${type ?? ''}", очікується SERVICE`);
  const code = childText(service, NS.id, 'serviceCode') ?? '';
  if (!isServiceCode(code)) problems.push(`Невідомий serviceCode "${code}"`);
  const version = childText(service, NS.id, 'serviceVersion');
  const known = Object.keys(CONTRACT_NAMESPACES);
  if (!version || !known.includes(version)) problems.push(`serviceVersion "${version ?? ''}", очікується одна з ${known.join(', ')}`);
}

export function readXRoadHeaders(header: Element): HeaderReading {
  const problems: string[] = [];
  const xrd: Element[] = [];
  let signatureSeen = false;
  if (hasOwnText(header)) problems.push('SOAP Header містить текст');
  for (const el of elementChildren(header)) {
    if (el.namespaceURI === NS.ds && el.localName === 'Signature') signatureSeen = true;
    else if (el.namespaceURI !== NS.xrd) problems.push(`Невідомий заголовок ${qualifiedName(el)}`);
    else if (signatureSeen) problems.push(`Заголовок xrd:${el.localName} після ds:Signature`);
    else xrd.push(el);
  }
  checkOrder(xrd, problems);
  const named = (name: string): Element[] => xrd.filter((el) => el.localName === name);
  const [client] = named('client');
  const [service] = named('service');
  const ids = named('id');
  checkClient(client, problems);
  checkService(service, problems);
  const id = ids.length === 1 ? (ids[0]!.textContent ?? '') : '';
  if (ids.length === 1 && id.trim() === '') problems.push('xrd:id порожній');
  const protocolVersion = named('protocolVersion')[0]?.textContent;
  if (protocolVersion !== undefined && protocolVersion !== '4.0') problems.push(`protocolVersion "${protocolVersion}", очікується 4.0`);
  const serializer = new XMLSerializer();
  return {
    messageId: id.trim() === '' ? null : id,
    serviceCode: service ? (childText(service, NS.id, 'serviceCode') ?? null) : null,
    clientMemberCode: client ? (childText(client, NS.id, 'memberCode') ?? null) : null,
    serviceVersion: service ? (childText(service, NS.id, 'serviceVersion') ?? null) : null,
    problems,
    echoed: xrd.map((el) => serializer.serializeToString(el)),
  };
}
