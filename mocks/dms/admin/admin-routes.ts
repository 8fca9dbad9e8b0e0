// Everything under /__admin, with problem+json errors.
import { Hono } from 'hono';
import type { MockDmsState } from '../state/mock-state.ts';
import { faultsRoutes } from './faults-routes.ts';
import { messagesRoutes } from './messages-routes.ts';
import { problemResponse } from './problem.ts';
import { statsRoutes } from './stats-routes.ts';
import { versionsRoutes } from './versions-routes.ts';

export function adminRoutes({ journal, ledger, faults, validator, versions }: MockDmsState): Hono {
  const admin = new Hono();
  admin.route('/faults', faultsRoutes(faults));
  admin.route('/versions', versionsRoutes(versions));
  admin.route('/messages', messagesRoutes(journal, ledger));
  admin.route('/', statsRoutes(journal, ledger, validator));
  admin.onError((err, c) => problemResponse(err, c));
  return admin;
}
