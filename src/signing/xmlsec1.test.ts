// Interoperability: an independent XML-DSig implementation (xmlsec1, libxmlsec1 + OpenSSL) must accept
// what we sign. A missing xmlsec1 is a failure, not a skip: CI installs it, and a silent skip would
// hide exactly the breakage this test exists for.
import { afterAll, describe, expect, it } from 'vitest';
import { xmlsec1Verify } from '../../tests/support/xmlsec1.ts';
import { loadSigningKey } from './keys.ts';
import { signEnvelope } from './sign.ts';
import { SAMPLE_ENVELOPE, tamperOneByte, tempPki } from './test-fixtures.ts';

const ours = tempPki();
const theirs = tempPki();
afterAll(() => {
  ours.cleanup();
  theirs.cleanup();
});

const cases = [
  ['rsa-sha256', ours.pki.rsa],
  ['ecdsa-p256-sha256', ours.pki.ecdsa],
] as const;

describe.each(cases)('xmlsec1 --verify (%s)', (algorithm, files) => {
  const signed = signEnvelope(SAMPLE_ENVELOPE, loadSigningKey({ ...files, algorithm }));

  it('accepts our signature', () => {
    const run = xmlsec1Verify(signed, ours.pki.caCertFile);
    expect(run.output).toMatch(/^OK$/m);
    expect(run.status, run.output).toBe(0);
  });

  it('rejects the message after one byte of the Body changes', () => {
    const run = xmlsec1Verify(tamperOneByte(signed), ours.pki.caCertFile);
    expect(run.output).toMatch(/^FAIL$/m);
    expect(run.status).not.toBe(0);
  });

  it('rejects the signer when only an unrelated CA is trusted', () => {
    const run = xmlsec1Verify(signed, theirs.pki.caCertFile);
    expect(run.status).not.toBe(0);
  });
});
