// HTTPS on the listener: certificate, key and (for mTLS) client CA read from files, modern protocol
// settings, and a reload that swaps them in for new connections without dropping open ones
// (SIGHUP). A file that cannot be used is named by its variable; key material never reaches a log.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerOptions as HttpsServerOptions } from 'node:https';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import type { Logger } from 'pino';
import type { ListenerTls } from '../config/config.ts';
import { splitPemBundle } from '../signing/pem.ts';

/** TLS 1.3 whenever the client speaks it (Node's default maximum); 1.2 the oldest accepted. */
export const TLS_MIN_VERSION = 'TLSv1.2';
// For TLS 1.2 only forward-secret AEAD suites (Mozilla's "intermediate" list); TLS 1.3 suites are all AEAD.
const CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

/** What a reload reports: public facts of the certificate now served. */
export interface ServedCertificate {
  fingerprint256: string;
  notAfter: string;
}

interface TlsMaterial {
  context: SecureContextOptions;
  served: ServedCertificate;
}

function readNamed(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`${variable}: cannot read ${file} (${(err as { code?: string }).code ?? 'error'})`, { cause: err });
  }
}

/** Reads and checks the files: a certificate (chain), its private key, the client CA bundle; throws naming the variable. */
export function readTlsMaterial(tls: ListenerTls): TlsMaterial {
  const cert = readNamed('TLS_CERT_FILE', tls.certFile);
  const key = readNamed('TLS_KEY_FILE', tls.keyFile);
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert);
  } catch (err) {
    throw new Error(`TLS_CERT_FILE: ${tls.certFile} holds no PEM certificate`, { cause: err });
  }
  let matches: boolean;
  try {
    matches = leaf.checkPrivateKey(createPrivateKey(key));
  } catch (err) {
    // The parser's own message is not repeated: it could quote the file.
    throw new Error(`TLS_KEY_FILE: ${tls.keyFile} holds no usable PEM private key`, { cause: err });
  }
  if (!matches) throw new Error(`TLS_KEY_FILE: ${tls.keyFile} is not the key of the certificate in TLS_CERT_FILE`);
  let ca: string[] | undefined;
  if (tls.clientCaFile) {
    try {
      ca = splitPemBundle(readNamed('TLS_CLIENT_CA_FILE', tls.clientCaFile).toString('utf8'));
      for (const pem of ca) new X509Certificate(pem);
    } catch (err) {
      throw new Error((err as Error).message.startsWith('TLS_CLIENT_CA_FILE') ? (err as Error).message : `TLS_CLIENT_CA_FILE: ${tls.clientCaFile} holds no PEM certificate`, { cause: err });
    }
  }
  const context: SecureContextOptions = { cert, key, minVersion: TLS_MIN_VERSION, ciphers: CIPHERS, honorCipherOrder: true, ...(ca ? { ca } : {}) };
  try {
    createSecureContext(context); // what OpenSSL refuses is refused here, before it is served
  } catch (err) {
    throw new Error(`TLS_CERT_FILE, TLS_KEY_FILE: OpenSSL refuses them (${(err as { code?: string }).code ?? 'error'})`, { cause: err });
  }
  return { context, served: { fingerprint256: leaf.fingerprint256, notAfter: leaf.validToDate.toISOString() } };
}

/**
 * node:https options. With a client CA the server asks for a certificate but completes the handshake
 * without one (rejectUnauthorized: false), so the API, not the TLS layer, refuses a register that
 * needed one, with problem+json. The handshake gets the headers' timeout, against slow handshakes.
 */
export function httpsServerOptions(material: TlsMaterial, tls: ListenerTls, handshakeTimeoutMs: number): HttpsServerOptions {
  return { ...material.context, requestCert: Boolean(tls.clientCaFile), rejectUnauthorized: false, handshakeTimeout: handshakeTimeoutMs };
}

/** What setSecureContext needs: node:tls's Server, which node:https's is. */
export interface SecureContextHolder {
  setSecureContext(options: SecureContextOptions): void;
}

/**
 * Re-reads the files and serves them to new connections; open connections keep theirs. A file that
 * cannot be used leaves the current certificate in place and is logged (by variable, path and
 * reason). True when the new files are served.
 */
export function reloadTls(server: SecureContextHolder, tls: ListenerTls, logger: Logger): boolean {
  let material: TlsMaterial;
  try {
    material = readTlsMaterial(tls);
  } catch (err) {
    logger.error({ reason: (err as Error).message }, 'TLS reload failed: the current certificate stays in use');
    return false;
  }
  server.setSecureContext(material.context);
  logger.info(material.served, 'TLS certificate reloaded');
  return true;
}
