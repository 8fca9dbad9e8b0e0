// A trust file may be a bundle: each certificate in it is pinned on its own, whatever text is around.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { splitPemBundle } from './pem.ts';
import { tempPki } from './test-fixtures.ts';

const ours = tempPki();
const theirs = tempPki();
afterAll(() => {
  ours.cleanup();
  theirs.cleanup();
});

const a = readFileSync(ours.pki.caCertFile, 'utf8').trim();
const b = readFileSync(theirs.pki.caCertFile, 'utf8').trim();

describe('splitPemBundle', () => {
  it('returns each certificate of a bundle as its own PEM, ending with a newline, in order', () => {
    const pems = splitPemBundle(`# our CA\n${a}\n\nsubject=their CA\n${b}\n`);
    expect(pems).toEqual([`${a}\n`, `${b}\n`]);
    expect(pems.map((p) => new X509Certificate(p).fingerprint256)).toEqual([new X509Certificate(a).fingerprint256, new X509Certificate(b).fingerprint256]);
  });

  it('reads a single certificate without a final newline', () => {
    expect(splitPemBundle(a)).toEqual([`${a}\n`]);
  });

  it('refuses text without a certificate, such as a lone private key', () => {
    expect(() => splitPemBundle(readFileSync(ours.pki.caKeyFile, 'utf8'))).toThrow(/^no PEM certificate found$/);
    expect(() => splitPemBundle('')).toThrow(/^no PEM certificate found$/);
  });
});
