// Everything under /__admin, with problem+json errors.
import { Hono } from 'hono';
import type { MockDmsState } from '../state/mock-state.ts';
import { callbacksRoutes } from './callbacks-routes.ts';
import { faultsRoutes } from './faults-routes.ts';
import { messagesRoutes } from './messages-routes.ts';
import { problemResponse } from './problem.ts';
import { statsRoutes } from './stats-routes.ts';
import { versionsRoutes } from './versions-routes.ts';

export function adminRoutes({ journal, ledger, faults, validator, versions, outbox, publisher }: MockDmsState): Hono {
  const admin = new Hono();
  admin.route('/', callbacksRoutes(outbox, publisher));
  admin.route('/faults', faultsRoutes(faults));
  admin.route('/versions', versionsRoutes(versions));
  admin.route('/messages', messagesRoutes(journal, ledger));
  admin.route('/', statsRoutes(journal, ledger, validator));
  admin.onError((err, c) => problemResponse(err, c));
  return admin;
}
