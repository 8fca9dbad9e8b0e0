// mTLS towards DMS over real sockets, as a Trembita security server would require it: the mock DMS
// listens on TLS with its own server CA and lets through only clients with a certificate its client
// CA issued. The gateway presents DMS_CLIENT_CERT_FILE and trusts only DMS_SERVER_CA_FILE; without
// its certificate, or trusting another CA, the attempt fails retryably as `tls_handshake`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devAnswerKey } from '../../mocks/dms/dev-answer-key.ts';
import { startMockDms, type RunningMockDms } from '../../mocks/dms/server.ts';
import { createDmsClient, type DmsClient } from '../../src/delivery/dms-client.ts';
import { readDmsTls } from '../../src/delivery/dms-tls.ts';
import { ensureDevCertificates } from '../../src/signing/dev-certs.ts';
import { REPO } from '../support/xsd.ts';
import { startTestGateway, waitForStatus, type TestGateway } from '../support/gateway.ts';
import { tlsFixture } from '../support/tls.ts';

const tls = tlsFixture();
const certsDir = path.join(tls.root, 'gateway-certs');
const example = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-declared.online.json'), 'utf8')) as unknown;
let mock: RunningMockDms;
let clientCert: ReturnType<typeof tls.issue>;
let strangerCert: ReturnType<typeof tls.issue>;

beforeAll(async () => {
  const signing = ensureDevCertificates(certsDir);
  const server = tls.issue('dms-server', 'dms', { purpose: 'server', commonName: 'localhost' });
  clientCert = tls.issue('dms-clients', 'gateway', { purpose: 'client', commonName: 'rtg-gateway' });
  strangerCert = tls.issue('stranger', 'gateway-stranger', { purpose: 'client', commonName: 'rtg-gateway' });
  mock = await startMockDms({
    port: 0,
    trustedCaPems: [readFileSync(signing.caCertFile, 'utf8')],
    answerSigningKey: devAnswerKey(certsDir).key,
    tls: { cert: server.certPem, key: server.keyPem, clientCa: [readFileSync(tls.ca('dms-clients').caCertFile, 'utf8')] },
  });
});
afterAll(async () => {
  await mock?.close();
  tls.cleanup();
});

const serverCaFile = () => tls.ca('dms-server').caCertFile;

describe('the DMS client over mTLS', () => {
  const clients: DmsClient[] = [];
  afterAll(async () => {
    for (const c of clients) await c.close();
  });
  const client = (t: { cert?: { certFile: string; keyFile: string }; caFile?: string }) => {
    const material = readDmsTls({ clientCertFile: t.cert?.certFile, clientKeyFile: t.cert?.keyFile, serverCaFile: t.caFile });
    const c = createDmsClient({ connectTimeoutMs: 5000, responseTimeoutMs: 5000, connections: 1, tls: material });
    clients.push(c);
    return c;
  };

  it('gets an answer with its client certificate and the pinned server CA', async () => {
    const outcome = await client({ cert: clientCert, caFile: serverCaFile() }).send(mock.url, '<not-soap/>');
    expect(outcome.kind, JSON.stringify(outcome)).toBe('answer');
  });

  it('fails the handshake as tls_handshake: no client certificate, one from another CA, an unpinned or wrong server CA', async () => {
    for (const c of [
      client({ caFile: serverCaFile() }),
      client({ cert: strangerCert, caFile: serverCaFile() }),
      client({ cert: clientCert }),
      client({ cert: clientCert, caFile: tls.ca('dms-clients').caCertFile }),
    ]) {
      const outcome = await c.send(mock.url, '<not-soap/>');
      expect(outcome, JSON.stringify(outcome)).toMatchObject({ kind: 'transport_error', errorClass: 'tls_handshake' });
    }
  });

  it('names the variable of an unusable file', () => {
    expect(() => readDmsTls({ clientCertFile: clientCert.certFile, clientKeyFile: strangerCert.keyFile, serverCaFile: undefined })).toThrow(/DMS_CLIENT_KEY_FILE: .* is not the key/);
    expect(() => readDmsTls({ clientCertFile: undefined, clientKeyFile: undefined, serverCaFile: clientCert.keyFile })).toThrow(/DMS_SERVER_CA_FILE: .* holds no PEM certificate/);
    expect(readDmsTls({ clientCertFile: undefined, clientKeyFile: undefined, serverCaFile: undefined })).toBeUndefined();
  });
});

describe('delivery over mTLS', () => {
  const gateways: TestGateway[] = [];
  afterAll(async () => {
    for (const gw of gateways) await gw.stop();
  });
  const gateway = async (env: Record<string, string>) => {
    const gw = await startTestGateway({ DMS_URL: mock.url, DMS_CA_FILE: devAnswerKey(certsDir).caCertFile, DMS_SERVER_CA_FILE: serverCaFile(), ...env }, { dataDir: path.join(tls.root, `data-${gateways.length}`), certsDir });
    gateways.push(gw);
    return gw;
  };

  it('delivers with the client certificate', async () => {
    const gw = await gateway({ DMS_CLIENT_CERT_FILE: clientCert.certFile, DMS_CLIENT_KEY_FILE: clientCert.keyFile });
    const { id } = (await (await gw.post(example)).json()) as { id: string };
    const view = (await waitForStatus(gw, id, ['delivered', 'failed', 'rejected'])) as { status: string };
    expect(view.status).toBe('delivered');
  });

  it('retries as tls_handshake without it', async () => {
    const gw = await gateway({ RETRY_SCHEDULE: '1h' });
    const { id } = (await (await gw.post(example)).json()) as { id: string };
    const view = (await waitForStatus(gw, id, ['retrying', 'delivered', 'failed'])) as { status: string; attempts: Array<{ outcome: string; errorClass: string }> };
    expect(view.status).toBe('retrying');
    expect(view.attempts).toMatchObject([{ outcome: 'retryable', errorClass: 'tls_handshake' }]);
  });
});
