// The development PKI's certificates carry exactly the profile dev-certs.ts means to give them:
// validity periods to the second, positive serials, the key identifiers that link a leaf to its CA,
// key usages, extended key usages and subject names, all with their critical flags. The extensions are
// read from the DER with forge's ASN.1 parser (forge's certificate reader cannot read EC keys).
import { X509Certificate, createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import forge from 'node-forge';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDevCertificates, issueTlsCertificate } from './dev-certs.ts';
import { tempPki } from './test-fixtures.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const { pki, cleanup } = tempPki();
afterAll(cleanup);

const OID = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

interface Extension {
  critical: boolean;
  /** The extension's value (the content of its OCTET STRING), parsed. */
  value: forge.asn1.Asn1;
}

function children(node: forge.asn1.Asn1): forge.asn1.Asn1[] {
  if (!Array.isArray(node.value)) throw new Error('not a constructed ASN.1 value');
  return node.value;
}

function bytes(node: forge.asn1.Asn1): string {
  if (typeof node.value !== 'string') throw new Error('not a primitive ASN.1 value');
  return node.value;
}

/** The certificate's extensions by OID. */
function extensions(cert: X509Certificate): Map<string, Extension> {
  const tbs = children(children(forge.asn1.fromDer(cert.raw.toString('binary')))[0] as forge.asn1.Asn1);
  const tagged = tbs.find((n) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 3);
  const found = new Map<string, Extension>();
  if (!tagged) return found;
  for (const ext of children(children(tagged)[0] as forge.asn1.Asn1)) {
    const parts = children(ext);
    const oid = forge.asn1.derToOid(bytes(parts[0] as forge.asn1.Asn1));
    const critical = parts.length === 3 && bytes(parts[1] as forge.asn1.Asn1) !== '\x00';
    found.set(oid, { critical, value: forge.asn1.fromDer(bytes(parts.at(-1) as forge.asn1.Asn1)) });
  }
  return found;
}

/** KeyUsage names in the bit order of RFC 5280 4.2.1.3. */
const KEY_USAGE = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];

/** Every extension, decoded into something comparable as a whole. */
function profile(cert: X509Certificate): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [oid, { critical, value }] of extensions(cert)) {
    switch (oid) {
      case OID.basicConstraints: {
        const flag = children(value)[0];
        out.basicConstraints = { critical, cA: flag !== undefined && bytes(flag) !== '\x00' };
        break;
      }
      case OID.keyUsage: {
        const bits = bytes(value).slice(1); // first byte: unused bits
        const set = KEY_USAGE.filter((_, i) => ((bits.charCodeAt(i >> 3) || 0) & (0x80 >> (i & 7))) !== 0);
        out.keyUsage = { critical, set };
        break;
      }
      case OID.extKeyUsage:
        out.extKeyUsage = { critical, purposes: children(value).map((p) => forge.asn1.derToOid(bytes(p))) };
        break;
      case OID.subjectKeyIdentifier:
        out.subjectKeyIdentifier = { critical, id: Buffer.from(bytes(value), 'binary').toString('hex') };
        break;
      case OID.authorityKeyIdentifier: {
        const id = children(value).find((n) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 0);
        out.authorityKeyIdentifier = { critical, id: id ? Buffer.from(bytes(id), 'binary').toString('hex') : null };
        break;
      }
      case OID.subjectAltName:
        out.subjectAltName = { critical };
        break;
      default:
        out[oid] = { critical };
    }
  }
  return out;
}

/** SHA-1 of the whole SubjectPublicKeyInfo, the key identifier dev-certs.ts writes. */
const keyId = (cert: X509Certificate) => createHash('sha1').update(cert.publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
const read = (file: string) => new X509Certificate(readFileSync(file));

function expectSerialPositive(cert: X509Certificate): void {
  // OpenSSL prints the serial's value: no sign, and no leading zero bytes (a random first byte
  // masked to 0x00 leaves 15 bytes whose top bit may be set, and the value is still positive).
  expect(cert.serialNumber).toMatch(/^[0-9A-F]+$/);
  const serial = Buffer.from(cert.serialNumber.length % 2 ? `0${cert.serialNumber}` : cert.serialNumber, 'hex');
  expect(serial.length).toBeLessThanOrEqual(16);
  expect(serial.length).toBeGreaterThanOrEqual(14);
  if (serial.length === 16) expect((serial[0] ?? 0) & 0x80).toBe(0);
}

/** Valid from one day before it was made, for `days` days after it was made (to the second). */
function expectValidity(cert: X509Certificate, days: number): void {
  const from = cert.validFromDate.getTime();
  const to = cert.validToDate.getTime();
  expect(Math.abs(to - from - (days + 1) * DAY_MS)).toBeLessThanOrEqual(1000);
  // Made during this test run: its start lies a day back from about now.
  expect(Math.abs(from + DAY_MS - Date.now())).toBeLessThan(10 * 60 * 1000);
}

describe('ensureDevCertificates: the files', () => {
  it('uses the agreed file names in the directory, which it creates for the owner only', () => {
    expect(basename(pki.dir)).toBe('pki');
    expect([pki.caCertFile, pki.caKeyFile, pki.rsa.certFile, pki.rsa.keyFile, pki.ecdsa.certFile, pki.ecdsa.keyFile]).toEqual(
      ['ca.pem', 'ca-key.pem', 'signer-rsa.pem', 'signer-rsa-key.pem', 'signer-ec.pem', 'signer-ec-key.pem'].map((f) => join(pki.dir, f)),
    );
    expect(statSync(pki.dir).mode & 0o777).toBe(0o700);
  });
});

describe('ensureDevCertificates: the CA', () => {
  const ca = read(pki.caCertFile);

  it('is valid for 10 years from a day back, with a positive 16-byte serial', () => {
    expectValidity(ca, 10 * 365);
    expectSerialPositive(ca);
    expect(ca.issuer).toBe(ca.subject);
    expect(ca.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('has critical CA:true, critical keyCertSign and cRLSign, its key identifier, and nothing else', () => {
    expect(profile(ca)).toEqual({
      basicConstraints: { critical: true, cA: true },
      keyUsage: { critical: true, set: ['keyCertSign', 'cRLSign'] },
      subjectKeyIdentifier: { critical: false, id: keyId(ca) },
    });
  });
});

describe('ensureDevCertificates: the signers', () => {
  const ca = read(pki.caCertFile);

  it.each([
    ['RSA', pki.rsa.certFile],
    ['ECDSA', pki.ecdsa.certFile],
  ])('%s: valid for 2 years from a day back, end entity, signing key usages, linked to the CA key', (_name, file) => {
    const leaf = read(file);
    expectValidity(leaf, 2 * 365);
    expectSerialPositive(leaf);
    expect(leaf.issuer).toBe(ca.subject);
    expect(profile(leaf)).toEqual({
      basicConstraints: { critical: true, cA: false },
      subjectKeyIdentifier: { critical: false, id: keyId(leaf) },
      authorityKeyIdentifier: { critical: false, id: keyId(ca) },
      keyUsage: { critical: true, set: ['digitalSignature', 'nonRepudiation'] },
    });
  });
});

describe('issueTlsCertificate', () => {
  const ca = read(pki.caCertFile);

  it('a server certificate: serverAuth, its host names and IP addresses, 30 days by default', () => {
    const issued = issueTlsCertificate(pki, { purpose: 'server', commonName: 'gateway.test', hosts: ['gateway.test', '10.1.2.3', '::1'] });
    const cert = new X509Certificate(issued.certPem);
    expect(cert.subjectAltName).toBe('DNS:gateway.test, IP Address:10.1.2.3, IP Address:0:0:0:0:0:0:0:1');
    expect(cert.subject).toBe('C=UA\nO=rtg-gateway (development only)\nCN=gateway.test');
    expect(issued.subject).toBe(cert.subject);
    expect(cert.issuer).toBe(ca.subject);
    expect(issued.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expectValidity(cert, 30);
    expectSerialPositive(cert);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(profile(cert)).toEqual({
      basicConstraints: { critical: true, cA: false },
      subjectKeyIdentifier: { critical: false, id: keyId(cert) },
      authorityKeyIdentifier: { critical: false, id: keyId(ca) },
      keyUsage: { critical: true, set: ['digitalSignature', 'keyEncipherment'] },
      extKeyUsage: { critical: false, purposes: [OID.serverAuth] },
      subjectAltName: { critical: false },
    });
  });

  it('a client certificate: clientAuth, no subjectAltName, for the days asked', () => {
    const cert = new X509Certificate(issueTlsCertificate(pki, { purpose: 'client', commonName: 'register 1', days: 7, hosts: ['ignored.test'] }).certPem);
    expect(cert.subjectAltName).toBeUndefined();
    expectValidity(cert, 7);
    expect(profile(cert)).toEqual({
      basicConstraints: { critical: true, cA: false },
      subjectKeyIdentifier: { critical: false, id: keyId(cert) },
      authorityKeyIdentifier: { critical: false, id: keyId(ca) },
      keyUsage: { critical: true, set: ['digitalSignature', 'keyEncipherment'] },
      extKeyUsage: { critical: false, purposes: [OID.clientAuth] },
    });
  });

  it('gives every certificate its own positive serial and its own key', () => {
    const certs = Array.from({ length: 12 }, () => new X509Certificate(issueTlsCertificate(pki, { purpose: 'client', commonName: 'c' }).certPem));
    for (const cert of certs) expectSerialPositive(cert);
    expect(new Set(certs.map((c) => c.serialNumber)).size).toBe(certs.length);
    expect(new Set(certs.map((c) => keyId(c))).size).toBe(certs.length);
  });
});

describe('ensureDevCertificates for another owner', () => {
  const other = tempPki();
  afterAll(other.cleanup);

  it('names the CA and the signers after the owner', () => {
    const p = ensureDevCertificates(join(other.pki.dir, '..', 'mock'), 'mock DMS');
    const subject = (file: string) => read(file).subject.split('\n').at(-1);
    expect(subject(p.caCertFile)).toBe('CN=mock DMS development CA');
    expect(subject(p.rsa.certFile)).toBe('CN=mock DMS development signer (RSA)');
    expect(subject(p.ecdsa.certFile)).toBe('CN=mock DMS development signer (ECDSA)');
    expect(read(p.rsa.certFile).issuer).toBe(read(p.caCertFile).subject);
  });
});
