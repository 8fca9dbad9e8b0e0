// /v1/replays: bulk replay of failed or rejected events by filter, as a job with progress.
import { Hono } from 'hono';
import { ProblemError } from '../../errors.ts';
import type { Operations, ReplayFilter } from '../../operations/operations.ts';
import type { CredentialLookup } from '../../store/access.ts';
import type { AppEnv } from '../app-env.ts';
import { authenticate } from '../middleware/auth.ts';
import type { RateLimits } from '../rate-limit/limits.ts';
import { commandBody, parseJson } from '../middleware/json-body.ts';
import { eventFilter } from './query.ts';

export function replayRoutes(access: CredentialLookup, ops: Operations, limits?: RateLimits): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', authenticate(access, limits));

  app.post('/', async (c) => {
    const { filter: raw, reason } = readReplayRequest(await commandBody(c));
    const f = eventFilter(raw);
    const filter: ReplayFilter = { status: f.status as ReplayFilter['status'], registerCode: f.registerCode, type: f.type, receivedFrom: f.receivedFrom, receivedTo: f.receivedTo };
    const job = await ops.startReplay(c.get('principal'), filter, reason);
    c.header('location', `/v1/replays/${job.id}`);
    return c.json(job, 202);
  });
  app.get('/', async (c) => c.json({ items: await ops.replays(c.get('principal')) }));
  app.get('/:id', async (c) => c.json(await ops.replay(c.get('principal'), c.req.param('id'))));
  app.post('/:id/cancel', async (c) => c.json(await ops.cancelReplay(c.get('principal'), c.req.param('id'))));
  return app;
}

/** `{"filter": {status, register, type, from, to}, "reason": "…"}` with every value a string. */
function readReplayRequest(text: string): { filter: Record<string, string | undefined>; reason: string } {
  const body = parseJson(text);
  const invalid = (pointer: string) =>
    new ProblemError({
      status: 422,
      code: 'REPLAY_INVALID',
      pointer,
      message: {
        uk: 'Очікується {"filter": {"status": "failed", …}, "reason": "…"}, де всі значення — рядки.',
        en: 'Expected {"filter": {"status": "failed", …}, "reason": "…"} with string values.',
      },
    });
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid('');
  const { filter = {}, reason = '' } = body as { filter?: unknown; reason?: unknown };
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) throw invalid('/filter');
  for (const [key, value] of Object.entries(filter)) if (typeof value !== 'string') throw invalid(`/filter/${key}`);
  if (typeof reason !== 'string') throw invalid('/reason');
  return { filter: filter as Record<string, string>, reason };
}
