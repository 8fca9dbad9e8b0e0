// /v1/events: registers post events and follow their delivery.
import { Hono } from 'hono';
import { ProblemError } from '../../errors.ts';
import { ingestEvent, type IngestDeps } from '../../ingest/ingest-event.ts';
import type { EventDetails, Store, StoredEvent } from '../../store/store.ts';
import type { AppEnv } from '../app-env.ts';
import { registerAuth } from '../middleware/auth.ts';
import { idempotency } from '../middleware/idempotency.ts';
import { parseJson, rawJsonBody } from '../middleware/json-body.ts';

export interface EventRoutesDeps extends IngestDeps {
  store: Store;
  bodyLimitBytes: number;
  idempotencyRetentionMs: number;
  /** Called after an event is stored, so the worker starts on it at once. */
  onAccepted?: () => void;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function eventRoutes(deps: EventRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', registerAuth(deps.store));

  app.post(
    '/',
    rawJsonBody(deps.bodyLimitBytes),
    idempotency({ store: deps.store, retentionMs: deps.idempotencyRetentionMs, now: deps.now }),
    async (c) => {
      const body = parseJson(c.get('rawBody'));
      const { created, event } = await ingestEvent(c.get('register'), body, deps);
      if (created) deps.onAccepted?.();
      c.header('location', `/v1/events/${event.id}`);
      // 202: accepted for delivery. A repeat of an already stored event id (same content) is 200.
      return c.json(summary(event), created ? 202 : 200);
    },
  );

  app.get('/:id', async (c) => {
    const details = await deps.store.getEvent(c.req.param('id'));
    // Another register's event is reported as absent, not forbidden: its existence is not ours to tell.
    if (!details || details.registerId !== c.get('register').id) throw notFound(c.req.param('id'));
    return c.json(view(details));
  });

  return app;
}

function summary(e: StoredEvent) {
  return { id: e.id, eventId: e.registerEventId, type: e.type, status: e.status, receivedAt: iso(e.receivedAt), warnings: e.warnings };
}

function view(e: EventDetails) {
  const d = e.delivery;
  return {
    ...summary(e),
    occurredAt: e.occurredAt,
    delivery: {
      messageId: d.messageId,
      contract: d.contract,
      attempts: d.attempts,
      nextAttemptAt: iso(d.nextAttemptAt),
      finishedAt: iso(d.finishedAt),
      lastError: d.lastError,
    },
    receipt: d.receipt,
    rejection: d.rejection,
    attempts: e.attempts.map((a) => ({
      number: a.number,
      startedAt: iso(a.startedAt),
      durationMs: a.durationMs,
      outcome: a.outcome,
      httpStatus: a.httpStatus,
      errorClass: a.errorClass,
      detail: a.detail,
    })),
  };
}

const notFound = (id: string) =>
  new ProblemError({
    status: 404,
    code: 'NOT_FOUND',
    message: { uk: `Подію ${id} не знайдено.`, en: `Event ${id} was not found.` },
  });
