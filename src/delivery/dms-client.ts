// Sends one SOAP request to DMS over HTTP with undici: keep-alive connections, a connect timeout
// and a response timeout, a cap on how much of an answer is read. Transport failures come back as
// values, classified, never as exceptions.
import { Agent, request } from 'undici';

export interface DmsClientOptions {
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  connections: number;
  maxAnswerBytes?: number;
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
  | 'network_error';

export interface DmsClient {
  send(url: string, xml: string): Promise<HttpOutcome>;
  close(): Promise<void>;
}

export function createDmsClient(options: DmsClientOptions): DmsClient {
  const maxAnswerBytes = options.maxAnswerBytes ?? 1024 * 1024;
  const agent = new Agent({
    connect: { timeout: options.connectTimeoutMs },
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

function classify(err: unknown): { errorClass: TransportErrorClass; detail: string } {
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  const detail = `${code || 'error'}: ${e.message ?? String(err)}`.slice(0, 300);
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
