import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.ts';

const options = { minRequests: 4, failureRate: 0.7, windowMs: 10_000, cooldownMs: 1000, maxCooldownMs: 5000 };
const feed = (b: CircuitBreaker, outcomes: boolean[], at: number) => outcomes.map((ok) => b.record(ok, at));

describe('CircuitBreaker', () => {
  it('keeps sending to a destination that fails only some of the time', () => {
    const b = new CircuitBreaker('dms', options);
    // 35 % failures, in runs of up to three: never 70 % of the window
    const pattern = [false, false, true, true, true, false, true, true, false, true, true, true];
    for (let round = 0; round < 20; round++) expect(feed(b, pattern, round * 100)).not.toContain('opened');
    expect(b.snapshot(2000)).toMatchObject({ state: 'closed', timesOpened: 0 });
  });

  it('opens once the failure rate over the window reaches the threshold, with enough requests', () => {
    const b = new CircuitBreaker('dms', options);
    expect(feed(b, [false, false, false], 0)).toEqual([null, null, null]); // too few to judge
    expect(b.record(false, 10)).toBe('opened');
    expect(b.permits(500)).toBe(0);
    expect(b.reopensAt()).toBe(1010);
    expect(b.snapshot(500)).toMatchObject({ state: 'open', consecutiveFailures: 4, timesOpened: 1 });
  });

  it('forgets outcomes older than the window', () => {
    const b = new CircuitBreaker('dms', options);
    feed(b, [false, false, false], 0);
    expect(b.record(false, 20_000)).toBeNull();
    expect(b.snapshot(20_000)).toMatchObject({ windowRequests: 1, windowFailures: 1 });
  });

  it('lets one probe through after the cooldown and closes on its success', () => {
    const b = new CircuitBreaker('dms', options);
    feed(b, [false, false, false, false], 0);
    expect(b.permits(1000)).toBe(1);
    b.started();
    expect(b.permits(1000)).toBe(0); // one probe at a time
    expect(b.record(true, 1100)).toBe('closed');
    expect(b.permits(1100)).toBe(Number.POSITIVE_INFINITY);
  });

  it('lets another probe go when one ended without a verdict (our own fault)', () => {
    const b = new CircuitBreaker('dms', options);
    feed(b, [false, false, false, false], 0);
    expect(b.permits(1000)).toBe(1);
    b.started();
    expect(b.permits(1000)).toBe(0);
    b.released();
    expect(b.permits(1000)).toBe(1);
  });

  it('opens again for twice as long when the probe fails, up to the maximum', () => {
    const b = new CircuitBreaker('dms', options);
    feed(b, [false, false, false, false], 0);
    let now = 1000;
    for (const expected of [2000, 4000, 5000, 5000]) {
      expect(b.permits(now)).toBe(1);
      b.started();
      expect(b.record(false, now)).toBe('opened');
      expect(b.reopensAt()).toBe(now + expected);
      now += expected;
    }
  });

  it('closes when an attempt started before it opened comes back healthy', () => {
    const b = new CircuitBreaker('dms', options);
    feed(b, [false, false, false, false], 0);
    expect(b.record(true, 10)).toBe('closed');
  });
});
