// Loads the signing key and its certificate, and refuses a pair that could only produce signatures
// nobody can verify (wrong key for the certificate, wrong key type for the algorithm).
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SIGNATURE_METHOD, SIGNING_ALGORITHMS, keyFitsSignatureMethod } from './algorithms.ts';
import type { SigningAlgorithm } from './algorithms.ts';

export interface CertificateInfo {
  /** One line, e.g. "C=UA, O=..., CN=...". */
  subject: string;
  /** SHA-256 of the DER certificate, colon-separated upper-case hex (as openssl prints it). */
  fingerprint256: string;
  notAfter: Date;
}

export interface SigningKey extends CertificateInfo {
  algorithm: SigningAlgorithm;
  privateKeyPem: string;
  /** Parsed once here so that signing does not re-read the PEM for every message. */
  privateKey: KeyObject;
  certificatePem: string;
  /** DER certificate in base64, as it goes into ds:X509Certificate. */
  certificateBase64: string;
}

export interface SigningKeyFiles {
  keyFile: string;
  certFile: string;
  algorithm: SigningAlgorithm;
}

export function describeCertificate(cert: X509Certificate): CertificateInfo {
  return {
    subject: cert.subject.split('\n').join(', '),
    fingerprint256: cert.fingerprint256,
    notAfter: cert.validToDate,
  };
}

export function loadSigningKey({ keyFile, certFile, algorithm }: SigningKeyFiles): SigningKey {
  if (!SIGNING_ALGORITHMS.includes(algorithm)) {
    throw new Error(`unknown signing algorithm "${String(algorithm)}"; use one of ${SIGNING_ALGORITHMS.join(', ')}`);
  }
  const privateKeyPem = readFileSync(keyFile, 'utf8');
  const certificatePem = readFileSync(certFile, 'utf8');
  let privateKey: KeyObject;
  let cert: X509Certificate;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch (err) {
    throw new Error(`cannot read private key ${keyFile}: ${(err as Error).message}`, { cause: err });
  }
  try {
    cert = new X509Certificate(certificatePem);
  } catch (err) {
    throw new Error(`cannot read certificate ${certFile}: ${(err as Error).message}`, { cause: err });
  }
  if (!cert.checkPrivateKey(privateKey)) {
    throw new Error(`private key ${keyFile} does not belong to certificate ${certFile}`);
  }
  if (!keyFitsSignatureMethod(privateKey, SIGNATURE_METHOD[algorithm])) {
    const details = privateKey.asymmetricKeyDetails;
    const actual = `${privateKey.asymmetricKeyType ?? 'unknown'} ${details?.namedCurve ?? details?.modulusLength ?? ''}`.trim();
    throw new Error(
      `signing algorithm ${algorithm} needs ${algorithm === 'rsa-sha256' ? 'an RSA key of at least 2048 bits' : 'an EC P-256 key'}, but ${keyFile} holds ${actual}`,
    );
  }
  return {
    algorithm,
    privateKeyPem,
    privateKey,
    certificatePem,
    certificateBase64: cert.raw.toString('base64'),
    ...describeCertificate(cert),
  };
}
