// HTTP-level checks of a SOAP 1.1 request, before any XML is looked at: the media type, the
// SOAPAction header SOAP 1.1 requires, and UTF-8 (X-Road messages are UTF-8 only).
import type { Rejection } from '../model.ts';

export interface IncomingSoap {
  bytes: Uint8Array;
  contentType: string | undefined;
  soapAction: string | undefined;
}

export type Decoded = { ok: true; text: string } | { ok: false; rejection: Rejection; httpStatus: number };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const BOM = '\uFEFF';
// Only the prolog is inspected, so a long document costs nothing here.
const ENCODING_DECLARATION = /^<\?xml[^>]*?\sencoding\s*=\s*["']([^"']+)["']/;

function reject(code: string, reason: string, httpStatus = 500): Decoded {
  return { ok: false, rejection: { code, reason }, httpStatus };
}

function checkContentType(contentType: string | undefined): Decoded | null {
  if (!contentType) return reject('CONTENT_TYPE_INVALID', 'Content-Type відсутній', 415);
  const [mediaType = '', ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
  if (mediaType !== 'text/xml') return reject('CONTENT_TYPE_INVALID', `Content-Type ${mediaType}, очікується text/xml`, 415);
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replaceAll('"', '');
  if (charset !== undefined && charset !== 'utf-8') return reject('CONTENT_TYPE_INVALID', `charset ${charset}, очікується utf-8`, 415);
  return null;
}

export function decodeRequest({ bytes, contentType, soapAction }: IncomingSoap): Decoded {
  const badType = checkContentType(contentType);
  if (badType) return badType;
  if (soapAction === undefined) return reject('SOAP_ACTION_MISSING', 'HTTP-заголовок SOAPAction обовʼязковий (SOAP 1.1, 6.1.1)');
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return reject('MALFORMED_XML', 'Повідомлення не є коректним UTF-8');
  }
  if (text.startsWith(BOM)) text = text.slice(BOM.length);
  const declared = ENCODING_DECLARATION.exec(text)?.[1];
  if (declared !== undefined && declared.toLowerCase() !== 'utf-8') {
    return reject('MALFORMED_XML', `Кодування ${declared} не підтримується, лише UTF-8`);
  }
  return { ok: true, text };
}
