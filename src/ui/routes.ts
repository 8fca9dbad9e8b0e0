// The operator console at /ui: server-rendered pages over Operations, so the console and the JSON
// API share one set of access rules. Order matters: security headers and the Origin check cover
// everything, sign-in needs no session, everything after it needs a session and (for POSTs) the
// session's CSRF token.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { tooLarge } from '../http/middleware/read-body.ts';
import type { ConsoleDeps, ConsoleEnv } from './console-env.ts';
import { auditRoutes } from './handlers/audit.ts';
import { dashboardRoutes } from './handlers/dashboard.ts';
import { consoleErrorHandler, errorPage } from './handlers/error-handler.ts';
import { eventRoutes } from './handlers/event.ts';
import { eventListRoutes } from './handlers/events.ts';
import { loginRoutes, logoutRoutes } from './handlers/login.ts';
import { replayRoutes } from './handlers/replays.ts';
import { noticeRoutes } from './handlers/notices.ts';
import { webhookRoutes } from './handlers/webhooks.ts';
import { requireCsrfToken } from './middleware/csrf-token.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { csrfKeyOf, DEFAULT_SESSION_POLICY, requireSession } from './middleware/session.ts';

const LOGIN_FORM_LIMIT = 4 * 1024;
const FORM_LIMIT = 16 * 1024;
const limitForm = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw tooLarge(maxSize);
    },
  });

export function consoleRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.use('*', securityHeaders());
  app.use('*', csrf());
  // Sign-in is read before anyone is known, so its form gets a small limit; the others after the session.
  app.use('/login', limitForm(LOGIN_FORM_LIMIT));
  const policy = deps.consoleSession ?? DEFAULT_SESSION_POLICY;
  const now = deps.now ?? Date.now;
  app.route('/', loginRoutes(deps.access, policy, now, deps.loginThrottle));

  app.use('*', requireSession(deps.access, csrfKeyOf(deps.access), policy, now), limitForm(FORM_LIMIT), requireCsrfToken());
  app.route('/', logoutRoutes(deps.access));
  app.route('/', dashboardRoutes(deps));
  app.route('/', auditRoutes(deps));
  app.route('/', eventListRoutes(deps));
  app.route('/', eventRoutes(deps));
  app.route('/', replayRoutes(deps));
  if (deps.notices) app.route('/', noticeRoutes(deps.notices));
  app.route('/', webhookRoutes(deps));
  app.all('*', (c) => errorPage(c, 404, 'NOT_FOUND', `Сторінки ${c.req.path} немає в консолі.`));

  app.onError(consoleErrorHandler(deps.logger));
  return app;
}
