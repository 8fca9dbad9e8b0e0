// Bulk replays (/ui/replays): start one by filter with a reason, follow it, stop it.
import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { parseReplayFilter } from '../filters.ts';
import { ReplayPage } from '../pages/replay-page.ts';
import { ReplaysPage } from '../pages/replays-page.ts';
import { formFields, reasonOf } from './form.ts';

export function replayRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const ops = deps.operations;
  const pageOf = (id: string) => `/ui/replays/${encodeURIComponent(id)}`;

  app.get('/replays', async (c) => {
    const session = c.get('session');
    return c.html(ReplaysPage({ session, jobs: await ops.replays(session.principal) }));
  });

  app.post('/replays', async (c) => {
    const fields = await formFields(c);
    const job = await ops.startReplay(c.get('session').principal, parseReplayFilter(fields), reasonOf(fields) ?? '');
    return c.redirect(pageOf(job.id), 303);
  });

  app.get('/replays/:id', async (c) => {
    const session = c.get('session');
    return c.html(ReplayPage({ session, job: await ops.replay(session.principal, c.req.param('id')) }));
  });

  app.post('/replays/:id/cancel', async (c) => {
    const job = await ops.cancelReplay(c.get('session').principal, c.req.param('id'));
    return c.redirect(pageOf(job.id), 303);
  });
  return app;
}
