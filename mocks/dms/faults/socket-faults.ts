// Faults below HTTP, done on the real socket that @hono/node-server exposes as c.env.incoming: a TCP
// reset, and a request that is never answered. Without a socket (app.request() in unit tests) they
// cannot be simulated, and the caller answers with a Server fault instead.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

export function socketOf(env: unknown): Socket | null {
  const incoming = (env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket ?? null;
}

/** RST rather than FIN: the client sees ECONNRESET, as when a proxy or the peer crashes. */
export function resetConnection(socket: Socket): void {
  socket.resetAndDestroy();
}

/**
 * Sends nothing until the client gives up (closes the connection) or, with `ms`, until then,
 * when the connection is dropped. Resolves once the connection is gone.
 */
export function holdWithoutAnswer(socket: Socket, ms: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    const timer = ms === undefined ? undefined : setTimeout(() => socket.destroy(), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
