// DMS's own development key for signing the mock's answers: a PKI of its own (certs/dev/dms/, made
// at first start like the gateway's), so that the gateway can pin DMS's CA apart from its own.
import path from 'node:path';
import { ensureDevCertificates } from '../../src/signing/dev-certs.ts';
import { loadSigningKey } from '../../src/signing/keys.ts';
import type { SigningKey } from '../../src/signing/keys.ts';

export function devAnswerKey(devCertsDir: string): { key: SigningKey; caCertFile: string } {
  const pki = ensureDevCertificates(path.join(devCertsDir, 'dms'), 'mock DMS');
  return { key: loadSigningKey({ ...pki.rsa, algorithm: 'rsa-sha256' }), caCertFile: pki.caCertFile };
}
