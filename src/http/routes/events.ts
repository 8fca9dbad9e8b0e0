// /v1/events: registers post events and follow their delivery; operators see every event, its
// message and DMS's answers, and act on it. Everything but the POST goes through Operations, which
// holds the access rules the console shares.
import { Hono, type Context } from 'hono';
import { ingestEvent, type IngestDeps } from '../../ingest/ingest-event.ts';
import type { Operations } from '../../operations/operations.ts';
import type { CredentialLookup } from '../../store/access.ts';
import type { Idempotency } from '../../store/idempotency.ts';
import type { AppEnv } from '../app-env.ts';
import { authenticate, requireRegister } from '../middleware/auth.ts';
import { idempotency } from '../middleware/idempotency.ts';
import { commandBody, parseJson, rawJsonBody } from '../middleware/json-body.ts';
import { eventSummary, eventView } from '../views/event-view.ts';
import { listQuery, readReason, searchBody } from './query.ts';
import type { RateLimits } from '../rate-limit/limits.ts';

export interface EventRoutesDeps extends IngestDeps {
  access: CredentialLookup;
  idempotency: Idempotency;
  operations: Operations;
  bodyLimitBytes: number;
  idempotencyRetentionMs: number;
  /** A new event was stored: count it and wake the worker. */
  onAccepted?: () => void;
  /** Token buckets per key and per client IP (createApp makes the defaults when absent). */
  rateLimits?: RateLimits;
}

export function eventRoutes(deps: EventRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const ops = deps.operations;
  app.use('*', authenticate(deps.access, deps.rateLimits));

  app.post(
    '/',
    requireRegister(),
    rawJsonBody(deps.bodyLimitBytes),
    idempotency({ store: deps.idempotency, retentionMs: deps.idempotencyRetentionMs, now: deps.now }),
    async (c) => {
      const body = parseJson(c.get('rawBody'));
      const { created, event } = await ingestEvent(c.get('register'), body, deps);
      if (created) deps.onAccepted?.();
      c.header('location', `/v1/events/${event.id}`);
      // 202: accepted for delivery. A repeat of an already stored event id (same content) is 200.
      return c.json(eventSummary(event), created ? 202 : 200);
    },
  );

  const list = async (c: Context<AppEnv>, { filter, cursor, limit }: ReturnType<typeof listQuery>) => {
    const page = await ops.listEvents(c.get('principal'), filter, cursor, limit);
    return c.json({ items: page.items.map((i) => ({ ...i, receivedAt: new Date(i.receivedAt).toISOString(), nextAttemptAt: iso(i.nextAttemptAt), finishedAt: iso(i.finishedAt) })), nextCursor: page.nextCursor });
  };
  app.get('/', (c) => list(c, listQuery(c.req.query())));
  app.post('/search', async (c) => list(c, searchBody(await commandBody(c))));

  app.get('/:id', async (c) => {
    const principal = c.get('principal');
    const event = await ops.event(principal, c.req.param('id'));
    return c.json(eventView(event, principal.kind === 'operator' ? event.audit : undefined, principal.kind === 'operator'));
  });

  app.get('/:id/message', async (c) => c.json(await ops.message(c.get('principal'), c.req.param('id'), { reveal: false })));

  app.post('/:id/reveal', async (c) => {
    const reason = readReason(await commandBody(c)) ?? undefined;
    return c.json(await ops.message(c.get('principal'), c.req.param('id'), { reveal: true, reason }));
  });

  app.post('/:id/retry', async (c) => {
    const event = await ops.retry(c.get('principal'), c.req.param('id'), readReason(await commandBody(c)));
    return c.json(eventView(event, event.audit, true));
  });

  app.post('/:id/cancel', async (c) => {
    const event = await ops.cancel(c.get('principal'), c.req.param('id'), readReason(await commandBody(c)) ?? '');
    return c.json(eventView(event, event.audit, true));
  });

  return app;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
