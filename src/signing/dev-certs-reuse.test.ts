// ensureDevCertificates keeps a development PKI only while all of it is usable (every file readable,
// keys matching certificates and of the right type, signers issued by this CA, valid at this moment)
// and otherwise makes all of it anew; private keys always end up readable by the owner only.
import { X509Certificate } from 'node:crypto';
import { chmodSync, copyFileSync, readFileSync, rmSync, statSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ensureDevCertificates } from './dev-certs.ts';
import type { DevCertificates } from './dev-certs.ts';
import { tempPki } from './test-fixtures.ts';
import type { TempPki } from './test-fixtures.ts';

const made: TempPki[] = [];
afterAll(() => {
  for (const t of made) t.cleanup();
});
afterEach(() => {
  vi.useRealTimers();
});

function fresh(): DevCertificates {
  const t = tempPki();
  made.push(t);
  return t.pki;
}

const other = fresh();
const caFingerprint = (p: DevCertificates) => new X509Certificate(readFileSync(p.caCertFile)).fingerprint256;
const mode = (file: string) => statSync(file).mode & 0o777;

/** Runs ensureDevCertificates again and says whether it kept the PKI or made a new one. */
function rerun(p: DevCertificates, before = caFingerprint(p)): 'kept' | 'made anew' {
  const again = ensureDevCertificates(p.dir);
  expect(again).toEqual(p);
  return caFingerprint(p) === before ? 'kept' : 'made anew';
}

describe('ensureDevCertificates keeps a usable PKI', () => {
  it('with every file as it was', () => {
    const p = fresh();
    const files = [p.caCertFile, p.caKeyFile, p.rsa.certFile, p.rsa.keyFile, p.ecdsa.certFile, p.ecdsa.keyFile];
    const before = files.map((f) => readFileSync(f, 'utf8'));
    expect(rerun(p)).toBe('kept');
    expect(files.map((f) => readFileSync(f, 'utf8'))).toEqual(before);
  });

  it('and tightens private keys someone loosened', () => {
    const p = fresh();
    chmodSync(p.rsa.keyFile, 0o644);
    chmodSync(p.caKeyFile, 0o640);
    expect(rerun(p)).toBe('kept');
    expect([mode(p.caKeyFile), mode(p.rsa.keyFile), mode(p.ecdsa.keyFile)]).toEqual([0o600, 0o600, 0o600]);
  });
});

describe('ensureDevCertificates makes the PKI anew', () => {
  it.each([
    ['a signer certificate is missing', (p: DevCertificates) => rmSync(p.ecdsa.certFile)],
    ['the CA key belongs to another CA', (p: DevCertificates) => copyFileSync(other.caKeyFile, p.caKeyFile)],
    ['the CA certificate is not a certificate', (p: DevCertificates) => copyFileSync(p.rsa.keyFile, p.caCertFile)],
    ['the RSA signer key belongs to another certificate', (p: DevCertificates) => copyFileSync(other.rsa.keyFile, p.rsa.keyFile)],
    [
      'the RSA signer is another CA\'s',
      (p: DevCertificates) => {
        copyFileSync(other.rsa.certFile, p.rsa.certFile);
        copyFileSync(other.rsa.keyFile, p.rsa.keyFile);
      },
    ],
    [
      'the RSA place holds the (matching, trusted) ECDSA signer',
      (p: DevCertificates) => {
        copyFileSync(p.ecdsa.certFile, p.rsa.certFile);
        copyFileSync(p.ecdsa.keyFile, p.rsa.keyFile);
      },
    ],
    [
      'the ECDSA place holds the (matching, trusted) RSA signer',
      (p: DevCertificates) => {
        copyFileSync(p.rsa.certFile, p.ecdsa.certFile);
        copyFileSync(p.rsa.keyFile, p.ecdsa.keyFile);
      },
    ],
  ])('when %s', (_what, spoil) => {
    const p = fresh();
    const before = caFingerprint(p);
    spoil(p);
    expect(rerun(p, before)).toBe('made anew');
    const ca = new X509Certificate(readFileSync(p.caCertFile));
    for (const [files, type] of [
      [p.rsa, 'rsa'],
      [p.ecdsa, 'ec'],
    ] as const) {
      const leaf = new X509Certificate(readFileSync(files.certFile));
      expect(leaf.publicKey.asymmetricKeyType).toBe(type);
      expect(leaf.checkIssued(ca) && leaf.verify(ca.publicKey)).toBe(true);
    }
  });

  it('and writes owner-only keys over loosened old ones', () => {
    const p = fresh();
    chmodSync(p.rsa.keyFile, 0o644);
    rmSync(p.rsa.certFile);
    expect(rerun(p)).toBe('made anew');
    expect([mode(p.caKeyFile), mode(p.rsa.keyFile), mode(p.ecdsa.keyFile)]).toEqual([0o600, 0o600, 0o600]);
  });
});

describe('ensureDevCertificates judges validity at this moment', () => {
  const dates = (p: DevCertificates) => [p.caCertFile, p.rsa.certFile, p.ecdsa.certFile].map((f) => new X509Certificate(readFileSync(f)));

  it('keeps the PKI from the last start of validity up to the first end, not a millisecond outside', () => {
    const p = fresh();
    const certs = dates(p);
    const start = Math.max(...certs.map((c) => c.validFromDate.getTime()));
    const end = Math.min(...certs.map((c) => c.validToDate.getTime()));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    expect(rerun(p)).toBe('kept');
    vi.setSystemTime(end - 1);
    expect(rerun(p)).toBe('kept');
    vi.setSystemTime(start - 1);
    expect(rerun(p)).toBe('made anew');
  });

  it('makes it anew at the very end of a signer validity', () => {
    const p = fresh();
    const end = Math.min(...dates(p).map((c) => c.validToDate.getTime()));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(end);
    expect(rerun(p)).toBe('made anew');
    // The new PKI is made for that moment, so it is kept from then on.
    expect(rerun(p)).toBe('kept');
  });
});
