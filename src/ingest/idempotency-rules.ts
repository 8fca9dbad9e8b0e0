// What a known Idempotency-Key means for a new request, in one place for both databases.

/** An answer kept for replay. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A key as stored: the first request's body hash, and its answer once it finished. */
export interface KeyRecord {
  requestHash: string;
  state: 'in_flight' | 'done';
  createdAt: number;
  lockedUntil: number | null;
  response: StoredResponse | null;
}

export type KnownKey =
  /** Past retention (or gone): the key counts as new. */
  | { kind: 'expired' }
  | { kind: 'mismatch' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in_flight' }
  /** The first request's process died before it finished: this one takes the key over. */
  | { kind: 'take_over' };

export function judgeKnownKey(key: KeyRecord | null, requestHash: string, now: number, retentionMs: number): KnownKey {
  if (key === null || key.createdAt < now - retentionMs) return { kind: 'expired' };
  if (key.requestHash !== requestHash) return { kind: 'mismatch' };
  if (key.state === 'done' && key.response) return { kind: 'replay', response: key.response };
  return key.lockedUntil !== null && key.lockedUntil > now ? { kind: 'in_flight' } : { kind: 'take_over' };
}
