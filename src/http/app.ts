// The gateway's HTTP application: routes grouped by resource, one error envelope for everything.
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { ProblemError } from '../errors.ts';
import type { AppEnv } from './app-env.ts';
import { hasBearerToken } from './middleware/bearer-token.ts';
import { requestId } from './middleware/request-id.ts';
import { internalError, problemResponse } from './problem.ts';
import { eventRoutes, type EventRoutesDeps } from './routes/events.ts';
import { consoleRoutes } from '../ui/routes.ts';
import { auditRoutes } from './routes/audit.ts';
import { replayRoutes } from './routes/replays.ts';
import type { ConsoleAccess } from '../ui/console-env.ts';
import type { SessionPolicy } from '../ui/middleware/session.ts';
import { openApiRoutes } from './routes/openapi.ts';
import { docsRoutes } from './routes/docs.ts';
import { createRateLimits } from './rate-limit/limits.ts';
import { noticeRoutes } from './routes/notices.ts';
import type { NoticeOperations } from '../notices/operations.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import type { WebhookManagement } from '../webhooks/manage.ts';

export interface AppDeps extends EventRoutesDeps {
  /** Sign-in for the API and the console, and the console's CSRF secret. */
  access: ConsoleAccess;
  /** Notices from DMS: what registers and operators read and do (the API and the console). */
  notices: NoticeOperations;
  /** Console session lifetime and idle timeout. */
  consoleSession?: SessionPolicy;
  logger: Logger;
  health: () => Promise<{ ok: boolean; checks: Record<string, boolean> }>;
  /** Prometheus text exposition. */
  metrics: () => Promise<string>;
  /** When set, /metrics needs it as a bearer token. */
  metricsToken?: string;
  /** POST /xroad/dms: the service DMS calls with outcomes and notices (src/dms-inbound); absent without a pinned DMS CA. */
  dmsInbound?: Hono;
  /** POST /xroad/dms-sandbox: final outcomes of sandbox events, from the sandbox's mock DMS. */
  dmsSandboxInbound?: Hono;
  /** Webhook endpoints of registers (/v1/webhooks and the console's webhooks page). */
  webhooks: WebhookManagement;
}

export function createApp(appDeps: AppDeps): Hono<AppEnv> {
  // Limited by default: the generous defaults unless the gateway passes its configuration's.
  const deps = { ...appDeps, rateLimits: appDeps.rateLimits ?? createRateLimits(undefined, appDeps.now) };
  const app = new Hono<AppEnv>();
  app.use('*', requestId());

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const health = await deps.health();
    return c.json({ status: health.ok ? 'ready' : 'not_ready', checks: health.checks }, health.ok ? 200 : 503);
  });
  app.get('/metrics', async (c) => {
    if (deps.metricsToken !== undefined && !hasBearerToken(c.req.header('authorization'), deps.metricsToken)) throw metricsUnauthorized();
    return c.text(await deps.metrics(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
  app.route('/v1/events', eventRoutes(deps));
  if (deps.dmsInbound) app.route('/xroad/dms', deps.dmsInbound);
  if (deps.dmsSandboxInbound) app.route('/xroad/dms-sandbox', deps.dmsSandboxInbound);
  app.route('/ui', consoleRoutes({ ...deps, loginThrottle: deps.rateLimits.login }));
  app.route('/v1/replays', replayRoutes(deps.access, deps.operations, deps.rateLimits));
  app.route('/v1/audit', auditRoutes(deps.access, deps.operations, deps.rateLimits));
  app.route('/v1/notices', noticeRoutes(deps.access, deps.notices, deps.rateLimits));
  app.route('/v1/webhooks', webhookRoutes(deps.access, deps.webhooks, deps.rateLimits));
  app.route('/', openApiRoutes());
  app.route('/docs', docsRoutes());

  app.notFound((c) =>
    problemResponse(
      c,
      new ProblemError({ status: 404, code: 'NOT_FOUND', message: { uk: `Шлях ${c.req.path} не існує.`, en: `There is no ${c.req.path}.` } }),
    ),
  );
  app.onError((err, c) => {
    if (err instanceof ProblemError) return problemResponse(c, err);
    // The client went away mid-request: nobody gets the answer, and it is not the gateway's fault.
    if (c.req.raw.signal.aborted) {
      deps.logger.info({ requestId: c.get('requestId'), path: c.req.path }, 'client closed the connection');
      return problemResponse(c, internalError());
    }
    deps.logger.error({ err, requestId: c.get('requestId'), path: c.req.path }, 'unhandled error');
    return problemResponse(c, internalError());
  });
  return app;
}

const metricsUnauthorized = () =>
  new ProblemError({
    status: 401,
    code: 'UNAUTHORIZED',
    message: { uk: 'Метрики доступні з токеном METRICS_TOKEN: Authorization: Bearer <токен>.', en: 'Metrics need the METRICS_TOKEN: Authorization: Bearer <token>.' },
    headers: { 'www-authenticate': 'Bearer realm="rtg-gateway metrics"' },
  });
