// The circuit breaker after an outage: the cooldown back at its base once closed, a fresh window
// after each transition (old failures do not reopen it), the probe at exactly the end of the
// cooldown, and the counts its snapshot shows.
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.ts';

const options = { minRequests: 3, failureRate: 0.5, windowMs: 10_000, cooldownMs: 1000, maxCooldownMs: 8000 };
const feed = (b: CircuitBreaker, outcomes: boolean[], at: number) => outcomes.map((ok) => b.record(ok, at));

describe('CircuitBreaker recovery', () => {
  it('waits out the cooldown: no attempt a millisecond before it ends, one probe at its end', () => {
    const b = new CircuitBreaker('dms', options);
    feed(b, [false, false, false], 100);
    expect(b.permits(1099)).toBe(0);
    expect(b.snapshot(1099).state).toBe('open');
    expect(b.permits(1100)).toBe(1);
    expect(b.snapshot(1100).state).toBe('half_open');
  });

  it('closes with the cooldown back at its base after failed probes lengthened it', () => {
    const b = new CircuitBreaker('dms', options);
    feed(b, [false, false, false], 0);
    b.permits(1000);
    b.started();
    expect(b.record(false, 1000)).toBe('opened');
    expect(b.reopensAt()).toBe(3000);
    b.permits(3000);
    b.started();
    expect(b.record(true, 3000)).toBe('closed');
    expect(feed(b, [false, false, false], 3100)).toEqual([null, null, 'opened']);
    expect(b.reopensAt()).toBe(4100);
  });

  it('starts a fresh window when it opens and when it closes: failures from before do not count', () => {
    const b = new CircuitBreaker('dms', options);
    feed(b, [true, true, false, false, false, false], 0);
    expect(b.snapshot(0)).toMatchObject({ state: 'open', windowRequests: 0, windowFailures: 0, timesOpened: 1 });
    b.permits(1000);
    b.started();
    b.record(true, 1000);
    expect(b.snapshot(1000)).toMatchObject({ state: 'closed', windowRequests: 0 });
    // Two failures are below minRequests on their own; with the old ones they would open it.
    expect(feed(b, [false, false], 1001)).toEqual([null, null]);
    expect(b.snapshot(1001)).toMatchObject({ state: 'closed', windowRequests: 2, windowFailures: 2, consecutiveFailures: 2, openUntil: null });
  });

  it('counts consecutive failures, reset by a success', () => {
    const b = new CircuitBreaker('dms', { ...options, minRequests: 100 });
    feed(b, [false, false, true, false], 0);
    expect(b.snapshot(0)).toMatchObject({ consecutiveFailures: 1, windowRequests: 4, windowFailures: 3 });
  });

  it('keeps only the outcomes of the window, dropping the oldest first', () => {
    const b = new CircuitBreaker('dms', { ...options, minRequests: 100 });
    b.record(false, 0);
    b.record(true, 5000);
    b.record(false, 9000);
    expect(b.snapshot(15_000)).toMatchObject({ windowRequests: 2, windowFailures: 1 });
    expect(b.snapshot(15_001)).toMatchObject({ windowRequests: 1, windowFailures: 1 });
    expect(b.snapshot(19_001)).toMatchObject({ windowRequests: 0, windowFailures: 0 });
  });

  it('counts the window right as thousands of outcomes slide through it', () => {
    // Never opens (the rate stays under 1), so every outcome stays in the count.
    const b = new CircuitBreaker('dms', { ...options, failureRate: 1 });
    const recorded: Array<[number, boolean]> = [];
    for (let i = 0; i < 3000; i++) {
      const at = i * 10;
      const ok = i % 3 !== 0;
      b.record(ok, at);
      recorded.push([at, ok]);
      if (i % 97 === 0) {
        const inWindow = recorded.filter(([t]) => t >= at - options.windowMs);
        expect(b.snapshot(at)).toMatchObject({ windowRequests: inWindow.length, windowFailures: inWindow.filter(([, o]) => !o).length });
      }
    }
  });

  it('names its destination, and snapshots the present moment by default', () => {
    const b = new CircuitBreaker('https://dms.example/soap', { ...options, minRequests: 100 });
    b.record(false, Date.now() - 20_000);
    expect(b.snapshot()).toMatchObject({ destination: 'https://dms.example/soap', windowRequests: 0 });
  });
});
