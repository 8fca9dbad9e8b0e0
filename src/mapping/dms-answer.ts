// What DMS's answer to a request means, for every contract version (each in its own namespace). Success only on a valid acknowledgement that
// belongs to this very request: the echoed xrd:id matches and, when DMS sends one, the requestHash
// is the SHA-512 of the bytes we sent. A SOAP Client fault is a business rejection (final); anything
// else that is not a valid acknowledgement is worth another try.
import { createHash } from 'node:crypto';
import { XmlElement } from 'libxml2-wasm';
import type { DmsAnswer, DmsVerdict, SentRequest } from './contract.ts';
import { NS } from '../xml/namespaces.ts';
import { XmlParseError } from '../xml/safe-parse.ts';
import { readXmlSafely } from '../xml/safe-read.ts';

type Element = XmlElement;

const SHA512_URIS = new Set(['http://www.w3.org/2001/04/xmlenc#sha512', 'http://www.w3.org/2001/04/xmldsig-more#sha512']);

/** The answer interpreter of the contract version whose elements are in namespace `reg`. */
export function answerInterpreter(reg: string): (answer: DmsAnswer, request: SentRequest) => DmsVerdict {
  return (answer, request) => interpretAnswer(answer, request, reg);
}

function interpretAnswer(answer: DmsAnswer, request: SentRequest, reg: string): DmsVerdict {
  try {
    return readXmlSafely(answer.body, (envelope) => interpretEnvelope(answer, envelope, request, reg));
  } catch (err) {
    if (!(err instanceof XmlParseError)) throw err;
    return retry(answer, 'malformed_response', `HTTP ${answer.status}, unparseable body: ${err.message}`);
  }
}

function interpretEnvelope(answer: DmsAnswer, envelope: Element, request: SentRequest, reg: string): DmsVerdict {
  if (envelope.name !== 'Envelope' || envelope.namespaceUri !== NS.soap) {
    return retry(answer, 'malformed_response', `HTTP ${answer.status}, not a SOAP 1.1 envelope`);
  }
  const body = child(envelope, NS.soap, 'Body');
  const first = body ? firstElement(body) : null;
  if (first && first.namespaceUri === NS.soap && first.name === 'Fault') return fault(answer, first, reg);
  if (answer.status < 200 || answer.status > 299) {
    return retry(answer, answer.status === 429 ? 'http_429' : `http_${Math.floor(answer.status / 100)}xx`, `HTTP ${answer.status}`);
  }
  return acknowledgement(answer, envelope, first, request, reg);
}

function acknowledgement(answer: DmsAnswer, envelope: Element, first: Element | null, request: SentRequest, reg: string): DmsVerdict {
  const expected = `${request.serviceCode}Response`;
  if (!first || first.namespaceUri !== reg || first.name !== expected) {
    return retry(answer, 'invalid_acknowledgement', `expected reg:${expected} in the SOAP Body`);
  }
  const header = child(envelope, NS.soap, 'Header');
  const echoedId = header ? child(header, NS.xrd, 'id')?.content.trim() : undefined;
  if (echoedId !== request.messageId) {
    return retry(answer, 'invalid_acknowledgement', 'the acknowledgement does not echo our xrd:id');
  }
  const hash = header ? child(header, NS.xrd, 'requestHash') : null;
  if (hash) {
    const algorithm = hash.attr('algorithmId')?.value ?? '';
    const ours = createHash('sha512').update(request.requestXml, 'utf8').digest('base64');
    if (!SHA512_URIS.has(algorithm) || hash.content.trim() !== ours) {
      return retry(answer, 'invalid_acknowledgement', 'requestHash does not match the request we sent');
    }
  }
  const number = child(first, reg, 'receiptNumber')?.content.trim();
  const status = child(first, reg, 'status')?.content.trim();
  const registeredAt = child(first, reg, 'registeredAt')?.content.trim();
  if (!number || !status || !registeredAt) {
    return retry(answer, 'invalid_acknowledgement', 'receiptNumber, status or registeredAt missing');
  }
  return { kind: 'ack', receipt: { number, status, registeredAt } };
}

function fault(answer: DmsAnswer, faultElement: Element, reg: string): DmsVerdict {
  // faultcode is a QName such as SOAP-ENV:Client or SOAP-ENV:Server.Busy; its local part decides.
  const code = child(faultElement, null, 'faultcode')?.content.trim() ?? '';
  const local = code.includes(':') ? code.slice(code.indexOf(':') + 1) : code;
  const faultString = child(faultElement, null, 'faultstring')?.content.trim() ?? '';
  if (local === 'Client' || local.startsWith('Client.')) {
    const detail = child(faultElement, null, 'detail');
    const rejection = detail ? child(detail, reg, 'rejection') : null;
    return {
      kind: 'rejection',
      rejection: {
        code: (rejection && child(rejection, reg, 'code')?.content.trim()) || 'CLIENT_FAULT',
        reason: (rejection && child(rejection, reg, 'reason')?.content.trim()) || faultString || 'SOAP Client fault',
      },
    };
  }
  return retry(answer, 'server_fault', `HTTP ${answer.status}, SOAP fault ${code}: ${faultString}`.slice(0, 500));
}

function retry(_answer: DmsAnswer, errorClass: string, detail: string): DmsVerdict {
  return { kind: 'retryable', errorClass, detail };
}

function firstElement(parentElement: Element): Element | null {
  for (let n = parentElement.firstChild; n; n = n.next) if (n instanceof XmlElement) return n;
  return null;
}

/** A direct child by namespace (null: no namespace, as SOAP 1.1 Fault children are) and local name. */
function child(parentElement: Element, ns: string | null, localName: string): Element | null {
  for (let n = parentElement.firstChild; n; n = n.next) {
    if (n instanceof XmlElement && n.name === localName && (n.namespaceUri || null) === ns) return n;
  }
  return null;
}
