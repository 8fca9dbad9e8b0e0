// A throwaway PKI for development and tests: one CA and two signers (RSA, ECDSA P-256).
// Keys come from node:crypto (fast, and it can make EC keys); node-forge builds the certificate
// structure. forge can only put RSA keys into a certificate, so the TBSCertificate it builds gets
// the real SubjectPublicKeyInfo swapped in and is then signed with node:crypto. One code path serves
// all three certificates, RSA and EC alike.
import { X509Certificate, createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import forge from 'node-forge';

export interface KeyPairFiles {
  certFile: string;
  keyFile: string;
}

export interface DevCertificates {
  dir: string;
  caCertFile: string;
  caKeyFile: string;
  rsa: KeyPairFiles;
  ecdsa: KeyPairFiles;
}

const ORG = 'rtg-gateway (development only)';
const OWNER = 'rtg-gateway';
const CA_CN = 'rtg-gateway development CA';
const DAY_MS = 24 * 60 * 60 * 1000;
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

// @types/node-forge leaves out getTBSCertificate, which forge exports.
const pkiWithTbs = forge.pki as typeof forge.pki & {
  getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1;
};

function paths(dir: string): DevCertificates {
  const abs = resolve(dir);
  return {
    dir: abs,
    caCertFile: resolve(abs, 'ca.pem'),
    caKeyFile: resolve(abs, 'ca-key.pem'),
    rsa: { certFile: resolve(abs, 'signer-rsa.pem'), keyFile: resolve(abs, 'signer-rsa-key.pem') },
    ecdsa: { certFile: resolve(abs, 'signer-ec.pem'), keyFile: resolve(abs, 'signer-ec-key.pem') },
  };
}

function binary(buf: Buffer): string {
  return buf.toString('binary');
}

function spkiDer(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

// Any unique value is a valid key identifier (RFC 5280 4.2.1.2); SHA-1 of the whole SPKI is one.
function keyIdentifier(key: KeyObject): Buffer {
  return createHash('sha1').update(spkiDer(key)).digest();
}

function name(cn: string): forge.pki.CertificateField[] {
  return [
    { shortName: 'C', value: 'UA' },
    { shortName: 'O', value: ORG },
    { shortName: 'CN', value: cn },
  ];
}

/** What a leaf certificate is for: XML signing, a TLS server, or a TLS client (mTLS). */
type Purpose = 'signer' | 'server' | 'client';

interface IssueOptions {
  subjectCn: string;
  subjectKey: KeyObject; // public key of the subject
  issuerCn: string;
  issuerKey: KeyObject; // private key of the issuer (RSA)
  issuerPublic: KeyObject;
  years: number;
  ca: boolean;
  purpose?: Purpose;
  /** subjectAltName of a server certificate: host names and IP addresses. */
  hosts?: readonly string[];
}

function leafExtensions(o: IssueOptions, ski: forge.asn1.Asn1): object[] {
  const common = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'subjectKeyIdentifier', value: ski },
    { name: 'authorityKeyIdentifier', keyIdentifier: binary(keyIdentifier(o.issuerPublic)) },
  ];
  switch (o.purpose ?? 'signer') {
    case 'signer':
      return [...common, { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true }];
    case 'server':
      return [
        ...common,
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: (o.hosts ?? []).map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h })) },
      ];
    case 'client':
      return [...common, { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true }, { name: 'extKeyUsage', clientAuth: true }];
  }
}

/** The TBSCertificate as forge builds it, with the subject's real SubjectPublicKeyInfo swapped in. */
function tbsCertificate(o: IssueOptions): forge.asn1.Asn1 {
  const cert = forge.pki.createCertificate();
  // Positive 16-byte serial: the top bit cleared keeps the DER INTEGER from reading as negative.
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  cert.serialNumber = serial.toString('hex');
  const now = Date.now();
  cert.validity.notBefore = new Date(now - DAY_MS); // tolerate clock skew between machines
  cert.validity.notAfter = new Date(now + o.years * 365 * DAY_MS);
  cert.setSubject(name(o.subjectCn));
  cert.setIssuer(name(o.issuerCn));
  // forge needs an RSA key here to build the TBSCertificate; the issuer's stands in and is replaced below.
  cert.publicKey = forge.pki.publicKeyFromPem(o.issuerPublic.export({ type: 'spki', format: 'pem' }).toString());
  const skid = keyIdentifier(o.subjectKey);
  const ski = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OCTETSTRING, false, binary(skid));
  cert.setExtensions(
    o.ca
      ? [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
          { name: 'subjectKeyIdentifier', value: ski },
        ]
      : leafExtensions(o, ski),
  );
  cert.siginfo.algorithmOid = SHA256_WITH_RSA;
  const tbs = pkiWithTbs.getTBSCertificate(cert);
  // TBSCertificate: version, serial, signature, issuer, validity, subject, subjectPublicKeyInfo, ...
  if (!Array.isArray(tbs.value) || tbs.value.length < 7) throw new Error('unexpected TBSCertificate from node-forge');
  tbs.value[6] = forge.asn1.fromDer(binary(spkiDer(o.subjectKey)));
  return tbs;
}

/** Signs the TBSCertificate with the issuer's RSA key (sha256WithRSAEncryption) and checks the result. */
function issue(o: IssueOptions): X509Certificate {
  const { asn1 } = forge;
  const tbs = tbsCertificate(o);
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary');
  const signature = sign('sha256', tbsDer, o.issuerKey);
  const algorithm = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(SHA256_WITH_RSA).getBytes()),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
  ]);
  const certificate = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    tbs,
    algorithm,
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, '\0' + binary(signature)),
  ]);
  const x509 = new X509Certificate(Buffer.from(asn1.toDer(certificate).getBytes(), 'binary'));
  // Self-check: the certificate really carries the intended key and the issuer's signature.
  if (!x509.publicKey.equals(o.subjectKey) || !x509.verify(o.issuerPublic)) {
    throw new Error(`building the certificate for "${o.subjectCn}" went wrong`);
  }
  return x509;
}

/** True when every file is there, parses, chains to the CA, matches its key and is valid now. */
function usable(p: DevCertificates): boolean {
  const files = [p.caCertFile, p.caKeyFile, p.rsa.certFile, p.rsa.keyFile, p.ecdsa.certFile, p.ecdsa.keyFile];
  if (!files.every((f) => existsSync(f))) return false;
  try {
    const now = Date.now();
    const ca = new X509Certificate(readFileSync(p.caCertFile));
    const validNow = (c: X509Certificate) => c.validFromDate.getTime() <= now && now < c.validToDate.getTime();
    if (!ca.ca || !ca.checkPrivateKey(createPrivateKey(readFileSync(p.caKeyFile))) || !validNow(ca)) return false;
    const leaves: Array<[KeyPairFiles, string]> = [
      [p.rsa, 'rsa'],
      [p.ecdsa, 'ec'],
    ];
    return leaves.every(([files, type]) => {
      const cert = new X509Certificate(readFileSync(files.certFile));
      const key = createPrivateKey(readFileSync(files.keyFile));
      return (
        key.asymmetricKeyType === type &&
        cert.checkPrivateKey(key) &&
        cert.checkIssued(ca) &&
        cert.verify(ca.publicKey) &&
        validNow(cert)
      );
    });
  } catch {
    return false;
  }
}

const keyFiles = (p: DevCertificates) => [p.caKeyFile, p.rsa.keyFile, p.ecdsa.keyFile];

function writeKey(file: string, key: KeyObject): void {
  writeFileSync(file, key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  // The mode option only applies when the file is created; an older file keeps its mode otherwise.
  chmodSync(file, 0o600);
}

function create(p: DevCertificates, owner: string): void {
  mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  const ca = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caCn = owner === OWNER ? CA_CN : `${owner} development CA`;
  const issuer = { issuerCn: caCn, issuerKey: ca.privateKey, issuerPublic: ca.publicKey };
  const caCert = issue({ ...issuer, subjectCn: caCn, subjectKey: ca.publicKey, years: 10, ca: true });
  const rsaCert = issue({ ...issuer, subjectCn: `${owner} development signer (RSA)`, subjectKey: rsa.publicKey, years: 2, ca: false });
  const ecCert = issue({ ...issuer, subjectCn: `${owner} development signer (ECDSA)`, subjectKey: ec.publicKey, years: 2, ca: false });
  writeKey(p.caKeyFile, ca.privateKey);
  writeKey(p.rsa.keyFile, rsa.privateKey);
  writeKey(p.ecdsa.keyFile, ec.privateKey);
  writeFileSync(p.caCertFile, caCert.toString());
  writeFileSync(p.rsa.certFile, rsaCert.toString());
  writeFileSync(p.ecdsa.certFile, ecCert.toString());
}

/**
 * Makes sure `dir` holds a usable development PKI and returns the absolute file paths. Reuses what is
 * there when it is complete and valid; otherwise creates all of it anew (a new CA invalidates the old
 * signers, so nothing is mixed). `owner` names the PKI in its certificates' subjects (the mock DMS
 * has one of its own, "mock DMS", for signing its answers).
 */
export function ensureDevCertificates(dir: string, owner = OWNER): DevCertificates {
  const p = paths(dir);
  if (usable(p)) {
    for (const file of keyFiles(p)) chmodSync(file, 0o600); // in case someone loosened them
  } else {
    create(p, owner);
  }
  return p;
}

/** A TLS certificate and its key, in PEM, as tests and development write them to files. */
export interface IssuedLeaf {
  certPem: string;
  keyPem: string;
  /** SHA-256 of the DER certificate, colon-separated upper-case hex (as Node's fingerprint256). */
  fingerprint256: string;
  subject: string;
}

/**
 * A TLS certificate issued by a CA this module made (its subject names the issuer): `server` with a
 * subjectAltName for `hosts` (localhost and 127.0.0.1 unless told), `client` for mTLS. For
 * development and tests only; production certificates come from the installation's own CA.
 */
export function issueTlsCertificate(
  ca: { caCertFile: string; caKeyFile: string },
  o: { purpose: 'server' | 'client'; commonName: string; hosts?: readonly string[]; days?: number },
): IssuedLeaf {
  const caCert = new X509Certificate(readFileSync(ca.caCertFile));
  const issuerKey = createPrivateKey(readFileSync(ca.caKeyFile));
  const issuerCn = /^CN=(.*)$/m.exec(caCert.subject)?.[1];
  if (!issuerCn) throw new Error('the CA certificate has no common name');
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const cert = issue({
    subjectCn: o.commonName,
    subjectKey: pair.publicKey,
    issuerCn,
    issuerKey,
    issuerPublic: caCert.publicKey,
    years: (o.days ?? 30) / 365,
    ca: false,
    purpose: o.purpose,
    hosts: o.purpose === 'server' ? (o.hosts ?? ['localhost', '127.0.0.1']) : undefined,
  });
  return {
    certPem: cert.toString(),
    keyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    fingerprint256: cert.fingerprint256,
    subject: cert.subject,
  };
}
