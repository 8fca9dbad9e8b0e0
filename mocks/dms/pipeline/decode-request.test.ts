// The HTTP-level checks before any XML is read: media type, charset, SOAPAction and UTF-8, each
// refusal with its code, reason and HTTP status.
import { describe, expect, it } from 'vitest';
import { decodeRequest } from './decode-request.ts';

const XML = '<?xml version="1.0" encoding="UTF-8"?><a/>';
const utf8 = (text: string) => new TextEncoder().encode(text);

function decode(o: { text?: string; bytes?: Uint8Array; contentType?: string | undefined; soapAction?: string | undefined } = {}) {
  return decodeRequest({
    bytes: o.bytes ?? utf8(o.text ?? XML),
    contentType: 'contentType' in o ? o.contentType : 'text/xml; charset=utf-8',
    soapAction: 'soapAction' in o ? o.soapAction : '""',
  });
}

describe('decodeRequest accepts', () => {
  it('a UTF-8 text/xml request and returns its text', () => {
    expect(decode()).toEqual({ ok: true, text: XML });
  });

  it.each(['text/xml', 'TEXT/XML; Charset="UTF-8"', ' text/xml ; action=x; charset=utf-8 ', 'text/xml;charset=UTF-8'])('the media type %j', (contentType) => {
    expect(decode({ contentType }).ok).toBe(true);
  });

  it('an empty SOAPAction (SOAP 1.1 allows "")', () => {
    expect(decode({ soapAction: '' }).ok).toBe(true);
  });

  it('a document without an XML declaration, or one naming utf-8 in any case or quotes', () => {
    for (const text of ['<a/>', "<?xml version='1.0' encoding='utf-8'?><a/>", '<?xml version="1.0" encoding = "Utf-8" ?><a/>']) {
      expect(decode({ text })).toEqual({ ok: true, text });
    }
  });

  it('strips a byte order mark', () => {
    expect(decode({ text: `\uFEFF${XML}` })).toEqual({ ok: true, text: XML });
  });

  it('looks only at the prolog: an encoding named later does not count', () => {
    const text = '<a><?xml version="1.0" encoding="ISO-8859-1"?></a>';
    expect(decode({ text })).toEqual({ ok: true, text });
  });

  it('reads the encoding pseudo-attribute only, not one that merely ends in "encoding"', () => {
    const text = '<?xml version="1.0" xencoding="latin1"?><a/>';
    expect(decode({ text })).toEqual({ ok: true, text });
  });
});

describe('decodeRequest refuses', () => {
  it('a request without Content-Type (415)', () => {
    expect(decode({ contentType: undefined })).toEqual({ ok: false, rejection: { code: 'CONTENT_TYPE_INVALID', reason: 'Content-Type відсутній' }, httpStatus: 415 });
    expect(decode({ contentType: '' })).toEqual({ ok: false, rejection: { code: 'CONTENT_TYPE_INVALID', reason: 'Content-Type відсутній' }, httpStatus: 415 });
  });

  it('another media type, such as SOAP 1.2\'s (415)', () => {
    expect(decode({ contentType: 'application/soap+xml; charset=utf-8' })).toEqual({
      ok: false,
      rejection: { code: 'CONTENT_TYPE_INVALID', reason: 'Content-Type application/soap+xml, очікується text/xml' },
      httpStatus: 415,
    });
  });

  it('a charset other than UTF-8 (415)', () => {
    expect(decode({ contentType: 'text/xml; charset="ISO-8859-1"' })).toEqual({
      ok: false,
      rejection: { code: 'CONTENT_TYPE_INVALID', reason: 'charset iso-8859-1, очікується utf-8' },
      httpStatus: 415,
    });
  });

  it('a request without SOAPAction (500, a Client fault)', () => {
    expect(decode({ soapAction: undefined })).toEqual({
      ok: false,
      rejection: { code: 'SOAP_ACTION_MISSING', reason: 'HTTP-заголовок SOAPAction обовʼязковий (SOAP 1.1, 6.1.1)' },
      httpStatus: 500,
    });
  });

  it('checks the media type before SOAPAction', () => {
    const decoded = decode({ contentType: 'text/plain', soapAction: undefined });
    expect(decoded.ok || decoded.rejection.code).toBe('CONTENT_TYPE_INVALID');
  });

  it('bytes that are not UTF-8', () => {
    const bytes = new Uint8Array([...utf8('<a>'), 0xc3, 0x28, ...utf8('</a>')]);
    expect(decode({ bytes })).toEqual({ ok: false, rejection: { code: 'MALFORMED_XML', reason: 'Повідомлення не є коректним UTF-8' }, httpStatus: 500 });
  });

  it('a document declaring another encoding, also after a byte order mark', () => {
    const refusal = { ok: false, rejection: { code: 'MALFORMED_XML', reason: 'Кодування windows-1251 не підтримується, лише UTF-8' }, httpStatus: 500 };
    expect(decode({ text: '<?xml version="1.0" encoding="windows-1251"?><a/>' })).toEqual(refusal);
    expect(decode({ text: "\uFEFF<?xml version='1.0' encoding='windows-1251'?><a/>" })).toEqual(refusal);
    expect(decode({ text: '<?xml version="1.0"\n  encoding = "windows-1251" standalone="yes"?><a/>' })).toEqual(refusal);
  });
});
