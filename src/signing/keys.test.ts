import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSigningKey } from './keys.ts';
import { tempPki } from './test-fixtures.ts';

const { pki, cleanup } = tempPki();
afterAll(cleanup);

describe('loadSigningKey', () => {
  it('loads an RSA signer and describes its certificate', () => {
    const key = loadSigningKey({ ...pki.rsa, algorithm: 'rsa-sha256' });
    const x509 = new X509Certificate(readFileSync(pki.rsa.certFile));
    expect(key.algorithm).toBe('rsa-sha256');
    expect(Buffer.from(key.certificateBase64, 'base64').equals(x509.raw)).toBe(true);
    expect(key.certificatePem).toContain('-----BEGIN CERTIFICATE-----');
    expect(key.privateKeyPem).toContain('-----BEGIN PRIVATE KEY-----');
    expect(key.privateKey.asymmetricKeyType).toBe('rsa');
    expect(key.subject).toBe('C=UA, O=rtg-gateway (development only), CN=rtg-gateway development signer (RSA)');
    expect(key.fingerprint256).toBe(x509.fingerprint256);
    expect(key.notAfter).toEqual(x509.validToDate);
  });

  it('loads an ECDSA P-256 signer', () => {
    const key = loadSigningKey({ ...pki.ecdsa, algorithm: 'ecdsa-p256-sha256' });
    expect(key.privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(key.subject).toContain('CN=rtg-gateway development signer (ECDSA)');
  });

  it('refuses a key that does not belong to the certificate', () => {
    expect(() => loadSigningKey({ keyFile: pki.rsa.keyFile, certFile: pki.ecdsa.certFile, algorithm: 'ecdsa-p256-sha256' })).toThrow(
      /does not belong to certificate/,
    );
  });

  it('refuses a key type that does not fit the algorithm', () => {
    expect(() => loadSigningKey({ ...pki.rsa, algorithm: 'ecdsa-p256-sha256' })).toThrow(/needs an EC P-256 key/);
    expect(() => loadSigningKey({ ...pki.ecdsa, algorithm: 'rsa-sha256' })).toThrow(/needs an RSA key/);
  });

  it('refuses an unknown algorithm name', () => {
    // Comes from an env var in production, so the type system cannot catch it.
    const algorithm = 'rsa-sha1' as unknown as 'rsa-sha256';
    expect(() => loadSigningKey({ ...pki.rsa, algorithm })).toThrow(/unknown signing algorithm "rsa-sha1"/);
  });
});
