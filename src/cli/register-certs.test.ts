// `registers bind-cert` / `unbind-cert` against a real SQLite store: by certificate file, fingerprint
// or subject; bad input refused before anything is written.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { ensureDevCertificates, issueTlsCertificate } from '../signing/dev-certs.ts';
import { openStore } from '../store/open-store.ts';
import { dataFields } from '../store/crypto/data-keys.ts';
import { accessCommand } from './access.ts';

const root = mkdtempSync(path.join(tmpdir(), 'rtg-bind-cert-'));
const config = loadConfig({ DATA_DIR: path.join(root, 'data'), DEV_CERTS_DIR: path.join(root, 'certs') }, root);
const leaf = issueTlsCertificate(ensureDevCertificates(path.join(root, 'ca'), 'bind test'), { purpose: 'client', commonName: 'register 44556677' });
const certFile = path.join(root, 'register.pem');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const lines: string[] = [];
const run = (args: string[]) => accessCommand(config, 'registers', args, { log: (t) => lines.push(t), error: (t) => lines.push(t) });

async function bindings(): Promise<Array<{ kind: string; value: string }>> {
  const store = await openStore(config, dataFields(config));
  try {
    const id = await store.territory.registerIdByCode('44556677');
    return id ? store.clientCerts.bindingsOf(id) : [];
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  writeFileSync(certFile, leaf.certPem);
  expect(await run(['add', '--code', '44556677', '--name', 'ЦНАП'])).toBe(0);
});

it('binds by certificate file, fingerprint and subject, and unbinds one or all', async () => {
  expect(await run(['bind-cert', '--register', '44556677', '--cert-file', certFile])).toBe(0);
  expect(lines.at(-1)).toContain(leaf.fingerprint256);
  expect(await run(['bind-cert', '--register', '44556677', '--fingerprint', leaf.fingerprint256.replaceAll(':', '').toLowerCase()])).toBe(0);
  expect(lines.at(-1)).toContain('already bound');
  expect(await run(['bind-cert', '--register', '44556677', '--subject', 'subject=C = UA, O = rtg-gateway (development only), CN = register 44556677'])).toBe(0);
  expect(await bindings()).toEqual([
    { kind: 'fingerprint', value: leaf.fingerprint256 },
    { kind: 'subject', value: 'C=UA, O=rtg-gateway (development only), CN=register 44556677' },
  ]);
  expect(await run(['unbind-cert', '--register', '44556677', '--cert-file', certFile])).toBe(0);
  expect(await bindings()).toHaveLength(1);
  expect(await run(['unbind-cert', '--register', '44556677'])).toBe(0);
  expect(lines.at(-1)).toContain('its key alone is accepted again');
  expect(await bindings()).toEqual([]);
});

it('refuses what names no certificate, or two at once, and an unknown register', async () => {
  expect(await run(['bind-cert', '--register', '44556677'])).toBe(2);
  expect(await run(['bind-cert', '--register', '44556677', '--fingerprint', 'AB:CD'])).toBe(2);
  expect(await run(['bind-cert', '--register', '44556677', '--subject', 'O=no common name'])).toBe(2);
  expect(await run(['bind-cert', '--register', '44556677', '--cert-file', path.join(root, 'missing.pem')])).toBe(2);
  expect(await run(['bind-cert', '--register', '44556677', '--cert-file', certFile, '--fingerprint', leaf.fingerprint256])).toBe(2);
  expect(await run(['bind-cert', '--register', '00000000', '--cert-file', certFile])).toBe(1);
  expect(await run(['unbind-cert', '--register', '00000000'])).toBe(1);
  expect(await bindings()).toEqual([]);
});
