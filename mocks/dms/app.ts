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
import { xmlResponse } from './soap/http-answers.ts';
import { renderServerFault } from './soap/render.ts';
import { createMockState } from './state/mock-state.ts';
import type { MockDmsState } from './state/mock-state.ts';
import type { SigningKey } from '../../src/signing/keys.ts';
import { answerSigner } from './soap/sign-answer.ts';
import type { Identity } from './callbacks/render-callback.ts';

export interface MockDmsOptions {
  /** PEM certificates of the CAs whose signers are trusted; the certificate in a message counts for nothing. */
  trustedCaPems: string[];
  now?: () => Date;
  logger?: Logger;
  /** Journal entries kept (oldest dropped first); 10,000 by default. */
  journalCapacity?: number;
  /** DMS's own key: acknowledgements and rejections are signed with it. Without one, answers are unsigned. */
  answerSigningKey?: SigningKey;
  /** When set, the admin API (/__admin) needs `Authorization: Bearer <adminToken>`. */
  adminToken?: string;
  /** The gateway's POST /xroad/dms, one URL per instance (tried in turn); none: outcomes and notices wait in the outbox. */
  callbackUrls?: string[];
  /** How long after the acknowledgement the final outcome goes out (3 s by default; faults may script others). */
  outcomeDelayMs?: number;
  /** DMS's X-Road subsystem, the client of what it pushes (the gateway checks it against XROAD_SERVICE). */
  dmsIdentity?: Identity;
  /** The outbox's backoff between tries (200 ms → 10 s by default). */
  callbackBackoff?: { firstMs: number; maxMs: number };
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
  const signAnswer = options.answerSigningKey ? answerSigner(options.answerSigningKey) : undefined;
  const state = createMockState({
    now,
    journalCapacity: options.journalCapacity,
    callbacks: {
      callbackUrls: options.callbackUrls ?? [],
      trustedCaPems: options.trustedCaPems,
      logger: logger.child({ component: 'mock-dms-outbox' }),
      sign: signAnswer,
      outcomeDelayMs: options.outcomeDelayMs,
      dmsIdentity: options.dmsIdentity,
      backoff: options.callbackBackoff,
    },
  });
  const deps = { ...state, trustedCaPems: options.trustedCaPems, now, logger, signAnswer };

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
