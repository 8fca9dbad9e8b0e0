// signEnvelope on the layouts an envelope can come in (with or without an XML declaration, trailing
// white space, an indented Header, another SOAP prefix): the Signature goes exactly where intended,
// the rest stays byte for byte, and xml-crypto (verifyEnvelope) and xmlsec1 both accept the result.
// And what it refuses to sign, with its reason.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { xmlsec1Verify } from '../../tests/support/xmlsec1.ts';
import { NS } from '../xml/namespaces.ts';
import { loadSigningKey } from './keys.ts';
import type { SigningKey } from './keys.ts';
import { signEnvelope } from './sign.ts';
import { SAMPLE_ENVELOPE, SIGNATURE_PATTERN, match, tempPki } from './test-fixtures.ts';
import { verifyEnvelope } from './verify.ts';

const ours = tempPki();
afterAll(() => ours.cleanup());
const trust = { caPems: [readFileSync(ours.pki.caCertFile, 'utf8')] };
const keys: SigningKey[] = [loadSigningKey({ ...ours.pki.rsa, algorithm: 'rsa-sha256' }), loadSigningKey({ ...ours.pki.ecdsa, algorithm: 'ecdsa-p256-sha256' })];
const rsaKey = keys[0] as SigningKey;

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const HEADER_END = '</SOAP-ENV:Header>';
const bare = SAMPLE_ENVELOPE.slice(DECLARATION.length);

function expectVerifies(signed: string): void {
  const result = verifyEnvelope(signed, trust);
  expect(result.ok ? 'ok' : `${result.code}: ${result.reason}`).toBe('ok');
  const run = xmlsec1Verify(signed, ours.pki.caCertFile);
  expect(run.status, run.output).toBe(0);
}

describe.each(keys.map((k) => [k.algorithm, k] as const))('signEnvelope layouts (%s)', (_algorithm, key) => {
  it('an envelope without XML declaration, with trailing white space', () => {
    const input = `${bare}\n\n`;
    const signed = signEnvelope(input, key);
    const signature = match(signed, SIGNATURE_PATTERN);
    expect(signed).toBe(input.replace(HEADER_END, `${signature}${HEADER_END}`));
    expectVerifies(signed);
  });

  it('an indented Header end: the Signature on a line of its own, indented once more', () => {
    const input = SAMPLE_ENVELOPE.replace(HEADER_END, `\n  ${HEADER_END}`);
    const signed = signEnvelope(input, key);
    const signature = match(signed, SIGNATURE_PATTERN);
    expect(signed).toBe(input.replace(`\n  ${HEADER_END}`, `\n    ${signature}\n  ${HEADER_END}`));
    expectVerifies(signed);
  });

  it('another SOAP prefix', () => {
    const input = SAMPLE_ENVELOPE.replaceAll('SOAP-ENV:', 'soap:').replace('xmlns:SOAP-ENV=', 'xmlns:soap=');
    const signed = signEnvelope(input, key);
    expect(signed).toBe(input.replace('</soap:Header>', `${match(signed, SIGNATURE_PATTERN)}</soap:Header>`));
    expectVerifies(signed);
  });

  it('a namespace that only looks like XML-DSig once dots are read as wildcards', () => {
    const lookalike = NS.ds.replaceAll('.', '-');
    const input = SAMPLE_ENVELOPE.replace('<reg:person>', `<reg:person><n:note xmlns:n="${lookalike}">x</n:note>`);
    expectVerifies(signEnvelope(input, key));
  });
});

describe('signEnvelope refuses', () => {
  it.each([
    ['an Envelope in the default namespace', SAMPLE_ENVELOPE.replaceAll('SOAP-ENV:', '').replace('xmlns:SOAP-ENV=', 'xmlns='), /^not a SOAP 1\.1 Envelope$/],
    ['a prefixed Envelope of another namespace', SAMPLE_ENVELOPE.replace(NS.soap, 'http://www.w3.org/2003/05/soap-envelope'), /^not a SOAP 1\.1 Envelope$/],
    ['an element named like an Envelope', SAMPLE_ENVELOPE.replaceAll('SOAP-ENV:Envelope', 'SOAP-ENV:Envelopes'), /^not a SOAP 1\.1 Envelope$/],
    ['text before the Envelope', SAMPLE_ENVELOPE.replace(DECLARATION, `${DECLARATION}x`), /^not a SOAP 1\.1 Envelope$/],
    ['an envelope without Header', SAMPLE_ENVELOPE.replace(/<SOAP-ENV:Header>[\s\S]*<\/SOAP-ENV:Header>/, ''), /^the envelope needs a SOAP Header$/],
    ['an envelope declaring XML-DSig on another prefix', SAMPLE_ENVELOPE.replace('<reg:person>', `<reg:person xmlns:dsig="${NS.ds}">`), /^the envelope is already signed$/],
    ['an envelope declaring XML-DSig as default namespace', SAMPLE_ENVELOPE.replace('<reg:person>', `<reg:person xmlns="${NS.ds}">`), /^the envelope is already signed$/],
  ])('%s', (_what, xml, message) => {
    expect(() => signEnvelope(xml, rsaKey)).toThrow(message);
  });

  it('but signs an envelope that only mentions the XML-DSig namespace in its text', () => {
    expectVerifies(signEnvelope(SAMPLE_ENVELOPE.replace('Шевченко', `Шевченко ="${NS.ds}"`), rsaKey));
  });
});
