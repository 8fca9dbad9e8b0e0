// Reading the TLS material for DMS from its files: the client certificate with its key (checked to
// belong together), the pinned server CA bundle, nothing at all when nothing is configured, and an
// unusable file named by its variable. The material read is then used by a real mTLS handshake.
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { connect, createServer, type Server, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tlsFixture } from '../../tests/support/tls.ts';
import { readDmsTls, type DmsTlsMaterial } from './dms-tls.ts';

const tls = tlsFixture();
let client: ReturnType<typeof tls.issue>;
let other: ReturnType<typeof tls.issue>;
let server: ReturnType<typeof tls.issue>;
let bundleFile: string;
let notPemFile: string;
const missing = () => path.join(tls.root, 'no-such-file.pem');

beforeAll(() => {
  client = tls.issue('dms-clients', 'gateway', { purpose: 'client', commonName: 'rtg-gateway' });
  other = tls.issue('dms-clients', 'other', { purpose: 'client', commonName: 'rtg-gateway' });
  server = tls.issue('dms-server', 'dms', { purpose: 'server', commonName: 'localhost' });
  bundleFile = path.join(tls.root, 'bundle.pem');
  writeFileSync(bundleFile, `# two CAs\n${readFileSync(tls.ca('dms-server').caCertFile, 'utf8')}\n${readFileSync(tls.ca('dms-clients').caCertFile, 'utf8')}`);
  notPemFile = path.join(tls.root, 'not-pem.txt');
  writeFileSync(notPemFile, 'not a certificate\n');
});
afterAll(() => tls.cleanup());

const none = { clientCertFile: undefined, clientKeyFile: undefined, serverCaFile: undefined };

describe('readDmsTls', () => {
  it('answers undefined when nothing is configured, or only half of the client pair', () => {
    expect(readDmsTls(none)).toBeUndefined();
    expect(readDmsTls({ ...none, clientCertFile: client.certFile })).toBeUndefined();
    expect(readDmsTls({ ...none, clientKeyFile: client.keyFile })).toBeUndefined();
  });

  it('reads the client certificate and its key as they are on disk, with no CA pinned', () => {
    const material = readDmsTls({ ...none, clientCertFile: client.certFile, clientKeyFile: client.keyFile });
    expect(material).toEqual({ cert: readFileSync(client.certFile), key: readFileSync(client.keyFile) });
  });

  it('pins every CA of a bundle, each as its own PEM, with no client certificate', () => {
    const material = readDmsTls({ ...none, serverCaFile: bundleFile });
    expect(material).toEqual({
      ca: [readFileSync(tls.ca('dms-server').caCertFile, 'utf8').trim() + '\n', readFileSync(tls.ca('dms-clients').caCertFile, 'utf8').trim() + '\n'],
    });
  });

  it('reads both together', () => {
    const material = readDmsTls({ clientCertFile: client.certFile, clientKeyFile: client.keyFile, serverCaFile: tls.ca('dms-server').caCertFile });
    expect(Object.keys(material ?? {}).sort()).toEqual(['ca', 'cert', 'key']);
    expect(material?.ca).toHaveLength(1);
  });

  it('names the variable and the reason of a file it cannot read', () => {
    expect(() => readDmsTls({ ...none, clientCertFile: missing(), clientKeyFile: client.keyFile })).toThrow(`DMS_CLIENT_CERT_FILE: cannot read ${missing()} (ENOENT)`);
    expect(() => readDmsTls({ ...none, clientCertFile: client.certFile, clientKeyFile: missing() })).toThrow(`DMS_CLIENT_KEY_FILE: cannot read ${missing()} (ENOENT)`);
    expect(() => readDmsTls({ ...none, serverCaFile: missing() })).toThrow(`DMS_SERVER_CA_FILE: cannot read ${missing()} (ENOENT)`);
    expect(() => readDmsTls({ ...none, serverCaFile: tls.root })).toThrow(`DMS_SERVER_CA_FILE: cannot read ${tls.root} (EISDIR)`);
  });

  it('refuses a pair that is not a PEM certificate and key, or a key of another certificate', () => {
    expect(() => readDmsTls({ ...none, clientCertFile: notPemFile, clientKeyFile: client.keyFile })).toThrow(
      `DMS_CLIENT_CERT_FILE, DMS_CLIENT_KEY_FILE: ${notPemFile} and ${client.keyFile} must hold a PEM certificate and its PEM private key`,
    );
    expect(() => readDmsTls({ ...none, clientCertFile: client.certFile, clientKeyFile: client.certFile })).toThrow(/must hold a PEM certificate and its PEM private key/);
    expect(() => readDmsTls({ ...none, clientCertFile: client.certFile, clientKeyFile: other.keyFile })).toThrow(
      `DMS_CLIENT_KEY_FILE: ${other.keyFile} is not the key of the certificate in DMS_CLIENT_CERT_FILE`,
    );
  });

  it('keeps the underlying error as the cause', () => {
    const thrown = (f: () => unknown): Error => {
      try {
        f();
      } catch (err) {
        return err as Error;
      }
      throw new Error('nothing thrown');
    };
    expect(thrown(() => readDmsTls({ ...none, serverCaFile: missing() })).cause).toMatchObject({ message: expect.stringMatching(/^DMS_SERVER_CA_FILE: cannot read/), cause: { code: 'ENOENT' } });
    expect(thrown(() => readDmsTls({ ...none, clientCertFile: notPemFile, clientKeyFile: client.keyFile })).cause).toBeInstanceOf(Error);
    expect(thrown(() => readDmsTls({ ...none, serverCaFile: notPemFile })).cause).toMatchObject({ message: 'no PEM certificate found' });
  });

  it('refuses a CA file that holds no certificate (a key is not one)', () => {
    expect(() => readDmsTls({ ...none, serverCaFile: notPemFile })).toThrow(`DMS_SERVER_CA_FILE: ${notPemFile} holds no PEM certificate`);
    expect(() => readDmsTls({ ...none, serverCaFile: client.keyFile })).toThrow(`DMS_SERVER_CA_FILE: ${client.keyFile} holds no PEM certificate`);
  });
});

describe('the material in a real mTLS handshake', () => {
  let listener: Server;
  let port: number;
  beforeAll(async () => {
    // Only clients with a certificate from the client CA get through.
    listener = createServer({ cert: server.certPem, key: server.keyPem, ca: readFileSync(tls.ca('dms-clients').caCertFile, 'utf8'), requestCert: true, rejectUnauthorized: true }, (s) => s.end('hello'));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

  // Resolves with what the server said, or the error that ended the connection.
  const talk = (material: DmsTlsMaterial | undefined) =>
    new Promise<{ said: string } | { failed: string }>((resolve) => {
      let said = '';
      const socket: TLSSocket = connect({ host: '127.0.0.1', port, servername: 'localhost', ...material });
      socket.on('data', (c: Buffer) => (said += c.toString('utf8')));
      socket.on('end', () => resolve(said ? { said } : { failed: 'closed' }));
      socket.on('error', (err: NodeJS.ErrnoException) => resolve({ failed: err.code ?? err.message }));
    });

  it('is accepted with the client certificate and the server CA pinned', async () => {
    const material = readDmsTls({ clientCertFile: client.certFile, clientKeyFile: client.keyFile, serverCaFile: tls.ca('dms-server').caCertFile });
    expect(await talk(material)).toEqual({ said: 'hello' });
  });

  it('does not trust the server when another CA is pinned', async () => {
    const material = readDmsTls({ clientCertFile: client.certFile, clientKeyFile: client.keyFile, serverCaFile: tls.ca('dms-clients').caCertFile });
    expect(await talk(material)).toEqual({ failed: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it('is refused by the server without a client certificate', async () => {
    const material = readDmsTls({ ...none, serverCaFile: tls.ca('dms-server').caCertFile });
    expect(await talk(material)).not.toEqual({ said: 'hello' });
  });
});
