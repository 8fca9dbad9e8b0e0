import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { DashboardPage } from '../pages/dashboard-page.ts';

/** The dashboard (/ui). */
export function dashboardRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const now = deps.now ?? Date.now;
  app.get('/', async (c) => {
    const session = c.get('session');
    const data = await deps.operations.dashboard(session.principal);
    const unroutedNotices = deps.notices && session.principal.kind === 'operator' ? await deps.notices.unroutedCount(session.principal) : null;
    const disabledWebhooks = (await deps.webhooks?.disabledForFailing(session.principal)) ?? [];
    return c.html(DashboardPage({ session, data, now: now(), unroutedNotices, disabledWebhooks }));
  });
  return app;
}
