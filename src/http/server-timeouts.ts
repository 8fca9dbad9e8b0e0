// Timeouts of the HTTP listener, so a client cannot hold a connection (and its memory) open by
// sending headers or a body byte by byte, or by idling on a kept-alive connection.
import type { ServerOptions } from 'node:http';

export interface ServerTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

/** Options for http.createServer: Node checks the first two every connectionsCheckingInterval. */
export function serverTimeoutOptions(t: ServerTimeouts): ServerOptions {
  return {
    headersTimeout: t.headersTimeoutMs,
    requestTimeout: t.requestTimeoutMs,
    keepAliveTimeout: t.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(t.headersTimeoutMs / 4))),
  };
}
