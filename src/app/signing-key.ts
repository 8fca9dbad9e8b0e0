// Where the signing key comes from: the files named in the configuration (production), or the
// development PKI made on first start (certs/dev/, git-ignored).
import type { Config } from '../config/config.ts';
import { ensureDevCertificates } from '../signing/dev-certs.ts';
import { loadSigningKey, type SigningKey } from '../signing/keys.ts';

export interface SigningSetup {
  key: SigningKey;
  /** The development CA, when the development PKI is in use (the built-in mock DMS trusts it). */
  devCaFile: string | null;
}

export function setUpSigningKey(config: Config): SigningSetup {
  const { algorithm, keyFile, certFile, devCertsDir } = config.signing;
  if (keyFile && certFile) return { key: loadSigningKey({ keyFile, certFile, algorithm }), devCaFile: null };
  const dev = ensureDevCertificates(devCertsDir);
  const pair = algorithm === 'ecdsa-p256-sha256' ? dev.ecdsa : dev.rsa;
  return { key: loadSigningKey({ ...pair, algorithm }), devCaFile: dev.caCertFile };
}
