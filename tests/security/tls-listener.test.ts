// HTTPS on the gateway's listener over real sockets: TLS 1.3 by default, nothing older than 1.2,
// and a certificate renewed on disk served to new connections after a reload (what SIGHUP calls)
// while a kept-alive connection goes on working; an unusable new file keeps the old certificate.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { httpsRequest, tlsFixture } from '../support/tls.ts';
import { startInstance, stopInstance } from '../e2e/instances.ts';

const tls = tlsFixture();
afterAll(() => tls.cleanup());

describe('HTTPS on the listener', () => {
  let gw: TestGateway;
  let caPem: string;
  let certA: ReturnType<typeof tls.issue>;
  let certB: ReturnType<typeof tls.issue>;
  const served = { certFile: path.join(tls.root, 'served.pem'), keyFile: path.join(tls.root, 'served-key.pem') };

  beforeAll(async () => {
    caPem = readFileSync(tls.ca('server').caCertFile, 'utf8');
    certA = tls.issue('server', 'a', { purpose: 'server', commonName: 'localhost' });
    certB = tls.issue('server', 'b', { purpose: 'server', commonName: 'localhost' });
    copyFileSync(certA.certFile, served.certFile);
    copyFileSync(certA.keyFile, served.keyFile);
    gw = await startTestGateway({ WORKER_ENABLED: 'false', TLS_CERT_FILE: served.certFile, TLS_KEY_FILE: served.keyFile, HTTP_KEEP_ALIVE_TIMEOUT: '30s' });
  });
  afterAll(async () => gw?.stop());

  it('serves https with the configured certificate, TLS 1.3 by default', async () => {
    expect(gw.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await httpsRequest(`${gw.url}/healthz`, { ca: caPem });
    expect(answer.status).toBe(200);
    expect(answer.serverFingerprint).toBe(certA.fingerprint256);
    expect(answer.protocol).toBe('TLSv1.3');
    expect((await httpsRequest(`${gw.url}/healthz`, { ca: caPem, maxVersion: 'TLSv1.2' })).protocol).toBe('TLSv1.2');
  });

  it('refuses TLS older than 1.2, and a client that does not trust the certificate', async () => {
    await expect(httpsRequest(`${gw.url}/healthz`, { ca: caPem, maxVersion: 'TLSv1.1' })).rejects.toThrow();
    await expect(httpsRequest(`${gw.url}/healthz`, { ca: readFileSync(tls.ca('other').caCertFile, 'utf8') })).rejects.toThrow(/certificate/i);
  });

  it('reloads a renewed certificate for new connections; a kept-alive connection keeps working', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const before = await httpsRequest(`${gw.url}/healthz`, { ca: caPem, agent });
      expect(before.serverFingerprint).toBe(certA.fingerprint256);

      copyFileSync(certB.certFile, served.certFile);
      copyFileSync(certB.keyFile, served.keyFile);
      expect(gw.reloadTls()).toBe(true);

      const fresh = await httpsRequest(`${gw.url}/healthz`, { ca: caPem });
      expect(fresh.serverFingerprint).toBe(certB.fingerprint256);
      const kept = await httpsRequest(`${gw.url}/healthz`, { ca: caPem, agent });
      // The connection opened with certificate A before the reload answers on after it.
      expect(kept).toMatchObject({ status: 200, reusedSocket: true });
      expect(kept.socket).toBe(before.socket);
    } finally {
      agent.destroy();
    }
  });

  it('keeps the current certificate when the new files are unusable', async () => {
    const current = (await httpsRequest(`${gw.url}/healthz`, { ca: caPem })).serverFingerprint;
    writeFileSync(served.keyFile, 'not a key');
    expect(gw.reloadTls()).toBe(false);
    copyFileSync(certA.keyFile, served.keyFile); // a key, but not the certificate's
    copyFileSync(certB.certFile, served.certFile);
    expect(gw.reloadTls()).toBe(false);
    expect((await httpsRequest(`${gw.url}/healthz`, { ca: caPem })).serverFingerprint).toBe(current);
  });
});

describe('TLS configuration', () => {
  const cert = '/etc/rtg/tls.pem';
  it('needs the certificate and key together, and TLS for client certificates', () => {
    expect(() => loadConfig({ TLS_CERT_FILE: cert })).toThrow(/TLS_KEY_FILE is missing/);
    expect(() => loadConfig({ TLS_KEY_FILE: cert })).toThrow(/TLS_CERT_FILE is missing/);
    expect(() => loadConfig({ TLS_CLIENT_CA_FILE: cert })).toThrow(/TLS_CLIENT_CA_FILE needs TLS on the listener/);
    expect(() => loadConfig({ TLS_CERT_FILE: cert, TLS_KEY_FILE: cert, TLS_CLIENT_CERT_REQUIRED: 'true' })).toThrow(/TLS_CLIENT_CERT_REQUIRED=true needs TLS_CLIENT_CA_FILE/);
    expect(() => loadConfig({ DMS_CLIENT_CERT_FILE: cert })).toThrow(/DMS_CLIENT_KEY_FILE is missing/);
    expect(() => loadConfig({ DMS_CLIENT_KEY_FILE: cert })).toThrow(/DMS_CLIENT_CERT_FILE is missing/);
    const config = loadConfig({ TLS_CERT_FILE: cert, TLS_KEY_FILE: '/etc/rtg/tls-key.pem', TLS_CLIENT_CA_FILE: '/etc/rtg/ca.pem', TLS_CLIENT_CERT_REQUIRED: 'true' });
    expect(config.tls).toEqual({ certFile: cert, keyFile: '/etc/rtg/tls-key.pem', clientCaFile: '/etc/rtg/ca.pem', clientCertRequired: true });
    expect(loadConfig({}).tls).toBeUndefined();
  });

  it('stops the start naming the variable of a file it cannot use, without quoting the key', async () => {
    const server = tls.issue('server', 'start', { purpose: 'server', commonName: 'localhost' });
    const other = tls.issue('server', 'other', { purpose: 'server', commonName: 'localhost' });
    await expect(startTestGateway({ TLS_CERT_FILE: path.join(tls.root, 'missing.pem'), TLS_KEY_FILE: server.keyFile })).rejects.toThrow(/^TLS_CERT_FILE: cannot read .*missing\.pem \(ENOENT\)/);
    const mismatch = startTestGateway({ TLS_CERT_FILE: server.certFile, TLS_KEY_FILE: other.keyFile });
    await expect(mismatch).rejects.toThrow(/TLS_KEY_FILE: .* is not the key of the certificate in TLS_CERT_FILE/);
    await expect(mismatch).rejects.not.toThrow(/PRIVATE KEY/);
  });

  it('logs a failed reload without key material', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => { lines.push(chunk.toString()); done(); } });
    const { reloadTls } = await import('../../src/http/tls.ts');
    const { createLogger } = await import('../../src/logger.ts');
    const leaf = tls.issue('server', 'log', { purpose: 'server', commonName: 'localhost' });
    const keyFile = path.join(tls.root, 'garbled-key.pem');
    writeFileSync(keyFile, leaf.keyPem.replace('PRIVATE KEY-----\n', 'PRIVATE KEY-----\n!!'));
    let applied = false;
    const ok = reloadTls({ setSecureContext: () => (applied = true) }, { certFile: leaf.certFile, keyFile, clientCaFile: undefined, clientCertRequired: false }, createLogger('info', 'rtg-gateway', sink));
    expect([ok, applied]).toEqual([false, false]);
    const log = lines.join('');
    expect(log).toContain('TLS reload failed');
    expect(log).toContain('TLS_KEY_FILE');
    expect(log).not.toContain(leaf.keyPem.split('\n')[2] as string);
  });
});

describe('SIGHUP to a running `serve` process', () => {
  it('reloads the certificate without a restart', async () => {
    const caPem = readFileSync(tls.ca('server').caCertFile, 'utf8');
    const first = tls.issue('server', 'process-a', { purpose: 'server', commonName: 'localhost' });
    const second = tls.issue('server', 'process-b', { purpose: 'server', commonName: 'localhost' });
    const files = { cert: path.join(tls.root, 'process.pem'), key: path.join(tls.root, 'process-key.pem') };
    copyFileSync(first.certFile, files.cert);
    copyFileSync(first.keyFile, files.key);
    const gw = await startInstance('gateway', 'serve', {
      PORT: '0',
      MOCK_DMS_PORT: '0',
      DATA_DIR: path.join(tls.root, 'process-data'),
      DEV_CERTS_DIR: path.join(tls.root, 'process-certs'),
      DEMO_API_KEY: 'rtg_sighup_test_register_key_0000',
      DEMO_OPERATOR_TOKEN: 'rtgop_sighup_test_operator_token_00',
      WORKER_ENABLED: 'false',
      TLS_CERT_FILE: files.cert,
      TLS_KEY_FILE: files.key,
    });
    try {
      expect((await httpsRequest(`${gw.url}/healthz`, { ca: caPem })).serverFingerprint).toBe(first.fingerprint256);
      copyFileSync(second.certFile, files.cert);
      copyFileSync(second.keyFile, files.key);
      const pid = gw.child.pid as number;
      process.kill(pid, 'SIGHUP');
      const deadline = Date.now() + 10_000;
      let seen = first.fingerprint256;
      while (seen !== second.fingerprint256 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        seen = (await httpsRequest(`${gw.url}/healthz`, { ca: caPem })).serverFingerprint;
      }
      expect(seen).toBe(second.fingerprint256);
      expect(gw.alive).toBe(true);
      expect(gw.child.pid).toBe(pid);
    } finally {
      await stopInstance(gw);
    }
  });
});
