// Reading one event from the gateway's API (GET /v1/events/{id}), as a register or an operator.
import { bearer, call } from './http.ts';

/** `delivered` is not final any more: DMS's outcome (registered or refused) follows. */
export const FINAL_STATUSES = ['registered', 'refused', 'rejected', 'failed', 'cancelled'] as const;

export interface EventView {
  id: string;
  eventId: string;
  status: string;
  occurredAt: string;
  blockedBy?: { eventId: string; status: string };
  delivery: { messageId: string; attempts: number; lastError: string | null; cancelReason: string | null };
  receipt: { number: string; status: string } | null;
  rejection: { code: string; reason: string } | null;
  outcome?: { kind: string; receiptNumber: string } | null;
}

/** The event, `not_found` for a 404, or null when the gateway could not be asked (down, restarting). */
export async function fetchEvent(baseUrl: string, token: string, id: string): Promise<EventView | 'not_found' | null> {
  try {
    const answer = await call(`${baseUrl}/v1/events/${id}`, { headers: bearer(token), timeoutMs: 10_000 });
    if (answer.status === 200) return JSON.parse(answer.text) as EventView;
    if (answer.status === 404) return 'not_found';
    return null;
  } catch {
    return null;
  }
}

/** Runs `work` over `items`, `limit` at a time. */
export async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}
