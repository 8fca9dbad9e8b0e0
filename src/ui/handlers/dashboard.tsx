import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { DashboardPage } from '../pages/dashboard-page.tsx';
import { AuditPage } from '../pages/audit-page.tsx';

/** The dashboard (/ui) and the audit log (/ui/audit). */
export function overviewRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const now = deps.now ?? Date.now;

  app.get('/', async (c) => {
    const session = c.get('session');
    const data = await deps.operations.dashboard(session.principal);
    return c.html(<DashboardPage session={session} data={data} now={now()} />);
  });

  app.get('/audit', async (c) => {
    const session = c.get('session');
    const cursor = c.req.query('cursor') ?? null;
    const page = await deps.operations.auditLog(session.principal, cursor, 50);
    return c.html(<AuditPage session={session} page={page} firstPage={cursor === null} />);
  });
  return app;
}
