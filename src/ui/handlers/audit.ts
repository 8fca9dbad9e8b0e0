import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { AuditPage } from '../pages/audit-page.ts';

/** The audit log (/ui/audit), newest first. */
export function auditRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/audit', async (c) => {
    const session = c.get('session');
    const cursor = c.req.query('cursor') ?? null;
    const page = await deps.operations.auditLog(session.principal, cursor, 50);
    return c.html(AuditPage({ session, page, firstPage: cursor === null }));
  });
  return app;
}
