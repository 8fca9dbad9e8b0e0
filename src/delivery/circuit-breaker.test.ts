import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.ts';

const options = { failureThreshold: 3, cooldownMs: 1000, maxCooldownMs: 5000 };

describe('CircuitBreaker', () => {
  it('stays closed through scattered failures and opens after a run of them', () => {
    const b = new CircuitBreaker('dms', options);
    expect(b.record(false, 0)).toBeNull();
    expect(b.record(false, 0)).toBeNull();
    expect(b.record(true, 0)).toBeNull(); // a success ends the run
    expect(b.record(false, 0)).toBeNull();
    expect(b.record(false, 0)).toBeNull();
    expect(b.permits(0)).toBe(Number.POSITIVE_INFINITY);
    expect(b.record(false, 10)).toBe('opened');
    expect(b.permits(500)).toBe(0);
    expect(b.reopensAt()).toBe(1010);
    expect(b.snapshot()).toMatchObject({ state: 'open', consecutiveFailures: 3, timesOpened: 1 });
  });

  it('lets one probe through after the cooldown and closes on its success', () => {
    const b = new CircuitBreaker('dms', options);
    for (let i = 0; i < 3; i++) b.record(false, 0);
    expect(b.permits(1000)).toBe(1);
    b.started();
    expect(b.permits(1000)).toBe(0); // only one probe at a time
    expect(b.record(true, 1100)).toBe('closed');
    expect(b.permits(1100)).toBe(Number.POSITIVE_INFINITY);
    expect(b.snapshot().state).toBe('closed');
  });

  it('opens again for twice as long when the probe fails, up to the maximum', () => {
    const b = new CircuitBreaker('dms', options);
    for (let i = 0; i < 3; i++) b.record(false, 0);
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
    for (let i = 0; i < 3; i++) b.record(false, 0);
    expect(b.record(true, 10)).toBe('closed');
  });
});
