// /v1/events: registers post events and follow their delivery; operators see every event and act
// on it (routes in event-actions.ts).
import { Hono } from 'hono';
import { ingestEvent, type IngestDeps } from '../../ingest/ingest-event.ts';
import type { Store } from '../../store/store.ts';
import type { AppEnv } from '../app-env.ts';
import { authenticate, requireRegister } from '../middleware/auth.ts';
import { idempotency } from '../middleware/idempotency.ts';
import { parseJson, rawJsonBody } from '../middleware/json-body.ts';
import { eventSummary, eventView } from '../views/event-view.ts';
import { eventActionRoutes } from './event-actions.ts';
import { visibleEvent } from './event-access.ts';

export interface EventRoutesDeps extends IngestDeps {
  store: Store;
  bodyLimitBytes: number;
  idempotencyRetentionMs: number;
  /** Called when an event becomes due (accepted, retried), so the worker starts on it at once. */
  onDue?: () => void;
}

export function eventRoutes(deps: EventRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', authenticate(deps.store));

  app.post(
    '/',
    requireRegister(),
    rawJsonBody(deps.bodyLimitBytes),
    idempotency({ store: deps.store, retentionMs: deps.idempotencyRetentionMs, now: deps.now }),
    async (c) => {
      const body = parseJson(c.get('rawBody'));
      const { created, event } = await ingestEvent(c.get('register'), body, deps);
      if (created) deps.onDue?.();
      c.header('location', `/v1/events/${event.id}`);
      // 202: accepted for delivery. A repeat of an already stored event id (same content) is 200.
      return c.json(eventSummary(event), created ? 202 : 200);
    },
  );

  app.get('/:id', async (c) => {
    const principal = c.get('principal');
    const details = await visibleEvent(deps.store, principal, c.req.param('id'));
    const audit = principal.kind === 'operator' ? await deps.store.listAudit(details.id) : undefined;
    return c.json(eventView(details, audit));
  });

  app.route('/', eventActionRoutes(deps));
  return app;
}
