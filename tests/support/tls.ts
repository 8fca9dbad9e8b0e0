// TLS for tests: throwaway CAs made by the dev-certs helpers in a temporary folder (private keys
// never leave it), certificates written as files the gateway reads, and an HTTPS client that shows
// which certificate the server presented and whether the connection was reused.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { request, type Agent } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { ensureDevCertificates, issueTlsCertificate, type DevCertificates, type IssuedLeaf } from '../../src/signing/dev-certs.ts';

export interface TlsFixture {
  root: string;
  /** A CA by name (made on first use), its certificate file and PEM. */
  ca(name: string): DevCertificates;
  /** Issues a certificate from CA `caName` and writes it as <file>.pem and <file>-key.pem (0600). */
  issue(caName: string, file: string, o: { purpose: 'server' | 'client'; commonName: string }): IssuedLeaf & { certFile: string; keyFile: string };
  cleanup(): void;
}

export function tlsFixture(): TlsFixture {
  const root = mkdtempSync(path.join(tmpdir(), 'rtg-tls-'));
  const cas = new Map<string, DevCertificates>();
  const ca = (name: string) => {
    let found = cas.get(name);
    if (!found) {
      found = ensureDevCertificates(path.join(root, 'ca', name), `${name} test`);
      cas.set(name, found);
    }
    return found;
  };
  mkdirSync(path.join(root, 'leaf'), { recursive: true, mode: 0o700 });
  return {
    root,
    ca,
    issue(caName, file, o) {
      const leaf = issueTlsCertificate(ca(caName), o);
      const certFile = path.join(root, 'leaf', `${file}.pem`);
      const keyFile = path.join(root, 'leaf', `${file}-key.pem`);
      writeFileSync(certFile, leaf.certPem);
      writeFileSync(keyFile, leaf.keyPem, { mode: 0o600 });
      return { ...leaf, certFile, keyFile };
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface HttpsAnswer {
  status: number;
  body: string;
  /** SHA-256 fingerprint of the certificate the server presented on this connection. */
  serverFingerprint: string;
  protocol: string | null;
  reusedSocket: boolean;
  /** The TLS session was resumed (no full handshake). */
  resumed: boolean;
  headers: IncomingHttpHeaders;
  /** The connection itself, to tell whether two requests shared it. */
  socket: TLSSocket;
}

/** One HTTPS request; `ca` is what the client trusts, `cert`/`key` its client certificate. */
export function httpsRequest(
  url: string,
  o: { ca: string; cert?: string; key?: string; agent?: Agent; headers?: Record<string, string>; method?: string; body?: string; maxVersion?: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3' },
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: o.method ?? 'GET', ca: o.ca, cert: o.cert, key: o.key, agent: o.agent ?? false, headers: o.headers, maxVersion: o.maxVersion, minVersion: o.maxVersion === 'TLSv1.1' ? 'TLSv1' : undefined },
      (res) => {
        const socket = res.socket as TLSSocket;
        const serverFingerprint = socket.getPeerX509Certificate()?.fingerprint256 ?? '';
        const protocol = socket.getProtocol();
        const resumed = socket.isSessionReused();
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            serverFingerprint,
            protocol,
            reusedSocket: req.reusedSocket,
            resumed,
            headers: res.headers,
            socket,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}
