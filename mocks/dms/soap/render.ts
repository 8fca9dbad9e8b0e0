// The answers the mock writes: acknowledgement, Client fault (final rejection), Server fault
// (retryable) and deliberately broken XML. Strings, not DOM: what goes out is exactly what is here.
import { NS } from '../../../src/xml/namespaces.ts';
import type { Receipt, Rejection, ServiceCode } from '../model.ts';
import { SERVER_FAULT_STRING, faultStringFor } from './rejection-codes.ts';
import { truncate, xmlText } from './xml-text.ts';

export const SHA512_ALGORITHM_ID = 'http://www.w3.org/2001/04/xmlenc#sha512';

// registration.xsd caps reg:code at 64 and reg:reason at 200 characters; a fault must still validate.
const CODE_MAX = 64;
const REASON_MAX = 200;

const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';

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

export function renderAck({ status, receipt, echoedHeaders, requestHash, reg }: AckInput): string {
  const header =
    '<SOAP-ENV:Header>\n' +
    echoedHeaders.map((h) => `  ${h}\n`).join('') +
    `  <xrd:requestHash algorithmId="${SHA512_ALGORITHM_ID}">${requestHash}</xrd:requestHash>\n` +
    '</SOAP-ENV:Header>\n';
  const name = `reg:${receipt.serviceCode}Response`;
  const body =
    `<${name}>` +
    `<reg:receiptNumber>${xmlText(receipt.receiptNumber)}</reg:receiptNumber>` +
    `<reg:status>${status}</reg:status>` +
    `<reg:registeredAt>${xmlText(receipt.registeredAt)}</reg:registeredAt>` +
    `<reg:gatewayEventId>${xmlText(receipt.gatewayEventId)}</reg:gatewayEventId>` +
    `</${name}>`;
  return envelope(header, body, reg);
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
