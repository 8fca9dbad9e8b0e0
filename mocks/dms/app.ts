// The mock DMS as a Hono app: the SOAP endpoint (POST / and POST /dms) and the admin API under
// /__admin. Tests use `app.request()`; startMockDms (server.ts) puts it on a real port, which
// the socket-level faults (reset, no_answer) need.
import { X509Certificate } from 'node:crypto';
import { Hono } from 'hono';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { requireAdminToken } from './admin/admin-auth.ts';
import { adminRoutes } from './admin/admin-routes.ts';
import { notFound, problemResponse } from './admin/problem.ts';
import { soapRoute } from './routes/soap-route.ts';
import type { SchemaValidatorOptions } from './schema/schema-validator.ts';
import { xmlResponse } from './soap/http-answers.ts';
import { renderServerFault } from './soap/render.ts';
import { createMockState } from './state/mock-state.ts';
import type { MockDmsState } from './state/mock-state.ts';

export interface MockDmsOptions {
  /** PEM certificates of the CAs whose signers are trusted; the certificate in a message counts for nothing. */
  trustedCaPems: string[];
  now?: () => Date;
  logger?: Logger;
  /** Journal entries kept (oldest dropped first); 10,000 by default. */
  journalCapacity?: number;
  validation?: SchemaValidatorOptions;
  /** When set, the admin API (/__admin) needs `Authorization: Bearer <adminToken>`. */
  adminToken?: string;
}

export interface MockDms {
  app: Hono;
  state: MockDmsState;
}

/** A broken trust configuration is the operator's mistake: refuse to start rather than reject every message. */
function checkTrustAnchors(pems: string[]): void {
  if (pems.length === 0) throw new Error('mock DMS needs at least one trusted CA certificate');
  pems.forEach((pem, i) => {
    const cert = new X509Certificate(pem);
    if (!cert.ca) throw new Error(`trusted certificate #${i + 1} (${cert.subject.replaceAll('\n', ', ')}) is not a CA`);
  });
}

export function createMockDmsApp(options: MockDmsOptions): MockDms {
  checkTrustAnchors(options.trustedCaPems);
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? pino({ level: 'silent' });
  const state = createMockState({ now, journalCapacity: options.journalCapacity, validation: options.validation });
  const deps = { ...state, trustedCaPems: options.trustedCaPems, now, logger };

  const app = new Hono();
  app.use('/__admin/*', requireAdminToken(options.adminToken));
  app.route('/__admin', adminRoutes(state));
  app.route('/', soapRoute(deps));
  app.notFound((c) => problemResponse(notFound(`no route ${c.req.method} ${c.req.path}`, `маршруту ${c.req.method} ${c.req.path} немає`), c));
  app.onError((err, c) => {
    if (c.req.path.startsWith('/__admin')) return problemResponse(err, c);
    logger.error({ err }, 'mock DMS endpoint failed');
    return xmlResponse(renderServerFault(), 500);
  });
  return { app, state };
}
