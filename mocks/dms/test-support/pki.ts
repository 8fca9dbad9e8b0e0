// Throwaway PKIs for the mock's tests, generated into temp dirs: "ours" (trusted by the mock) and
// "theirs" (an unrelated CA, as an impostor would have).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevCertificates } from '../../../src/signing/dev-certs.ts';
import { loadSigningKey } from '../../../src/signing/keys.ts';
import type { SigningKey } from '../../../src/signing/keys.ts';

export interface TestPki {
  caPem: string;
  caCertFile: string;
  rsa: SigningKey;
  ecdsa: SigningKey;
  cleanup(): void;
}

/** `owner` names the PKI in its certificates ("mock DMS" for DMS's own). */
export function createTestPki(owner?: string): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'mock-dms-pki-'));
  const pki = ensureDevCertificates(dir, owner);
  return {
    caPem: readFileSync(pki.caCertFile, 'utf8'),
    caCertFile: pki.caCertFile,
    rsa: loadSigningKey({ ...pki.rsa, algorithm: 'rsa-sha256' }),
    ecdsa: loadSigningKey({ ...pki.ecdsa, algorithm: 'ecdsa-p256-sha256' }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
