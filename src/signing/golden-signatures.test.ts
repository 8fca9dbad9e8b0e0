// Every golden DMS message (src/mapping/dms-v1/golden) is signed the fast way — its text digested as
// it is, no canonicalization pass — so each must already be in exclusive canonical form, and each
// signed message must verify with two independent implementations: xml-crypto (our verifyEnvelope,
// as the mock DMS runs it) and xmlsec1 (libxmlsec1 + OpenSSL).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { xmlsec1Verify } from '../../tests/support/xmlsec1.ts';
import { canonicalizeEnvelope } from './canonical.ts';
import { loadSigningKey } from './keys.ts';
import { signEnvelope } from './sign.ts';
import { tempPki } from './test-fixtures.ts';
import { verifyEnvelope } from './verify.ts';

const GOLDEN = path.join(import.meta.dirname, '../mapping/dms-v1/golden');
const goldens = readdirSync(GOLDEN).filter((f) => f.endsWith('.xml')).sort();
const ours = tempPki();
afterAll(() => ours.cleanup());
const caPem = readFileSync(ours.pki.caCertFile, 'utf8');
const keys = [loadSigningKey({ ...ours.pki.rsa, algorithm: 'rsa-sha256' }), loadSigningKey({ ...ours.pki.ecdsa, algorithm: 'ecdsa-p256-sha256' })];

describe.each(goldens)('golden %s', (name) => {
  const xml = readFileSync(path.join(GOLDEN, name), 'utf8');

  it('is written in exclusive canonical form', () => {
    expect(canonicalizeEnvelope(xml)).toBe(xml);
  });

  it.each(keys.map((key) => [key.algorithm, key] as const))('signed with %s, verifies with xml-crypto and xmlsec1', (_algorithm, key) => {
    const signed = signEnvelope(xml, key);
    const verified = verifyEnvelope(signed, { caPems: [caPem] });
    expect(verified.ok ? 'ok' : `${verified.code}: ${verified.reason}`).toBe('ok');
    const run = xmlsec1Verify(signed, ours.pki.caCertFile);
    expect(run.output).toMatch(/^OK$/m);
    expect(run.status, run.output).toBe(0);
  });
});

