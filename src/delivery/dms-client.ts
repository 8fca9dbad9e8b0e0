// Sends one SOAP request to DMS over HTTP with undici: keep-alive connections, a connect timeout
// and a response timeout, a cap on how much of an answer is read. Transport failures come back as
// values, classified, never as exceptions. Over https it may present a client certificate and pin
// DMS's server CA (dms-tls.ts).
import { TLSSocket } from 'node:tls';
import { Agent, buildConnector, request } from 'undici';
import type { DmsTlsMaterial } from './dms-tls.ts';

export interface DmsClientOptions {
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  connections: number;
  maxAnswerBytes?: number;
  /** Client certificate and key (mTLS) and the CA(s) DMS's server certificate must chain to. */
  tls?: DmsTlsMaterial;
  /** A new TLS 1.3 connection from a server that sends no session ticket is used after this quiet period (250 ms). */
  tlsQuietMs?: number;
}

export type HttpOutcome =
  | { kind: 'answer'; status: number; body: string; retryAfterMs: number | null }
  | { kind: 'transport_error'; errorClass: TransportErrorClass; detail: string };

export type TransportErrorClass =
  | 'connect_timeout'
  | 'response_timeout'
  | 'connection_refused'
  | 'connection_reset'
  | 'answer_too_large'
  | 'tls_handshake'
  | 'network_error';

export interface DmsClient {
  send(url: string, xml: string): Promise<HttpOutcome>;
  close(): Promise<void>;
}

export function createDmsClient(options: DmsClientOptions): DmsClient {
  const maxAnswerBytes = options.maxAnswerBytes ?? 1024 * 1024;
  const connector = buildConnector({ timeout: options.connectTimeoutMs, minVersion: 'TLSv1.2', ...options.tls });
  const agent = new Agent({
    connect: (opts, callback) =>
      connector(opts, (err, socket) => {
        if (err || !(socket instanceof TLSSocket)) return callback(err as Error, socket as never);
        serverAccepted(socket, options.tlsQuietMs ?? 250).then(
          () => callback(null, socket),
          (refused: Error) => {
            socket.destroy();
            callback(refused, null);
          },
        );
      }),
    headersTimeout: options.responseTimeoutMs,
    bodyTimeout: options.responseTimeoutMs,
    keepAliveTimeout: 30_000,
    connections: options.connections,
  });

  return {
    async send(url, xml) {
      try {
        const res = await request(url, {
          method: 'POST',
          dispatcher: agent,
          headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
          body: xml,
        });
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of res.body) {
          size += (chunk as Buffer).length;
          if (size > maxAnswerBytes) {
            res.body.destroy();
            return { kind: 'transport_error', errorClass: 'answer_too_large', detail: `answer larger than ${maxAnswerBytes} bytes` };
          }
          chunks.push(chunk as Buffer);
        }
        return {
          kind: 'answer',
          status: res.statusCode,
          body: Buffer.concat(chunks).toString('utf8'),
          retryAfterMs: parseRetryAfter(res.headers['retry-after'], Date.now()),
        };
      } catch (err) {
        return { kind: 'transport_error', ...classify(err) };
      }
    },
    close: () => agent.close(),
  };
}

/**
 * Under TLS 1.3 the handshake completes for the client before the server has checked the client's
 * certificate; a refusal then arrives as an alert, or only as a closed connection, on a socket undici
 * already uses, and undici reports "other side closed". So a new TLS 1.3 connection is handed to
 * undici only once the server has shown it accepted us: its session ticket (sent after the check),
 * or, from a server that issues none, a short quiet period. A refusal is a `tls_handshake` failure.
 */
function serverAccepted(socket: TLSSocket, quietMs: number): Promise<void> {
  if (socket.getProtocol() !== 'TLSv1.3') return Promise.resolve();
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('session', onSession).off('error', onError).off('end', onClosed).off('close', onClosed);
      if (err) reject(err);
      else resolve();
    };
    // After the current read: undici's first write from inside the ticket's event would be lost.
    const onSession = () => setImmediate(done);
    const onError = (err: Error) => done(err);
    const onClosed = () => done(Object.assign(new Error('DMS closed the TLS connection right after the handshake: it refused our client certificate, or that none was sent'), { code: 'ERR_TLS_REFUSED_BY_PEER' }));
    const timer = setTimeout(() => done(), quietMs);
    socket.on('session', onSession).on('error', onError).on('end', onClosed).on('close', onClosed);
  });
}

// OpenSSL's certificate verification results, as Node names them (the rest start ERR_SSL_ / ERR_TLS_).
const CERT_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_PURPOSE',
  'HOSTNAME_MISMATCH',
]);

/** A failed TLS handshake: DMS's certificate not trusted, or DMS refusing ours (or none) with an alert. */
function isTlsFailure(code: string): boolean {
  return CERT_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_');
}

/** A transport failure as a class and a short detail (its code first); exported for its table's test. */
export function classify(err: unknown): { errorClass: TransportErrorClass; detail: string } {
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  const codes = [e.code, e.cause?.code].filter((c): c is string => Boolean(c));
  const code = codes.find(isTlsFailure) ?? codes[0] ?? '';
  const detail = `${code || 'error'}: ${e.message ?? String(err)}`.slice(0, 300);
  if (isTlsFailure(code)) return { errorClass: 'tls_handshake', detail };
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { errorClass: 'connect_timeout', detail };
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return { errorClass: 'response_timeout', detail };
    case 'ECONNREFUSED':
      return { errorClass: 'connection_refused', detail };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return { errorClass: 'connection_reset', detail };
    default:
      return { errorClass: 'network_error', detail };
  }
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  if (/^\s*\d+\s*$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
