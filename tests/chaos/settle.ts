// After the posting phase (faults cleared): wait until every accepted event is final, as the
// gateway's API reports it. Cheap first (the mock's count of registered events), then event by event.
// Gives up after `idleTimeoutMs` without any progress and reports what is still not final.
import { eachLimited, fetchEvent, FINAL_STATUSES, type EventView } from './gateway-api.ts';
import { sleep } from './http.ts';
import type { MockAdmin } from './mock-admin.ts';
import type { OperatorOnDuty } from './operator.ts';
import type { AcceptedEvent, RunRecord } from './record.ts';

export interface SettleOptions {
  record: RunRecord;
  /** Register keys by register index: each register reads its own events. */
  keys: string[];
  gatewayUrl: () => string;
  mock: MockAdmin;
  operator: OperatorOnDuty;
  idleTimeoutMs: number;
  log: (line: string) => void;
}

export interface Settled {
  /** The last view of each accepted event, by gateway id. */
  views: Map<string, EventView>;
  /** Accepted events the gateway answers 404 for. */
  unknown: AcceptedEvent[];
  /** Accepted events still not final when the wait ended. */
  stuck: Array<{ event: AcceptedEvent; status: string }>;
}

const isFinal = (status: string) => (FINAL_STATUSES as readonly string[]).includes(status) && status !== 'rejected';

export async function settle(o: SettleOptions): Promise<Settled> {
  const accepted = [...o.record.accepted.values()];
  await waitForRegistrations(o, accepted.length);

  const views = new Map<string, EventView>();
  const unknown = new Map<string, AcceptedEvent>();
  let pending = accepted;
  let idleSince = Date.now();
  for (;;) {
    const before = pending.length;
    const still: AcceptedEvent[] = [];
    await eachLimited(pending, 8, async (event) => {
      const view = await fetchEvent(o.gatewayUrl(), o.keys[event.registerIndex] as string, event.gatewayId);
      if (view === 'not_found') unknown.set(event.gatewayId, event);
      else if (view) {
        unknown.delete(event.gatewayId);
        views.set(event.gatewayId, view);
        if (view.status === 'rejected') await o.operator.handle(event.gatewayId);
        if (isFinal(view.status)) return;
      }
      still.push(event);
    });
    pending = still;
    if (pending.length === 0) break;
    if (pending.length < before) idleSince = Date.now();
    if (Date.now() - idleSince > o.idleTimeoutMs) break;
    o.log(`settle: ${pending.length} event(s) not final yet`);
    await o.operator.tick();
    await sleep(1_000);
  }
  return {
    views,
    unknown: [...unknown.values()],
    stuck: pending.filter((e) => !unknown.has(e.gatewayId)).map((event) => ({ event, status: views.get(event.gatewayId)?.status ?? 'unknown' })),
  };
}

/** Until DMS registered (or the operator cancelled) as many events as were accepted, or progress stops. */
async function waitForRegistrations(o: SettleOptions, accepted: number): Promise<void> {
  let last = -1;
  let idleSince = Date.now();
  let lastLog = 0;
  for (;;) {
    await o.operator.tick();
    const registered = (await o.mock.stats().catch(() => null))?.registeredEvents ?? last;
    if (registered + o.operator.cancelled.size >= accepted) return;
    if (registered !== last) {
      last = registered;
      idleSince = Date.now();
    }
    if (Date.now() - idleSince > o.idleTimeoutMs) return;
    if (Date.now() - lastLog > 5_000) {
      lastLog = Date.now();
      o.log(`settle: DMS registered ${registered} of ${accepted} accepted, ${o.operator.cancelled.size} cancelled`);
    }
    await sleep(1_000);
  }
}
