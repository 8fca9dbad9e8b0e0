// /v1/replays: bulk replay of failed or rejected events by filter, as a job with progress.
import { Hono } from 'hono';
import { ProblemError } from '../../errors.ts';
import type { Operations, ReplayFilter } from '../../operations/operations.ts';
import type { Store } from '../../store/store.ts';
import type { AppEnv } from '../app-env.ts';
import { authenticate } from '../middleware/auth.ts';
import { eventFilter } from './query.ts';

export function replayRoutes(store: Store, ops: Operations): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', authenticate(store));

  app.post('/', async (c) => {
    let body: { filter?: Record<string, string>; reason?: string };
    try {
      body = (await c.req.json()) as typeof body;
    } catch {
      throw new ProblemError({ status: 400, code: 'BODY_NOT_JSON', pointer: '', message: { uk: 'Тіло запиту не є коректним JSON.', en: 'The request body is not valid JSON.' } });
    }
    const f = eventFilter(body.filter ?? {});
    const filter: ReplayFilter = { status: f.status as ReplayFilter['status'], registerCode: f.registerCode, type: f.type, receivedFrom: f.receivedFrom, receivedTo: f.receivedTo };
    const job = await ops.startReplay(c.get('principal'), filter, body.reason ?? '');
    c.header('location', `/v1/replays/${job.id}`);
    return c.json(job, 202);
  });
  app.get('/', async (c) => c.json({ items: await ops.replays(c.get('principal')) }));
  app.get('/:id', async (c) => c.json(await ops.replay(c.get('principal'), c.req.param('id'))));
  app.post('/:id/cancel', async (c) => c.json(await ops.cancelReplay(c.get('principal'), c.req.param('id'))));
  return app;
}

export function auditRoutes(store: Store, ops: Operations): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', authenticate(store));
  app.get('/', async (c) => {
    const page = await ops.auditLog(c.get('principal'), c.req.query('cursor') ?? null, Number(c.req.query('limit') ?? 50));
    return c.json({ items: page.items.map((a) => ({ ...a, at: new Date(a.at).toISOString() })), nextCursor: page.nextCursor });
  });
  return app;
}
