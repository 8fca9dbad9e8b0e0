import { describe, expect, it } from 'vitest';
import { judgeKnownKey, type KeyRecord } from './idempotency-rules.ts';

const NOW = 1_000_000;
const DAY = 86_400_000;
const response = { status: 202, headers: { location: '/v1/events/x' }, body: '{}' };
const key = (over: Partial<KeyRecord> = {}): KeyRecord => ({ requestHash: 'h', state: 'in_flight', createdAt: NOW - 1000, lockedUntil: NOW + 5000, response: null, ...over });

describe('a known Idempotency-Key', () => {
  it('counts as new when gone or past retention', () => {
    expect(judgeKnownKey(null, 'h', NOW, DAY)).toEqual({ kind: 'expired' });
    expect(judgeKnownKey(key({ createdAt: NOW - DAY - 1, state: 'done', response }), 'h', NOW, DAY)).toEqual({ kind: 'expired' });
    // Kept for exactly the retention: at its last millisecond the key still replays.
    expect(judgeKnownKey(key({ createdAt: NOW - DAY, state: 'done', lockedUntil: null, response }), 'h', NOW, DAY)).toEqual({ kind: 'replay', response });
  });

  it('refuses another body, replays a finished answer, waits for a running one', () => {
    expect(judgeKnownKey(key(), 'other', NOW, DAY)).toEqual({ kind: 'mismatch' });
    expect(judgeKnownKey(key({ state: 'done', lockedUntil: null, response }), 'h', NOW, DAY)).toEqual({ kind: 'replay', response });
    expect(judgeKnownKey(key(), 'h', NOW, DAY)).toEqual({ kind: 'in_flight' });
  });

  it('is taken over once the first request stopped holding it (its process died)', () => {
    expect(judgeKnownKey(key({ lockedUntil: NOW }), 'h', NOW, DAY)).toEqual({ kind: 'take_over' });
  });
});
