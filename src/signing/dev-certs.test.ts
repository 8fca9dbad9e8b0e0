import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import forge from 'node-forge';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDevCertificates, issueTlsCertificate } from './dev-certs.ts';
import { tempPki } from './test-fixtures.ts';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const { pki, cleanup } = tempPki();
afterAll(cleanup);

const cert = (file: string) => new X509Certificate(readFileSync(file));
const years = (c: X509Certificate) => (c.validToDate.getTime() - Date.now()) / YEAR_MS;

describe('ensureDevCertificates', () => {
  it('returns absolute paths and writes private keys with mode 0600', () => {
    for (const file of [pki.caCertFile, pki.caKeyFile, pki.rsa.certFile, pki.rsa.keyFile, pki.ecdsa.certFile, pki.ecdsa.keyFile]) {
      expect(isAbsolute(file)).toBe(true);
    }
    for (const file of [pki.caKeyFile, pki.rsa.keyFile, pki.ecdsa.keyFile]) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
  });

  it('creates a 10-year self-signed CA with CA:true and keyCertSign/cRLSign', () => {
    const ca = cert(pki.caCertFile);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('C=UA\nO=rtg-gateway (development only)\nCN=rtg-gateway development CA');
    expect(ca.checkIssued(ca) && ca.verify(ca.publicKey)).toBe(true);
    expect(years(ca)).toBeGreaterThan(9.9);
    const usage = forge.pki.certificateFromPem(readFileSync(pki.caCertFile, 'utf8')).getExtension('keyUsage') as Record<string, boolean>;
    expect(usage).toMatchObject({ keyCertSign: true, cRLSign: true, digitalSignature: false });
  });

  it('issues an RSA-2048 and an ECDSA P-256 signer from the CA, valid for 2 years', () => {
    const ca = cert(pki.caCertFile);
    const cases = [
      { files: pki.rsa, cn: 'rtg-gateway development signer (RSA)', type: 'rsa' },
      { files: pki.ecdsa, cn: 'rtg-gateway development signer (ECDSA)', type: 'ec' },
    ];
    for (const { files, cn, type } of cases) {
      const leaf = cert(files.certFile);
      expect(leaf.subject).toBe(`C=UA\nO=rtg-gateway (development only)\nCN=${cn}`);
      expect(leaf.ca).toBe(false);
      expect(leaf.checkIssued(ca)).toBe(true);
      expect(leaf.verify(ca.publicKey)).toBe(true);
      expect(leaf.checkPrivateKey(createPrivateKey(readFileSync(files.keyFile)))).toBe(true);
      expect(leaf.publicKey.asymmetricKeyType).toBe(type);
      expect(years(leaf)).toBeGreaterThan(1.9);
      expect(years(leaf)).toBeLessThan(2.1);
    }
    expect(cert(pki.rsa.certFile).publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(cert(pki.ecdsa.certFile).publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('gives signers keyUsage digitalSignature and nonRepudiation only', () => {
    const usage = forge.pki.certificateFromPem(readFileSync(pki.rsa.certFile, 'utf8')).getExtension('keyUsage') as Record<string, boolean>;
    expect(usage).toMatchObject({ digitalSignature: true, nonRepudiation: true, keyCertSign: false });
  });

  it('reuses valid files and recreates everything when one is broken', () => {
    const before = cert(pki.caCertFile).fingerprint256;
    ensureDevCertificates(pki.dir);
    expect(cert(pki.caCertFile).fingerprint256).toBe(before);

    writeFileSync(pki.ecdsa.keyFile, 'not a key');
    ensureDevCertificates(pki.dir);
    const ca = cert(pki.caCertFile);
    expect(ca.fingerprint256).not.toBe(before);
    expect(cert(pki.ecdsa.certFile).checkPrivateKey(createPrivateKey(readFileSync(pki.ecdsa.keyFile)))).toBe(true);
    expect(cert(pki.rsa.certFile).verify(ca.publicKey)).toBe(true);
  });
});

describe('issueTlsCertificate', () => {
  it('issues a server certificate for localhost and 127.0.0.1 and a client certificate, both chained to the CA', () => {
    const ca = cert(pki.caCertFile);
    const server = issueTlsCertificate(pki, { purpose: 'server', commonName: 'localhost' });
    const client = issueTlsCertificate(pki, { purpose: 'client', commonName: 'register 12345678' });
    const s = new X509Certificate(server.certPem);
    const c = new X509Certificate(client.certPem);
    expect(s.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(s.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth
    expect(c.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // clientAuth
    expect(c.subjectAltName).toBeUndefined();
    for (const [leaf, issued] of [[s, server], [c, client]] as const) {
      expect(leaf.checkIssued(ca) && leaf.verify(ca.publicKey)).toBe(true);
      expect(leaf.checkPrivateKey(createPrivateKey(issued.keyPem))).toBe(true);
      expect(leaf.fingerprint256).toBe(issued.fingerprint256);
      expect(leaf.ca).toBe(false);
    }
    expect(c.subject).toBe('C=UA\nO=rtg-gateway (development only)\nCN=register 12345678');
  });
});
