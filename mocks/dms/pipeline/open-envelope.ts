// Step 1: parse without DTDs or entities and find the SOAP 1.1 Header and Body as the Envelope's
// only two children. Anything else is not a message this service can read.
import type { Document, Element } from '@xmldom/xmldom';
import { NS } from '../../../src/xml/namespaces.ts';
import { XmlParseError, parseXmlSafely } from '../../../src/xml/safe-parse.ts';
import type { Rejection } from '../model.ts';
import { elementChildren, hasOwnText, isNamed, qualifiedName } from '../soap/dom.ts';

const SOAP_12 = 'http://www.w3.org/2003/05/soap-envelope';

export type Opened = { ok: true; doc: Document; header: Element; body: Element } | { ok: false; rejection: Rejection };

function malformed(reason: string): Opened {
  return { ok: false, rejection: { code: 'MALFORMED_XML', reason } };
}

function parse(text: string): Document | Opened {
  try {
    return parseXmlSafely(text);
  } catch (err) {
    if (!(err instanceof XmlParseError)) throw err;
    const code = err.kind === 'dtd_forbidden' ? 'DTD_FORBIDDEN' : 'MALFORMED_XML';
    return { ok: false, rejection: { code, reason: err.message } };
  }
}

export function openEnvelope(text: string): Opened {
  const parsed = parse(text);
  if ('ok' in parsed) return parsed;
  const root = parsed.documentElement;
  if (!root) return malformed('Документ порожній');
  if (isNamed(root, SOAP_12, 'Envelope')) return malformed('SOAP 1.2 не підтримується, очікується SOAP 1.1');
  if (!isNamed(root, NS.soap, 'Envelope')) return malformed(`Кореневий елемент ${qualifiedName(root)}, очікується SOAP 1.1 Envelope`);
  if (hasOwnText(root)) return malformed('Envelope містить текст поза Header і Body');
  const [header, body, ...extra] = elementChildren(root);
  if (!header || !isNamed(header, NS.soap, 'Header')) {
    return { ok: false, rejection: { code: 'XROAD_HEADER_INVALID', reason: 'SOAP Header із заголовками X-Road відсутній' } };
  }
  if (!body || !isNamed(body, NS.soap, 'Body')) return malformed('Після SOAP Header очікується SOAP Body');
  if (extra.length > 0) return malformed(`Зайвий елемент ${qualifiedName(extra[0]!)} після SOAP Body`);
  return { ok: true, doc: parsed, header, body };
}
