// The answers the mock writes: acknowledgement, Client fault (final rejection), Server fault
// (retryable) and deliberately broken XML. Strings, not DOM: what goes out is exactly what is here.
import { NS } from '../../../src/xml/namespaces.ts';
import type { Receipt, Rejection, ServiceCode } from '../model.ts';
import { SERVER_FAULT_STRING, faultStringFor } from './rejection-codes.ts';
import { isCanonicalEcho, isPlainText } from './canonical-echo.ts';
import { truncate, xmlText } from './xml-text.ts';

export const SHA512_ALGORITHM_ID = 'http://www.w3.org/2001/04/xmlenc#sha512';

// registration.xsd caps reg:code at 64 and reg:reason at 200 characters; a fault must still validate.
const CODE_MAX = 64;
const REASON_MAX = 200;

const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NAME = /^[A-Za-z]+$/;

/** `reg`: the namespace of the request's contract version; the answer's elements are in it too. */
function envelope(header: string, body: string, reg: string = NS.reg): string {
  return (
    PROLOG +
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${NS.soap}" xmlns:xrd="${NS.xrd}" xmlns:id="${NS.id}" xmlns:reg="${reg}">\n` +
    header +
    `<SOAP-ENV:Body>${body}</SOAP-ENV:Body>\n` +
    '</SOAP-ENV:Envelope>\n'
  );
}

export interface AckInput {
  status: 'ACCEPTED' | 'DUPLICATE';
  receipt: Receipt;
  /** The request's X-Road header elements, serialized, in their original order. */
  echoedHeaders: string[];
  /** base64 SHA-512 of the request bytes exactly as received. */
  requestHash: string;
  reg?: string;
}

// `xrd` and `reg`: where the acknowledgement's own elements declare their namespaces (nowhere when
// the Envelope declares them, as renderAck's does).
function ackHeader(echoedHeaders: string[], requestHash: string, xrd: string): string {
  return (
    '<SOAP-ENV:Header>\n' +
    echoedHeaders.map((h) => `  ${h}\n`).join('') +
    `  <xrd:requestHash${xrd} algorithmId="${SHA512_ALGORITHM_ID}">${requestHash}</xrd:requestHash>\n` +
    '</SOAP-ENV:Header>\n'
  );
}

function ackBody(status: AckInput['status'], receipt: Receipt, reg: string): string {
  const name = `reg:${receipt.serviceCode}Response`;
  return (
    `<${name}${reg}>` +
    `<reg:receiptNumber>${xmlText(receipt.receiptNumber)}</reg:receiptNumber>` +
    `<reg:status>${status}</reg:status>` +
    `<reg:registeredAt>${xmlText(receipt.registeredAt)}</reg:registeredAt>` +
    `<reg:gatewayEventId>${xmlText(receipt.gatewayEventId)}</reg:gatewayEventId>` +
    `</${name}>`
  );
}

export function renderAck({ status, receipt, echoedHeaders, requestHash, reg }: AckInput): string {
  return envelope(ackHeader(echoedHeaders, requestHash, ''), ackBody(status, receipt, ''), reg);
}

/**
 * renderAck's acknowledgement in exclusive canonical form, without the XML declaration: exactly what
 * libxml2 makes of it before it is signed (each namespace declared where it is first used, nothing
 * after the root), so it can be signed as it is. null when a piece of it is not known to be
 * canonical (see canonical-echo.ts): then the answer is canonicalized as before.
 */
export function renderCanonicalAck({ status, receipt, echoedHeaders, requestHash, reg = NS.reg }: AckInput): string | null {
  const values = [receipt.receiptNumber, receipt.registeredAt, receipt.gatewayEventId, requestHash, reg];
  if (!NAME.test(receipt.serviceCode) || reg === '' || !values.every(isPlainText) || !echoedHeaders.every(isCanonicalEcho)) return null;
  return (
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${NS.soap}">\n` +
    ackHeader(echoedHeaders, requestHash, ` xmlns:xrd="${NS.xrd}"`) +
    `<SOAP-ENV:Body>${ackBody(status, receipt, ` xmlns:reg="${reg}"`)}</SOAP-ENV:Body>\n` +
    '</SOAP-ENV:Envelope>'
  );
}

export function renderClientFault(rejection: Rejection, reg: string = NS.reg): string {
  const code = truncate(rejection.code, CODE_MAX);
  const reason = truncate(rejection.reason || code, REASON_MAX);
  return envelope(
    '',
    '<SOAP-ENV:Fault>' +
      '<faultcode>SOAP-ENV:Client</faultcode>' +
      `<faultstring xml:lang="uk">${xmlText(faultStringFor(code))}</faultstring>` +
      `<detail><reg:rejection><reg:code>${xmlText(code)}</reg:code><reg:reason>${xmlText(reason)}</reg:reason></reg:rejection></detail>` +
      '</SOAP-ENV:Fault>',
    reg,
  );
}

export function renderServerFault(): string {
  return envelope(
    '',
    `<SOAP-ENV:Fault><faultcode>SOAP-ENV:Server</faultcode><faultstring xml:lang="uk">${SERVER_FAULT_STRING}</faultstring></SOAP-ENV:Fault>`,
  );
}

/** A 200 whose body stops mid-element: the client must treat it as a failed attempt, not an ack. */
export function renderMalformed(serviceCode: ServiceCode | null): string {
  const name = `reg:${serviceCode ?? 'RegisterResidence'}Response`;
  return (
    PROLOG +
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${NS.soap}" xmlns:reg="${NS.reg}"><SOAP-ENV:Body><${name}><reg:receiptNumber>DMS-`
  );
}
