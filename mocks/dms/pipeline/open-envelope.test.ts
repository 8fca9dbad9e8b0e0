// Step 1 on its own: which documents open as a SOAP 1.1 message with a Header and a Body, and the
// exact refusal for each that does not.
import { describe, expect, it } from 'vitest';
import { NS } from '../../../src/xml/namespaces.ts';
import { buildEnvelope } from '../test-support/messages.ts';
import { openEnvelope } from './open-envelope.ts';

const ENV = `xmlns:SOAP-ENV="${NS.soap}"`;
const HEADER = '<SOAP-ENV:Header/>';
const BODY = '<SOAP-ENV:Body/>';

function refusal(text: string) {
  const opened = openEnvelope(text);
  if (opened.ok) throw new Error('expected a refusal');
  return opened.rejection;
}

describe('openEnvelope', () => {
  it('opens a message and hands back its document, Header and Body', () => {
    const opened = openEnvelope(buildEnvelope());
    if (!opened.ok) throw new Error(opened.rejection.reason);
    expect(opened.header.localName).toBe('Header');
    expect(opened.body.localName).toBe('Body');
    expect(opened.header.namespaceURI).toBe(NS.soap);
    expect(opened.body.namespaceURI).toBe(NS.soap);
    expect(opened.doc.documentElement?.localName).toBe('Envelope');
  });

  it('allows whitespace and comments between the Envelope\'s children', () => {
    expect(openEnvelope(`<SOAP-ENV:Envelope ${ENV}>\n <!-- c -->${HEADER}\n ${BODY}\n</SOAP-ENV:Envelope>`).ok).toBe(true);
  });

  it('refuses a document that is not well-formed (MALFORMED_XML, the parser\'s reason)', () => {
    const rejection = refusal('<SOAP-ENV:Envelope');
    expect(rejection.code).toBe('MALFORMED_XML');
    expect(rejection.reason).not.toBe('');
  });

  it('refuses a DTD (DTD_FORBIDDEN)', () => {
    expect(refusal(`<!DOCTYPE x [<!ENTITY e "v">]><SOAP-ENV:Envelope ${ENV}>${HEADER}${BODY}</SOAP-ENV:Envelope>`).code).toBe('DTD_FORBIDDEN');
  });

  it('refuses a SOAP 1.2 envelope by name', () => {
    expect(refusal(`<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Header/><e:Body/></e:Envelope>`)).toEqual({
      code: 'MALFORMED_XML',
      reason: 'SOAP 1.2 не підтримується, очікується SOAP 1.1',
    });
  });

  it('refuses another root element, naming it', () => {
    expect(refusal('<x:Envelope xmlns:x="urn:example:x"/>')).toEqual({
      code: 'MALFORMED_XML',
      reason: 'Кореневий елемент {urn:example:x}Envelope, очікується SOAP 1.1 Envelope',
    });
    expect(refusal(`<SOAP-ENV:Header ${ENV}/>`)).toEqual({ code: 'MALFORMED_XML', reason: `Кореневий елемент {${NS.soap}}Header, очікується SOAP 1.1 Envelope` });
  });

  it('refuses text in the Envelope', () => {
    expect(refusal(`<SOAP-ENV:Envelope ${ENV}>${HEADER}text${BODY}</SOAP-ENV:Envelope>`)).toEqual({
      code: 'MALFORMED_XML',
      reason: 'Envelope містить текст поза Header і Body',
    });
  });

  it('refuses an Envelope without a Header as an X-Road header fault', () => {
    const noHeader = { code: 'XROAD_HEADER_INVALID', reason: 'SOAP Header із заголовками X-Road відсутній' };
    expect(refusal(`<SOAP-ENV:Envelope ${ENV}>${BODY}</SOAP-ENV:Envelope>`)).toEqual(noHeader);
    expect(refusal(`<SOAP-ENV:Envelope ${ENV}/>`)).toEqual(noHeader);
    expect(refusal(`<SOAP-ENV:Envelope ${ENV}><x:Header xmlns:x="urn:example:x"/>${BODY}</SOAP-ENV:Envelope>`)).toEqual(noHeader);
  });

  it('refuses a Header not followed by a Body', () => {
    const noBody = { code: 'MALFORMED_XML', reason: 'Після SOAP Header очікується SOAP Body' };
    expect(refusal(`<SOAP-ENV:Envelope ${ENV}>${HEADER}</SOAP-ENV:Envelope>`)).toEqual(noBody);
    expect(refusal(`<SOAP-ENV:Envelope ${ENV}>${HEADER}${HEADER}</SOAP-ENV:Envelope>`)).toEqual(noBody);
    expect(refusal(`<SOAP-ENV:Envelope ${ENV}>${HEADER}<x:Body xmlns:x="urn:example:x"/></SOAP-ENV:Envelope>`)).toEqual(noBody);
  });

  it('refuses an element after the Body, naming it', () => {
    expect(refusal(`<SOAP-ENV:Envelope ${ENV}>${HEADER}${BODY}<x:extra xmlns:x="urn:example:x"/></SOAP-ENV:Envelope>`)).toEqual({
      code: 'MALFORMED_XML',
      reason: 'Зайвий елемент {urn:example:x}extra після SOAP Body',
    });
  });
});
