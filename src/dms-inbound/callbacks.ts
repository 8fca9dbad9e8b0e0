// Reads a verified DMS → gateway message (contracts/dms/callbacks/v1/callbacks.xsd): its X-Road
// headers and its one body element, RegistrationOutcome or Notice. Applies the schema's rules by
// hand (the element order aside), and the domain's own checks of УНЗР and РНОКПП, so that a notice
// about a person nobody could find is refused before anything is stored.
import type { Element } from '@xmldom/xmldom';
import type { XRoadIdentity } from '../config/config.ts';
import { isIsoDate } from '../domain/dates.ts';
import { katottgProblem } from '../domain/katottg.ts';
import { rnokppProblem } from '../domain/rnokpp.ts';
import { unzrProblem } from '../domain/unzr.ts';
import { NOTICE_KINDS, type NoticeFacts, type NoticeKind, type NoticePerson } from '../notices/notice.ts';
import { childElements, isElement } from '../signing/soap-parts.ts';
import type { FinalOutcome } from '../store/outcomes.ts';
import { NS } from '../xml/namespaces.ts';

/** The gateway's services DMS calls, by the body element each carries. */
export const CALLBACK_SERVICES = { RegistrationOutcome: 'ReceiveOutcome', Notice: 'ReceiveNotice' } as const;

/** A notice as read from the message: DmsNotice without what the channel adds (the message, its signer). */
export type NoticeBody = NoticeFacts;

export type Callback = { kind: 'outcome'; messageId: string; outcome: FinalOutcome } | { kind: 'notice'; messageId: string; notice: NoticeBody };

/** Why a message is refused: a stable code (the SOAP fault's detail) and a reason. */
export class CallbackRefused extends Error {
  readonly code: string;
  constructor(code: string, reason: string) {
    super(reason);
    this.code = code;
  }
}

const refuse = (code: string, reason: string): never => {
  throw new CallbackRefused(code, reason);
};

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function children(parent: Element): Element[] {
  const out: Element[] = [];
  for (let c = parent.firstChild; c; c = c.nextSibling) if (isElement(c)) out.push(c);
  return out;
}

/** The one child `name` in the callbacks namespace; its trimmed text, or null when optional and absent. */
function field(parent: Element, name: string, required: true, max?: number): string;
function field(parent: Element, name: string, required: false, max?: number): string | null;
function field(parent: Element, name: string, required: boolean, max = 400): string | null {
  const found = childElements(parent, NS.cb, name);
  if (found.length > 1) refuse('CALLBACK_INVALID', `${parent.localName}/${name} appears ${found.length} times`);
  const el = found[0];
  if (!el) return required ? refuse('CALLBACK_INVALID', `${parent.localName}/${name} is required`) : null;
  if (children(el).length > 0) refuse('CALLBACK_INVALID', `${parent.localName}/${name} must be text`);
  const value = (el.textContent ?? '').trim();
  if (value === '' || value.length > max) refuse('CALLBACK_INVALID', `${parent.localName}/${name} must be 1 to ${max} characters`);
  return value;
}

function checked(value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) refuse('CALLBACK_INVALID', `${what} is not in its format`);
  return value;
}

function onlyKnown(el: Element, names: string[]): void {
  for (const c of children(el)) {
    if (c.namespaceURI !== NS.cb || !names.includes(c.localName ?? '')) refuse('CALLBACK_INVALID', `${el.localName} has an unknown element ${c.localName}`);
  }
}

function readOutcome(el: Element): FinalOutcome {
  onlyKnown(el, ['outcomeId', 'gatewayEventId', 'messageId', 'receiptNumber', 'decidedAt', 'registered', 'refused']);
  const registered = childElements(el, NS.cb, 'registered');
  const refused = childElements(el, NS.cb, 'refused');
  if (registered.length + refused.length !== 1) refuse('CALLBACK_INVALID', 'RegistrationOutcome needs exactly one of registered or refused');
  const base = {
    outcomeId: checked(field(el, 'outcomeId', true), ID, 'outcomeId'),
    gatewayEventId: checked(field(el, 'gatewayEventId', true), ID, 'gatewayEventId'),
    messageId: checked(field(el, 'messageId', true), ID, 'messageId'),
    receiptNumber: field(el, 'receiptNumber', true, 64),
    decidedAt: checked(field(el, 'decidedAt', true), DATE_TIME, 'decidedAt'),
  };
  const r = registered[0];
  if (r) {
    onlyKnown(r, ['recordRef']);
    return { ...base, decision: { kind: 'registered', recordRef: field(r, 'recordRef', true, 64) } };
  }
  const f = refused[0] as Element;
  onlyKnown(f, ['code', 'reason']);
  return { ...base, decision: { kind: 'refused', code: checked(field(f, 'code', true, 64), CODE, 'refused/code'), reason: field(f, 'reason', true, 500) } };
}

function readPerson(el: Element): NoticePerson {
  onlyKnown(el, ['unzr', 'rnokpp', 'lastName', 'firstName', 'patronymic', 'birthDate']);
  const unzr = field(el, 'unzr', false, 14);
  const rnokpp = field(el, 'rnokpp', false, 10);
  if (unzr !== null) {
    const problem = unzrProblem(unzr);
    if (problem) refuse(problem, 'person/unzr is not a valid УНЗР (YYYYMMDD-NNNNC)');
  }
  if (rnokpp !== null) {
    const problem = rnokppProblem(rnokpp);
    if (problem) refuse(problem, 'person/rnokpp is not a valid РНОКПП (10 digits)');
  }
  const birthDate = field(el, 'birthDate', true, 10);
  if (!isIsoDate(birthDate)) refuse('CALLBACK_INVALID', 'person/birthDate is not a date');
  return { unzr, rnokpp, lastName: field(el, 'lastName', true, 100), firstName: field(el, 'firstName', true, 100), patronymic: field(el, 'patronymic', false, 100), birthDate };
}

function readNotice(el: Element): NoticeBody {
  onlyKnown(el, ['noticeId', 'kind', 'person', 'katottg', 'occurredOn', 'document', 'issuedAt']);
  const kind = field(el, 'kind', true, 64);
  if (!(NOTICE_KINDS as readonly string[]).includes(kind)) refuse('NOTICE_KIND_UNKNOWN', `notice kind "${kind}" is not one of ${NOTICE_KINDS.join(', ')}`);
  const persons = childElements(el, NS.cb, 'person');
  if (persons.length !== 1) refuse('CALLBACK_INVALID', 'Notice needs exactly one person');
  const katottg = field(el, 'katottg', false, 19);
  if (katottg !== null && katottgProblem(katottg)) refuse('KATOTTG_FORMAT', 'Notice/katottg is not a КАТОТТГ code');
  const occurredOn = field(el, 'occurredOn', true, 10);
  if (!isIsoDate(occurredOn)) refuse('CALLBACK_INVALID', 'Notice/occurredOn is not a date');
  const documents = childElements(el, NS.cb, 'document');
  if (documents.length > 1) refuse('CALLBACK_INVALID', 'Notice has more than one document');
  const doc = documents[0];
  if (doc) onlyKnown(doc, ['type', 'number']);
  return {
    noticeId: checked(field(el, 'noticeId', true), ID, 'noticeId'),
    kind: kind as NoticeKind,
    person: readPerson(persons[0] as Element),
    katottg,
    occurredOn,
    document: doc ? { type: field(doc, 'type', true, 64), number: field(doc, 'number', true, 64) } : null,
    issuedAt: checked(field(el, 'issuedAt', true), DATE_TIME, 'issuedAt'),
  };
}

function xrdText(header: Element, name: string): string | null {
  const [el, more] = childElements(header, NS.xrd, name);
  return el && !more ? (el.textContent ?? '').trim() : null;
}

function idPart(identity: Element, name: string): string | undefined {
  return childElements(identity, NS.id, name)[0]?.textContent?.trim() || undefined;
}

/**
 * The X-Road headers DMS must send: protocol 4.0, an xrd:id, the client being DMS's own subsystem
 * (`dms`, as configured for delivery), the service code naming the body's element.
 */
function readHeaders(header: Element, dms: XRoadIdentity): { messageId: string; serviceCode: string | undefined } {
  const problems: string[] = [];
  if (xrdText(header, 'protocolVersion') !== '4.0') problems.push('xrd:protocolVersion must be 4.0');
  const messageId = xrdText(header, 'id');
  if (!messageId || !ID.test(messageId)) problems.push('xrd:id is required');
  const [client] = childElements(header, NS.xrd, 'client');
  const same = client && (['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode'] as const).every((k) => idPart(client, k) === dms[k]);
  if (!same) problems.push('xrd:client is not DMS');
  const [service] = childElements(header, NS.xrd, 'service');
  const serviceCode = service ? idPart(service, 'serviceCode') : undefined;
  if (problems.length > 0) refuse('XROAD_HEADER_INVALID', problems.join('; '));
  return { messageId: messageId as string, serviceCode };
}

/** The message's headers and body, or CallbackRefused. `header`, `body`: the verified envelope's. */
export function readCallback(header: Element, body: Element, dms: XRoadIdentity): Callback {
  const { messageId, serviceCode } = readHeaders(header, dms);
  const [el, ...more] = children(body);
  if (!el || more.length > 0) refuse('CALLBACK_INVALID', 'the Body must hold exactly one element');
  const element = el as Element;
  if (element.namespaceURI !== NS.cb) refuse('CALLBACK_INVALID', `the body element is not in ${NS.cb}`);
  const name = element.localName as keyof typeof CALLBACK_SERVICES;
  if (!(name in CALLBACK_SERVICES)) refuse('CALLBACK_INVALID', `unknown body element ${element.localName}`);
  if (serviceCode !== CALLBACK_SERVICES[name]) refuse('XROAD_HEADER_INVALID', `xrd:service's serviceCode must be ${CALLBACK_SERVICES[name]} for ${name}`);
  return name === 'RegistrationOutcome' ? { kind: 'outcome', messageId, outcome: readOutcome(element) } : { kind: 'notice', messageId, notice: readNotice(element) };
}
