import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './dms-client.ts';
import { retryDelay } from './schedule.ts';

const policy = { schedule: [1000, 60_000, 3_600_000], jitter: 0.2, retryAfterMaxMs: 600_000 };

describe('retryDelay', () => {
  it('follows the schedule and ends after its last entry', () => {
    const mid = () => 0.5; // no jitter
    expect(retryDelay(1, policy, null, mid)).toBe(1000);
    expect(retryDelay(2, policy, null, mid)).toBe(60_000);
    expect(retryDelay(3, policy, null, mid)).toBe(3_600_000);
    expect(retryDelay(4, policy, null, mid)).toBeNull();
  });

  it('jitters within ±jitter', () => {
    expect(retryDelay(2, policy, null, () => 0)).toBe(48_000);
    expect(retryDelay(2, policy, null, () => 1)).toBe(72_000);
  });

  it('honours Retry-After when longer, up to the ceiling', () => {
    const mid = () => 0.5;
    expect(retryDelay(1, policy, 30_000, mid)).toBe(30_000);
    expect(retryDelay(2, policy, 5_000, mid)).toBe(60_000);
    expect(retryDelay(1, policy, 86_400_000, mid)).toBe(600_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
