// Reads the mock's answers in tests: the ack fields, the fault's code, and the response headers and
// body as documents for the wrapper schema (c:responseHeaders and the reg: response element).
import { XMLSerializer } from '@xmldom/xmldom';
import type { Element } from '@xmldom/xmldom';
import { NS } from '../../../src/xml/namespaces.ts';
import { parseXmlSafely } from '../../../src/xml/safe-parse.ts';
import { CHECK_NS } from '../schema/schema-files.ts';
import { childNamed, childText, elementChildren } from '../soap/dom.ts';

export interface ParsedAnswer {
  headers: Element[];
  payload: Element;
  text(name: string): string | undefined;
}

export function parseAnswer(xml: string): ParsedAnswer {
  const envelope = parseXmlSafely(xml).documentElement!;
  const header = childNamed(envelope, NS.soap, 'Header');
  const body = childNamed(envelope, NS.soap, 'Body')!;
  const payload = elementChildren(body)[0]!;
  return {
    headers: header ? elementChildren(header) : [],
    payload,
    text: (name) => childText(payload, NS.reg, name),
  };
}

/** The rejection code of a Client fault, or the faultcode when there is no reg:rejection. */
export function faultCode(xml: string): string {
  const fault = parseAnswer(xml).payload;
  // SOAP 1.1 fault children (faultcode, detail, ...) are unqualified.
  const detail = elementChildren(fault).find((el) => el.localName === 'detail');
  const rejection = detail ? childNamed(detail, NS.reg, 'rejection') : undefined;
  return rejection ? (childText(rejection, NS.reg, 'code') ?? '') : (elementChildren(fault).find((el) => el.localName === 'faultcode')?.textContent ?? '');
}

export function responseHeadersDocument(answer: ParsedAnswer): string {
  const serializer = new XMLSerializer();
  return `<c:responseHeaders xmlns:c="${CHECK_NS}">${answer.headers.map((h) => serializer.serializeToString(h)).join('')}</c:responseHeaders>`;
}

export function payloadDocument(answer: ParsedAnswer): string {
  return new XMLSerializer().serializeToString(answer.payload);
}
