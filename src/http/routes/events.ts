// /v1/events: registers post events and follow their delivery; operators see every event, its
// message and DMS's answers, and act on it. Everything but the POST goes through Operations, which
// holds the access rules the console shares.
import { Hono, type Context } from 'hono';
import { ProblemError } from '../../errors.ts';
import { prepareEvent, storeEvent, type IngestDeps } from '../../ingest/ingest-event.ts';
import { ingestGroup } from '../../store/events.ts';
import { compileSchema } from '../../validation/schema.ts';
import type { Operations } from '../../operations/operations.ts';
import type { CredentialLookup } from '../../store/access.ts';
import type { Idempotency } from '../../store/idempotency.ts';
import type { AppEnv } from '../app-env.ts';
import { authenticate, requireRegister } from '../middleware/auth.ts';
import { answerOnce, idempotency, snapshot } from '../middleware/idempotency.ts';
import { problemResponse } from '../problem.ts';
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
  // The contract's validator is compiled at start, so the first event is not kept waiting for it.
  compileSchema();
  const app = new Hono<AppEnv>();
  const ops = deps.operations;
  app.use('*', authenticate(deps.access, deps.rateLimits));

  app.post(
    '/',
    requireRegister(),
    rawJsonBody(deps.bodyLimitBytes),
    idempotency({ store: deps.idempotency, retentionMs: deps.idempotencyRetentionMs, now: deps.now }),
    async (c) => {
      // Validation first (no writes); a refusal is an answer kept for the key like any other.
      const prepared = await (async () => prepareEvent(c.get('register'), parseJson(c.get('rawBody')), deps))().catch(refusal);
      const { res, ran } = await answerOnce(c, async (tx) => {
        if (prepared instanceof ProblemError) return { value: false, response: await snapshot(problemResponse(c, prepared)) };
        const stored = await storeEvent(tx, prepared, deps).catch(refusal);
        if (stored instanceof ProblemError) return { value: false, response: await snapshot(problemResponse(c, stored)) };
        // 202: accepted for delivery. A repeat of an already stored event id (same content) is 200.
        const location = `/v1/events/${stored.event.id}`;
        const response = { status: stored.created ? 202 : 200, headers: { 'content-type': 'application/json', location }, body: JSON.stringify(eventSummary(stored.event)) };
        return { value: stored.created, response };
      }, prepared instanceof ProblemError ? undefined : { group: ingestGroup(prepared) });
      // Committed as new (not rolled back because its key answered instead).
      if (ran === true) {
        deps.events.accepted();
        deps.onAccepted?.();
      }
      return res;
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

/** A ProblemError as a value (an answer to keep); anything else stays thrown (a server error). */
const refusal = (err: unknown): ProblemError => {
  if (err instanceof ProblemError) return err;
  throw err;
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
