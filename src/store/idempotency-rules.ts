// What a known Idempotency-Key means for a new request, in one place for both stores.
import type { Row } from './rows.ts';
import type { StoredResponse } from './store.ts';

export type KnownKey =
  /** Past retention (or gone): the key counts as new. */
  | { kind: 'expired' }
  | { kind: 'mismatch' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in_flight' }
  /** The first request's process died before it finished: this one takes the key over. */
  | { kind: 'take_over' };

export function judgeKnownKey(row: Row, requestHash: string, now: number, retentionMs: number): KnownKey {
  if (Number(row.created_at) < now - retentionMs) return { kind: 'expired' };
  if (row.request_hash !== requestHash) return { kind: 'mismatch' };
  if (row.state === 'done') {
    const headers = JSON.parse(String(row.response_headers)) as Record<string, string>;
    return { kind: 'replay', response: { status: Number(row.response_status), headers, body: String(row.response_body) } };
  }
  return Number(row.locked_until) > now ? { kind: 'in_flight' } : { kind: 'take_over' };
}
