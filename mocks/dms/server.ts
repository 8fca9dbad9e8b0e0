// Runs the mock DMS on a real HTTP port (0 picks a free one). close() also drops connections held
// open by a no_answer fault, which would otherwise keep the server from closing.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { serve } from '@hono/node-server';
import type { Logger } from 'pino';
import { isLoopback } from './admin/admin-auth.ts';
import { createMockDmsApp } from './app.ts';
import type { MockDmsOptions, MockDms } from './app.ts';

export interface StartOptions extends Omit<MockDmsOptions, 'logger'> {
  port: number;
  host?: string;
  logger?: Logger;
  /** HTTPS with this certificate and key (PEM); with `clientCa`, only clients presenting a certificate it issued get through the handshake, as at a security server. */
  tls?: { cert: string; key: string; clientCa?: string[] };
}

export interface RunningMockDms {
  url: string;
  port: number;
  state: MockDms['state'];
  close(): Promise<void>;
}

export function startMockDms({ port, host = '127.0.0.1', tls, ...options }: StartOptions): Promise<RunningMockDms> {
  if (!isLoopback(host) && options.adminToken === undefined) {
    return Promise.reject(new Error(`the mock DMS would listen on ${host}, beyond loopback, with its admin API open: set MOCK_DMS_ADMIN_TOKEN`));
  }
  const { app, state } = createMockDmsApp(options);
  return new Promise((resolve, reject) => {
    const https = tls && {
      createServer: createHttpsServer,
      serverOptions: { cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' as const, ...(tls.clientCa ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}) },
    };
    const server = serve({ fetch: app.fetch, port, hostname: host, ...https }, (info: AddressInfo) => {
      const urlHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `${tls ? 'https' : 'http'}://${urlHost}:${info.port}`,
        port: info.port,
        state,
        close: () =>
          new Promise<void>((done, fail) => {
            state.outbox.stop();
            server.close((err) => (err ? fail(err) : done()));
            (server as Server).closeAllConnections();
          }),
      });
    }) as Server;
    server.once('error', reject);
  });
}
