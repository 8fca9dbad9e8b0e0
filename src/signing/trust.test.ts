// Whether a signer certificate may be believed: issued by a pinned CA, an end entity, and valid (with
// its CA) at the moment judged, to the millisecond at both ends of the validity period.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { issueTlsCertificate } from './dev-certs.ts';
import { tempPki } from './test-fixtures.ts';
import { checkSignerCertificate, parseTrustAnchors } from './trust.ts';

const ours = tempPki();
const theirs = tempPki();
afterAll(() => {
  ours.cleanup();
  theirs.cleanup();
});

const pem = (file: string) => readFileSync(file, 'utf8');
const anchors = parseTrustAnchors([pem(ours.pki.caCertFile)]);
const ca = anchors[0] as X509Certificate;
const signer = new X509Certificate(pem(ours.pki.rsa.certFile));
const der = (cert: X509Certificate) => cert.raw.toString('base64');
const at = (ms: number) => new Date(ms);

function outcome(base64Der: string, now: Date, trusted = anchors): string {
  const result = checkSignerCertificate(base64Der, trusted, now);
  return result.ok ? `ok ${result.cert.fingerprint256}` : `${result.code}: ${result.reason}`;
}

describe('parseTrustAnchors', () => {
  it('reads every pinned CA of a bundle', () => {
    const both = parseTrustAnchors([pem(ours.pki.caCertFile), pem(theirs.pki.caCertFile)]);
    expect(both.map((c) => c.fingerprint256)).toEqual([ca.fingerprint256, new X509Certificate(pem(theirs.pki.caCertFile)).fingerprint256]);
  });

  it('throws on an empty list or an unreadable certificate, naming which one', () => {
    expect(() => parseTrustAnchors([])).toThrow(/^no trusted CA certificate configured$/);
    let thrown: unknown;
    try {
      parseTrustAnchors([pem(ours.pki.caCertFile), 'not a certificate']);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toMatch(/^trusted CA certificate #2 cannot be read: .+/);
    expect((thrown as Error).cause).toBeInstanceOf(Error);
  });
});

describe('checkSignerCertificate', () => {
  const now = new Date();

  it('accepts our signer, with its certificate and public key', () => {
    const result = checkSignerCertificate(der(signer), anchors, now);
    if (!result.ok) throw new Error(result.reason);
    expect(result.cert.fingerprint256).toBe(signer.fingerprint256);
    expect(result.publicKey.equals(signer.publicKey)).toBe(true);
  });

  it('reads base64 with line breaks in it', () => {
    expect(outcome(der(signer).replace(/(.{64})/g, '$1\n'), now)).toBe(`ok ${signer.fingerprint256}`);
  });

  it('refuses a signer of another CA, naming its subject on one line', () => {
    const foreign = new X509Certificate(pem(theirs.pki.rsa.certFile));
    expect(outcome(der(foreign), now)).toBe(
      'CERTIFICATE_UNTRUSTED: certificate "C=UA, O=rtg-gateway (development only), CN=rtg-gateway development signer (RSA)" is not issued by a trusted CA',
    );
  });

  it('refuses the CA certificate itself as a signer', () => {
    expect(outcome(der(ca), now)).toBe('CERTIFICATE_UNTRUSTED: the signer certificate is a CA certificate');
  });

  it('refuses text that is no certificate', () => {
    expect(outcome(Buffer.from('not a certificate').toString('base64'), now)).toBe('CERTIFICATE_UNTRUSTED: the certificate in KeyInfo cannot be read');
  });

  it('judges the same certificate against each set of anchors on its own', () => {
    const otherAnchors = parseTrustAnchors([pem(theirs.pki.caCertFile)]);
    expect(outcome(der(signer), now)).toBe(`ok ${signer.fingerprint256}`);
    expect(outcome(der(signer), now, otherAnchors)).toMatch(/^CERTIFICATE_UNTRUSTED: certificate ".*" is not issued by a trusted CA$/);
    expect(outcome(der(signer), now)).toBe(`ok ${signer.fingerprint256}`);
  });

  it('accepts from the first to the last millisecond of the signer validity, not outside', () => {
    const from = signer.validFromDate.getTime();
    const to = signer.validToDate.getTime();
    const expired = (when: number) => `CERTIFICATE_EXPIRED: signer certificate is valid ${signer.validFrom} – ${signer.validTo}, not at ${at(when).toISOString()}`;
    expect(outcome(der(signer), at(from))).toBe(`ok ${signer.fingerprint256}`);
    expect(outcome(der(signer), at(to))).toBe(`ok ${signer.fingerprint256}`);
    expect(outcome(der(signer), at(from - 1))).toBe(expired(from - 1));
    expect(outcome(der(signer), at(to + 1))).toBe(expired(to + 1));
  });

  it('refuses a signer still valid when its CA has expired', () => {
    // A 20-year leaf from the 10-year CA: only the CA's validity can refuse it.
    const longLived = new X509Certificate(issueTlsCertificate(ours.pki, { purpose: 'client', commonName: 'long-lived signer', days: 20 * 365 }).certPem);
    const caEnd = ca.validToDate.getTime();
    expect(longLived.validToDate.getTime()).toBeGreaterThan(caEnd);
    expect(outcome(der(longLived), at(caEnd))).toBe(`ok ${longLived.fingerprint256}`);
    expect(outcome(der(longLived), at(caEnd + 1))).toBe(
      `CERTIFICATE_EXPIRED: issuing CA certificate is valid ${ca.validFrom} – ${ca.validTo}, not at ${at(caEnd + 1).toISOString()}`,
    );
  });

  it('refuses a certificate issued by an end-entity certificate, even one that is pinned', () => {
    // Our RSA signer (no CA) issues a leaf; pinning the signer must not make that leaf trusted.
    const pinnedLeaf = parseTrustAnchors([pem(ours.pki.rsa.certFile)]);
    const issued = new X509Certificate(issueTlsCertificate({ caCertFile: ours.pki.rsa.certFile, caKeyFile: ours.pki.rsa.keyFile }, { purpose: 'client', commonName: 'issued by a leaf' }).certPem);
    expect(issued.verify(signer.publicKey)).toBe(true);
    expect(outcome(der(issued), now, pinnedLeaf)).toBe('CERTIFICATE_UNTRUSTED: certificate "C=UA, O=rtg-gateway (development only), CN=issued by a leaf" is not issued by a trusted CA');
  });
});
