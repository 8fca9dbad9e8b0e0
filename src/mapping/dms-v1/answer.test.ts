import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { interpretAnswer } from './answer.ts';

const request = { messageId: '019ab3c0-0000-7000-8000-000000000002', serviceCode: 'RegisterResidence', requestXml: '<request>Шевченко</request>' };
const hash = createHash('sha512').update(request.requestXml, 'utf8').digest('base64');

const envelope = (header: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xrd="http://x-road.eu/xsd/xroad.xsd" xmlns:reg="urn:rtg-gateway:dms:registration:v1"><SOAP-ENV:Header>${header}</SOAP-ENV:Header><SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;
const receipt = (name = 'RegisterResidenceResponse') =>
  `<reg:${name}><reg:receiptNumber>DMS-20261123-000042</reg:receiptNumber><reg:status>ACCEPTED</reg:status><reg:registeredAt>2026-11-23T10:00:00Z</reg:registeredAt><reg:gatewayEventId>019ab3c0-0000-7000-8000-000000000001</reg:gatewayEventId></reg:${name}>`;
const idHeader = (id = request.messageId) => `<xrd:id>${id}</xrd:id>`;
const hashHeader = (value = hash) => `<xrd:requestHash algorithmId="http://www.w3.org/2001/04/xmlenc#sha512">${value}</xrd:requestHash>`;
const fault = (code: string, detail = '') => `<SOAP-ENV:Fault><faultcode>${code}</faultcode><faultstring>Відмова</faultstring>${detail}</SOAP-ENV:Fault>`;

describe('interpretAnswer (DMS contract v1)', () => {
  it('accepts an acknowledgement bound to our request', () => {
    const verdict = interpretAnswer({ status: 200, body: envelope(idHeader() + hashHeader(), receipt()) }, request);
    expect(verdict).toEqual({ kind: 'ack', receipt: { number: 'DMS-20261123-000042', status: 'ACCEPTED', registeredAt: '2026-11-23T10:00:00Z' } });
  });

  it('accepts an acknowledgement without requestHash', () => {
    expect(interpretAnswer({ status: 200, body: envelope(idHeader(), receipt()) }, request).kind).toBe('ack');
  });

  it.each([
    ['another message id', envelope(idHeader('another'), receipt())],
    ['a requestHash of other bytes', envelope(idHeader() + hashHeader('AAAA'), receipt())],
    ['the response of another service', envelope(idHeader(), receipt('RegisterStayResponse'))],
    ['no receipt number', envelope(idHeader(), '<reg:RegisterResidenceResponse><reg:status>ACCEPTED</reg:status></reg:RegisterResidenceResponse>')],
  ])('does not count %s as delivered', (_name, body) => {
    const verdict = interpretAnswer({ status: 200, body }, request);
    expect(verdict).toMatchObject({ kind: 'retryable', errorClass: 'invalid_acknowledgement' });
  });

  it('takes a Client fault as a final business rejection with DMS reason', () => {
    const detail = '<detail><reg:rejection><reg:code>UNZR_INVALID</reg:code><reg:reason>УНЗР не знайдено</reg:reason></reg:rejection></detail>';
    expect(interpretAnswer({ status: 500, body: envelope('', fault('SOAP-ENV:Client', detail)) }, request)).toEqual({
      kind: 'rejection',
      rejection: { code: 'UNZR_INVALID', reason: 'УНЗР не знайдено' },
    });
  });

  it('retries a Server fault, an HTTP error and garbage', () => {
    expect(interpretAnswer({ status: 500, body: envelope('', fault('SOAP-ENV:Server')) }, request)).toMatchObject({ kind: 'retryable', errorClass: 'server_fault' });
    expect(interpretAnswer({ status: 503, body: envelope('', '') }, request)).toMatchObject({ kind: 'retryable', errorClass: 'http_5xx' });
    expect(interpretAnswer({ status: 429, body: envelope('', '') }, request)).toMatchObject({ kind: 'retryable', errorClass: 'http_429' });
    expect(interpretAnswer({ status: 200, body: '<SOAP-ENV:Envelope><broken' }, request)).toMatchObject({ kind: 'retryable', errorClass: 'malformed_response' });
    expect(interpretAnswer({ status: 200, body: '<html>ok</html>' }, request)).toMatchObject({ kind: 'retryable', errorClass: 'malformed_response' });
    expect(interpretAnswer({ status: 200, body: '' }, request)).toMatchObject({ kind: 'retryable', errorClass: 'malformed_response' });
    // an error the parser could repair (an undeclared prefix) is not repaired
    expect(interpretAnswer({ status: 200, body: envelope(idHeader(), receipt().replaceAll('reg:', 'undeclared:')) }, request)).toMatchObject({ kind: 'retryable', errorClass: 'malformed_response' });
  });

  it('never expands entities from an answer', () => {
    const evil = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>';
    expect(interpretAnswer({ status: 200, body: evil }, request)).toMatchObject({ kind: 'retryable', errorClass: 'malformed_response' });
  });
});
