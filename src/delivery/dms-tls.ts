// The TLS side of the connection to DMS, as Trembita's security servers do it: a client certificate
// the gateway presents (mTLS) and the CA DMS's server certificate must chain to, which then replaces
// the system's CA store. Read once at start; an unusable file stops the start, named by its variable.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DmsTls } from '../config/config.ts';
import { splitPemBundle } from '../signing/pem.ts';

export interface DmsTlsMaterial {
  cert?: Buffer;
  key?: Buffer;
  ca?: string[];
}

function read(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`${variable}: cannot read ${file} (${(err as { code?: string }).code ?? 'error'})`, { cause: err });
  }
}

/** undefined when nothing is configured (the system store, no client certificate). */
export function readDmsTls(tls: DmsTls): DmsTlsMaterial | undefined {
  const material: DmsTlsMaterial = {};
  if (tls.clientCertFile && tls.clientKeyFile) {
    const cert = read('DMS_CLIENT_CERT_FILE', tls.clientCertFile);
    const key = read('DMS_CLIENT_KEY_FILE', tls.clientKeyFile);
    let matches: boolean;
    try {
      matches = new X509Certificate(cert).checkPrivateKey(createPrivateKey(key));
    } catch (err) {
      throw new Error(`DMS_CLIENT_CERT_FILE, DMS_CLIENT_KEY_FILE: ${tls.clientCertFile} and ${tls.clientKeyFile} must hold a PEM certificate and its PEM private key`, { cause: err });
    }
    if (!matches) throw new Error(`DMS_CLIENT_KEY_FILE: ${tls.clientKeyFile} is not the key of the certificate in DMS_CLIENT_CERT_FILE`);
    Object.assign(material, { cert, key });
  }
  if (tls.serverCaFile) {
    try {
      material.ca = splitPemBundle(read('DMS_SERVER_CA_FILE', tls.serverCaFile).toString('utf8'));
    } catch (err) {
      const message = (err as Error).message;
      throw new Error(message.startsWith('DMS_SERVER_CA_FILE') ? message : `DMS_SERVER_CA_FILE: ${tls.serverCaFile} holds no PEM certificate`, { cause: err });
    }
  }
  return material.cert || material.ca ? material : undefined;
}
