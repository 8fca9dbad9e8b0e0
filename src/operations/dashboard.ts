// The dashboard's figures, for one register when a register asks.
import type { Principal } from '../auth/principal.ts';
import { registerScope } from './access.ts';
import type { OperationsDeps } from './deps.ts';
import { toListItem } from './log.ts';
import type { Dashboard, ThroughputHour } from './operations.ts';

const HOUR = 3_600_000;

export async function dashboard(deps: OperationsDeps, p: Principal): Promise<Dashboard> {
  const registerId = registerScope(p);
  const now = deps.now();
  const firstHour = Math.floor(now / HOUR) * HOUR - 23 * HOUR;
  const [counts, oldest, finished, failed, blocked] = await Promise.all([
    deps.store.log.countByStatusFor(registerId),
    deps.store.log.oldestWaiting(registerId),
    deps.store.log.finishedPerHour(firstHour, registerId),
    deps.store.log.listLog({ status: 'failed', registerId: registerId ?? undefined }, null, 10),
    deps.store.log.listLog({ status: 'blocked', registerId: registerId ?? undefined }, null, 10),
  ]);
  const throughput: ThroughputHour[] = Array.from({ length: 24 }, (_, i) => ({ hourStart: firstHour + i * HOUR, delivered: 0, rejected: 0, failed: 0 }));
  for (const f of finished) {
    const slot = throughput[Math.floor((f.hourStart - firstHour) / HOUR)];
    if (slot && (f.status === 'delivered' || f.status === 'rejected' || f.status === 'failed')) slot[f.status] += f.count;
  }
  return {
    counts,
    backlog: counts.accepted + counts.retrying + counts.blocked,
    oldestWaiting: oldest ? { id: oldest.id, eventId: oldest.registerEventId, receivedAt: oldest.receivedAt } : null,
    throughput,
    // Breakers are about the gateway, not a register's business.
    breakers: registerId === null ? deps.breakers() : [],
    failed: failed.map(toListItem),
    blocked: blocked.map(toListItem),
  };
}
