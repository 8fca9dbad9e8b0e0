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

  it('shows when it reopens only while open, and counts only the window in its snapshot', () => {
    const b = new CircuitBreaker('dms', options);
    feed(b, [false, false, false], 0);
    expect(b.snapshot(20_000)).toMatchObject({ state: 'closed', windowRequests: 0, windowFailures: 0, openUntil: null });
    feed(b, [false, false, false, false], 20_000);
    expect(b.snapshot(20_000)).toMatchObject({ state: 'open', openUntil: 21_000 });
    // A late failure while open (an attempt that started before it opened) changes nothing.
    expect(b.record(false, 20_500)).toBeNull();
    expect(b.snapshot(20_500)).toMatchObject({ state: 'open', openUntil: 21_000, timesOpened: 1 });
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

describe('CircuitBreaker thresholds, at their exact values', () => {
  const ten = { ...options, minRequests: 10 };
  const outcomes = (failures: number, total: number) => [...Array<boolean>(total - failures).fill(true), ...Array<boolean>(failures).fill(false)];

  it('opens AT the failure rate: 7 failures of 10 at 0.7', () => {
    const b = new CircuitBreaker('dms', ten);
    const transitions = feed(b, outcomes(7, 10), 0);
    expect(transitions.slice(0, 9)).toEqual(Array(9).fill(null));
    expect(transitions[9]).toBe('opened');
  });

  it('stays closed just below it: 6 failures of 10 at 0.7', () => {
    const b = new CircuitBreaker('dms', ten);
    expect(feed(b, outcomes(6, 10), 0)).not.toContain('opened');
    expect(b.snapshot(0)).toMatchObject({ state: 'closed', windowRequests: 10, windowFailures: 6 });
  });

  it('judges only from minRequests on: 9 failures of 9 stay closed, the 10th opens', () => {
    const b = new CircuitBreaker('dms', ten);
    expect(feed(b, outcomes(9, 9), 0)).not.toContain('opened');
    expect(b.record(false, 0)).toBe('opened');
  });

  it('keeps an outcome exactly windowMs old, forgets one a millisecond older', () => {
    const b = new CircuitBreaker('dms', options);
    feed(b, [false, false, false], 0);
    expect(b.record(false, options.windowMs)).toBe('opened'); // the three at 0 are still in the window
    const c = new CircuitBreaker('dms', options);
    feed(c, [false, false, false], 0);
    expect(c.record(false, options.windowMs + 1)).toBeNull();
  });

  it('tells no reopening time while closed or half-open', () => {
    const b = new CircuitBreaker('dms', options);
    expect(b.reopensAt()).toBeNull();
    feed(b, [false, false, false, false], 0);
    expect(b.reopensAt()).toBe(1000);
    expect(b.permits(1000)).toBe(1);
    expect(b.reopensAt()).toBeNull();
  });

  it('counts as the probe only an attempt started while half-open, not a late one permitted before it opened', () => {
    const b = new CircuitBreaker('dms', options);
    expect(b.permits(0)).toBe(Number.POSITIVE_INFINITY);
    feed(b, [false, false, false, false], 0);
    b.started(); // the attempt permitted while closed starts only now, with the breaker open
    expect(b.permits(1000)).toBe(1);
    b.started(); // the probe
    expect(b.permits(1000)).toBe(0);
  });
});
