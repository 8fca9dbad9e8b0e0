// The Operations the JSON API and the console share (see operations.ts for the rules).
import type { AuditEntry } from '../store/audit.ts';
import { requireRole } from './access.ts';
import { cancelEvent, retryEvent } from './actions.ts';
import { decodeIdCursor, encodeIdCursor } from './cursor.ts';
import { dashboard } from './dashboard.ts';
import type { OperationsDeps } from './deps.ts';
import { eventFor, listEvents, messageFor } from './log.ts';
import type { Operations, Page } from './operations.ts';
import { cancelReplay, replayJob, replayJobs, startReplay } from './replays.ts';

export function createOperations(deps: OperationsDeps): Operations {
  return {
    dashboard: (p) => dashboard(deps, p),
    listEvents: (p, filter, cursor, limit) => listEvents(deps, p, filter, cursor, limit),
    event: (p, id) => eventFor(deps, p, id),
    message: (p, id, options) => messageFor(deps, p, id, options),
    retry: (p, id, reason) => retryEvent(deps, p, id, reason),
    cancel: (p, id, reason) => cancelEvent(deps, p, id, reason),
    startReplay: (p, filter, reason) => startReplay(deps, p, filter, reason),
    replays: (p) => replayJobs(deps, p),
    replay: (p, id) => replayJob(deps, p, id),
    cancelReplay: (p, id) => cancelReplay(deps, p, id),
    auditLog: async (p, cursor, limit): Promise<Page<AuditEntry>> => {
      requireRole(p, 'viewer');
      const size = Math.max(1, Math.min(200, Math.floor(limit) || 50));
      const rows = await deps.store.audit.auditPage(decodeIdCursor(cursor), size);
      const last = rows[rows.length - 1];
      return { items: rows.map(({ id: _id, ...entry }) => entry), nextCursor: rows.length === size && last ? encodeIdCursor(last.id) : null };
    },
  };
}
