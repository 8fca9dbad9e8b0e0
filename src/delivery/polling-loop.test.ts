import { describe, expect, it } from 'vitest';
import { PollingLoop } from './polling-loop.ts';

const HOUR = 3_600_000;

describe('PollingLoop', () => {
  it('runs a round at start, the next one when woken from its sleep, and stops a sleeping loop at once', async () => {
    let rounds = 0;
    let roundStarted: () => void = () => undefined;
    const loop = new PollingLoop(async () => {
      rounds++;
      roundStarted();
      await loop.sleep(HOUR);
    });
    const started = (): Promise<void> => new Promise((resolve) => (roundStarted = resolve));
    let next = started();
    loop.start();
    loop.start(); // a second start does not start a second loop
    await next;
    expect(rounds).toBe(1);
    expect(loop.isRunning).toBe(true);
    next = started();
    loop.wake();
    await next;
    expect(rounds).toBe(2);
    await loop.stop(); // would wait an hour if stop did not end the sleep
    expect(loop.isRunning).toBe(false);
    expect(rounds).toBe(2);
  });

  it('keeps going round without sleeping while a round finds more to do, and a wake inside a round ends its sleep', async () => {
    const seen: string[] = [];
    const loop = new PollingLoop(async () => {
      seen.push('round');
      if (seen.length < 3) return; // more to do at once
      if (seen.length === 3) loop.wake(); // something came due while busy
      await loop.sleep(HOUR);
    });
    loop.start();
    // Rounds 1–4 run without a timer between them; the fourth sleeps until stopped.
    await new Promise((resolve) => setImmediate(resolve));
    await loop.stop();
    expect(seen.length).toBe(4);
  });
});
