// The DMS client over TLS, against real loopback HTTPS servers with certificates made here: mTLS
// with the pinned server CA gets the answer (TLS 1.3 and 1.2); DMS's certificate untrusted, expired,
// self-signed or for another host, and DMS refusing our certificate (or none), are each a
// `tls_handshake` failure, never an exception. Then the classification table itself.
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { constants } from 'node:crypto';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tlsFixture } from '../../tests/support/tls.ts';
import { issueTlsCertificate } from '../signing/dev-certs.ts';
import { classify, createDmsClient, type DmsClient } from './dms-client.ts';
import type { DmsTlsMaterial } from './dms-tls.ts';

const tls = tlsFixture();
const pem = (file: string) => readFileSync(file, 'utf8');
let serverCert: ReturnType<typeof tls.issue>;
let clientCert: ReturnType<typeof tls.issue>;
let strangerCert: ReturnType<typeof tls.issue>;
let serverCa: string;
let clientCa: string;

beforeAll(() => {
  serverCert = tls.issue('dms-server', 'dms', { purpose: 'server', commonName: 'localhost' });
  clientCert = tls.issue('dms-clients', 'gateway', { purpose: 'client', commonName: 'rtg-gateway' });
  strangerCert = tls.issue('stranger', 'stranger', { purpose: 'client', commonName: 'rtg-gateway' });
  serverCa = pem(tls.ca('dms-server').caCertFile);
  clientCa = pem(tls.ca('dms-clients').caCertFile);
});
afterAll(() => tls.cleanup());

let server: Server | null = null;
let client: DmsClient | null = null;
afterEach(async () => {
  await client?.close();
  client = null;
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** An HTTPS DMS that answers with the subject of the client certificate it got (or "none"). */
async function serve(o: ServerOptions): Promise<string> {
  server = createServer(o, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerX509Certificate();
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/xml' }).end(peer ? /CN=(.*)/.exec(peer.subject)?.[1] : 'none'));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `https://localhost:${(server.address() as AddressInfo).port}/dms`;
}

const mtls = (over: ServerOptions = {}): ServerOptions => ({ cert: serverCert.certPem, key: serverCert.keyPem, ca: clientCa, requestCert: true, rejectUnauthorized: true, ...over });
const send = (url: string, material: DmsTlsMaterial | undefined) => (client = createDmsClient({ connectTimeoutMs: 5000, responseTimeoutMs: 5000, connections: 1, tls: material })).send(url, '<a/>');
const ours = (): DmsTlsMaterial => ({ cert: Buffer.from(clientCert.certPem), key: Buffer.from(clientCert.keyPem), ca: [serverCa] });

describe('the DMS client over mTLS', () => {
  it('gets the answer with its certificate and the pinned server CA, over TLS 1.3 and TLS 1.2', async () => {
    for (const maxVersion of ['TLSv1.3', 'TLSv1.2'] as const) {
      const url = await serve(mtls({ maxVersion }));
      expect(await send(url, ours())).toEqual({ kind: 'answer', status: 200, body: 'rtg-gateway', retryAfterMs: null });
      // The connection is kept: a second message on it is answered too.
      expect(await client!.send(url, '<b/>')).toMatchObject({ kind: 'answer', status: 200 });
      await client!.close();
      client = null;
      server!.closeAllConnections();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = null;
    }
  });

  it('takes nothing below TLS 1.2: a server that speaks only TLS 1.1 is a handshake failure', async () => {
    const url = await serve(mtls({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }));
    expect(await send(url, ours())).toMatchObject({ kind: 'transport_error', errorClass: 'tls_handshake' });
  });

  it('is refused as tls_handshake without a client certificate, or with one of another CA (TLS 1.3)', async () => {
    const url = await serve(mtls());
    const none = await send(url, { ca: [serverCa] });
    expect(none, JSON.stringify(none)).toMatchObject({ kind: 'transport_error', errorClass: 'tls_handshake' });
    await client!.close();
    const stranger = await send(url, { cert: Buffer.from(strangerCert.certPem), key: Buffer.from(strangerCert.keyPem), ca: [serverCa] });
    expect(stranger, JSON.stringify(stranger)).toMatchObject({ kind: 'transport_error', errorClass: 'tls_handshake' });
  });

  it('is refused as tls_handshake when DMS only closes the connection after a TLS 1.3 handshake (no alert)', async () => {
    // A server that checks the client certificate after the handshake and hangs up without saying why.
    const quiet = createTlsServer({ cert: serverCert.certPem, key: serverCert.keyPem, minVersion: 'TLSv1.3', secureOptions: constants.SSL_OP_NO_TICKET }, (socket) => socket.destroy());
    await new Promise<void>((resolve) => quiet.listen(0, '127.0.0.1', resolve));
    try {
      // A long quiet period: the hang-up must be what ends the wait, however loaded the machine.
      client = createDmsClient({ connectTimeoutMs: 5000, responseTimeoutMs: 5000, connections: 1, tls: ours(), tlsQuietMs: 10_000 });
      const outcome = await client.send(`https://localhost:${(quiet.address() as AddressInfo).port}/dms`, '<a/>');
      expect(outcome, JSON.stringify(outcome)).toMatchObject({ kind: 'transport_error', errorClass: 'tls_handshake', detail: expect.stringMatching(/^ERR_TLS_REFUSED_BY_PEER: /) });
    } finally {
      await new Promise<void>((resolve) => quiet.close(() => resolve()));
    }
  });

  // Under TLS 1.2 Node's own server refuses a certificate of another CA by closing the connection
  // mid-handshake, no alert (connection_reset); a missing certificate gets an alert.
  it('is refused as tls_handshake without a client certificate (TLS 1.2)', async () => {
    const url = await serve(mtls({ maxVersion: 'TLSv1.2' }));
    const none = await send(url, { ca: [serverCa] });
    expect(none, JSON.stringify(none)).toMatchObject({ kind: 'transport_error', errorClass: 'tls_handshake', detail: expect.stringMatching(/^ERR_SSL_/) });
  });
});

describe("DMS's server certificate", () => {
  it('is not trusted from the system store when no CA is pinned', async () => {
    const url = await serve({ cert: serverCert.certPem, key: serverCert.keyPem });
    const outcome = await send(url, undefined);
    expect(outcome).toMatchObject({ kind: 'transport_error', errorClass: 'tls_handshake', detail: expect.stringMatching(/^UNABLE_TO_VERIFY_LEAF_SIGNATURE: /) });
  });

  it('is not trusted when another CA is pinned', async () => {
    const url = await serve({ cert: serverCert.certPem, key: serverCert.keyPem });
    expect(await send(url, { ca: [clientCa] })).toMatchObject({ kind: 'transport_error', errorClass: 'tls_handshake', detail: expect.stringMatching(/^UNABLE_TO_VERIFY_LEAF_SIGNATURE: /) });
  });

  it('is refused when expired', async () => {
    const expired = issueTlsCertificate(tls.ca('dms-server'), { purpose: 'server', commonName: 'localhost', days: -2 });
    const url = await serve({ cert: expired.certPem, key: expired.keyPem });
    expect(await send(url, { ca: [serverCa] })).toMatchObject({ kind: 'transport_error', errorClass: 'tls_handshake', detail: expect.stringMatching(/^CERT_HAS_EXPIRED: /) });
  });

  it('is refused when it is no TLS server certificate (a CA presenting its own)', async () => {
    const url = await serve({ cert: serverCa, key: pem(tls.ca('dms-server').caKeyFile) });
    expect(await send(url, { ca: [serverCa] })).toMatchObject({ kind: 'transport_error', errorClass: 'tls_handshake', detail: expect.stringMatching(/^INVALID_PURPOSE: /) });
  });

  it('is refused when its chain ends in a root we do not trust', async () => {
    const url = await serve({ cert: serverCert.certPem + serverCa, key: serverCert.keyPem });
    expect(await send(url, { ca: [clientCa] })).toMatchObject({ kind: 'transport_error', errorClass: 'tls_handshake', detail: expect.stringMatching(/^SELF_SIGNED_CERT_IN_CHAIN: /) });
  });

  it('is refused when made out for another host', async () => {
    const elsewhere = issueTlsCertificate(tls.ca('dms-server'), { purpose: 'server', commonName: 'dms.example', hosts: ['dms.example'] });
    const url = await serve({ cert: elsewhere.certPem, key: elsewhere.keyPem });
    expect(await send(url, { ca: [serverCa] })).toMatchObject({ kind: 'transport_error', errorClass: 'tls_handshake', detail: expect.stringMatching(/^ERR_TLS_CERT_ALTNAME_INVALID: /) });
  });
});

describe('classify', () => {
  it('takes every certificate verification failure, and every ERR_SSL_ or ERR_TLS_ code, as tls_handshake', () => {
    const codes = [
      'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN',
      'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'CERT_SIGNATURE_FAILURE',
      'INVALID_PURPOSE', 'HOSTNAME_MISMATCH', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_TLS_CERT_ALTNAME_INVALID',
    ];
    for (const code of codes) expect(classify(Object.assign(new Error('x'), { code })), code).toEqual({ errorClass: 'tls_handshake', detail: `${code}: x` });
    // Not a prefix anywhere else, nor a code merely ending like one.
    expect(classify(Object.assign(new Error('x'), { code: 'X_ERR_SSL_' })).errorClass).toBe('network_error');
    expect(classify(Object.assign(new Error('x'), { code: 'MY_ERR_TLS_' })).errorClass).toBe('network_error');
  });

  it('looks for a TLS code in the cause too, ahead of the outer code', () => {
    const wrapped = Object.assign(new Error('fetch failed'), { code: 'UND_ERR_SOCKET', cause: { code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' } });
    expect(classify(wrapped)).toEqual({ errorClass: 'tls_handshake', detail: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: fetch failed' });
    const causeOnly = Object.assign(new Error('other side closed'), { cause: { code: 'ECONNRESET' } });
    expect(classify(causeOnly)).toEqual({ errorClass: 'connection_reset', detail: 'ECONNRESET: other side closed' });
  });

  it('names each transport failure by its code, anything else network_error', () => {
    const table: Record<string, string> = {
      UND_ERR_CONNECT_TIMEOUT: 'connect_timeout',
      UND_ERR_HEADERS_TIMEOUT: 'response_timeout',
      UND_ERR_BODY_TIMEOUT: 'response_timeout',
      ECONNREFUSED: 'connection_refused',
      ECONNRESET: 'connection_reset',
      EPIPE: 'connection_reset',
      UND_ERR_SOCKET: 'connection_reset',
      UND_ERR_CLOSED: 'connection_reset',
      ENOTFOUND: 'network_error',
    };
    for (const [code, errorClass] of Object.entries(table)) expect(classify(Object.assign(new Error('m'), { code })), code).toEqual({ errorClass, detail: `${code}: m` });
  });

  it('keeps its detail short, and describes what has no code or message', () => {
    expect(classify(new Error('y'.repeat(400))).detail).toBe(`error: ${'y'.repeat(293)}`);
    expect(classify('plain')).toEqual({ errorClass: 'network_error', detail: 'error: plain' });
  });
});
