// The operator on duty. DMS refused an event on its merits (an injected rejection): the gateway
// marks it rejected and holds the person's later events back (status `blocked`). The operator
// cancels the rejected event with a reason, which lets the person's later events go.
import { fetchEvent } from './gateway-api.ts';
import { bearer, call } from './http.ts';
import type { MockAdmin, MockJournalEntry } from './mock-admin.ts';

export class OperatorOnDuty {
  /** Gateway ids the operator cancelled, with DMS's rejection code. */
  readonly cancelled = new Map<string, string>();
  private readonly watching = new Set<string>();
  private readonly seenSeq = new Set<number>();
  private readonly gatewayUrl: () => string;
  private readonly token: string;
  private readonly mock: MockAdmin;

  constructor(gatewayUrl: () => string, token: string, mock: MockAdmin) {
    this.gatewayUrl = gatewayUrl;
    this.token = token;
    this.mock = mock;
  }

  /** New rejections in the mock's journal, then every rejected event not yet cancelled. */
  async tick(): Promise<void> {
    const rejections = await this.mock.rejections().catch(() => []);
    for (const entry of rejections) {
      if (this.seenSeq.has(entry.seq)) continue;
      this.seenSeq.add(entry.seq);
      const id = gatewayEventIdOf(entry);
      if (id && !this.cancelled.has(id)) this.watching.add(id);
    }
    for (const id of [...this.watching]) await this.handle(id);
  }

  /** Cancels the event if the gateway shows it rejected; true once it is cancelled (or was delivered after all). */
  async handle(id: string): Promise<boolean> {
    this.watching.add(id);
    const view = await fetchEvent(this.gatewayUrl(), this.token, id);
    if (view === null || view === 'not_found') return false;
    if (view.status === 'cancelled' || view.status === 'delivered' || view.status === 'registered' || view.status === 'refused') {
      // A cancel whose answer was lost with a killed instance: it took effect all the same.
      if (view.status === 'cancelled' && !this.cancelled.has(id)) this.cancelled.set(id, view.rejection?.code ?? '');
      this.watching.delete(id);
      return true;
    }
    // Accepted or retrying: the gateway has not taken DMS's answer in yet (or lost it in a kill).
    if (view.status !== 'rejected') return false;
    const reason = `Chaos run: DMS rejected the event (${view.rejection?.code ?? 'no code'}); cancelled so that the person's later events go ahead`;
    try {
      const answer = await call(`${this.gatewayUrl()}/v1/events/${id}/cancel`, {
        method: 'POST',
        headers: { ...bearer(this.token), 'content-type': 'application/json' },
        body: JSON.stringify({ reason }),
      });
      if (answer.status !== 200) return false;
    } catch {
      return false;
    }
    this.cancelled.set(id, view.rejection?.code ?? '');
    this.watching.delete(id);
    return true;
  }
}

/** A fault answered before processing leaves the entry without gatewayEventId: read it from the message. */
function gatewayEventIdOf(entry: MockJournalEntry): string | null {
  return entry.gatewayEventId ?? /<(?:[\w-]+:)?gatewayEventId>([^<]+)</.exec(entry.raw)?.[1]?.trim() ?? null;
}
