import { describe, expect, it } from 'vitest';
import { PollingLoop } from './polling-loop.ts';

const HOUR = 3_600_000;
const fail = (err: unknown): never => {
  throw err;
};

describe('PollingLoop', () => {
  it('runs a round at start, the next one when woken from its sleep, and stops a sleeping loop at once', async () => {
    let rounds = 0;
    let roundStarted: () => void = () => undefined;
    const loop = new PollingLoop(async () => {
      rounds++;
      roundStarted();
      await loop.sleep(HOUR);
    }, fail);
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

  it('started again while a stop waits for its round, runs the new loop after that round, never beside it', async () => {
    let inRound = 0;
    let most = 0;
    let rounds = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let secondLoop: () => void = () => undefined;
    const second = new Promise<void>((resolve) => (secondLoop = resolve));
    const loop = new PollingLoop(async () => {
      rounds++;
      inRound++;
      most = Math.max(most, inRound);
      if (rounds === 1) await gate; // the first round is busy (a delivery in flight) when stop comes
      inRound--;
      if (rounds === 2) secondLoop();
      await loop.sleep(HOUR);
    }, fail);
    loop.start();
    await new Promise((resolve) => setImmediate(resolve));
    const stopping = loop.stop();
    loop.start();
    await new Promise((resolve) => setImmediate(resolve));
    expect(rounds).toBe(1); // the new loop waits for the round under way
    release();
    await stopping;
    await second;
    expect(loop.isRunning).toBe(true);
    await loop.stop();
    expect(most).toBe(1);
    expect(rounds).toBe(2);
  });

  it('keeps going round without sleeping while a round finds more to do, and a wake inside a round ends its sleep', async () => {
    const seen: string[] = [];
    const loop = new PollingLoop(async () => {
      seen.push('round');
      if (seen.length < 3) return; // more to do at once
      if (seen.length === 3) loop.wake(); // something came due while busy
      await loop.sleep(HOUR);
    }, fail);
    loop.start();
    // Rounds 1–4 run without a timer between them; the fourth sleeps until stopped.
    await new Promise((resolve) => setImmediate(resolve));
    await loop.stop();
    expect(seen.length).toBe(4);
  });

  it('reports a round that threw and goes on with the next one, still running', async () => {
    const reported: unknown[] = [];
    let rounds = 0;
    let second: () => void = () => undefined;
    const secondRound = new Promise<void>((resolve) => (second = resolve));
    const loop = new PollingLoop(async () => {
      rounds++;
      if (rounds === 1) throw new Error('round one broke');
      second();
      await loop.sleep(HOUR);
    }, (err) => reported.push(err));
    loop.start();
    loop.wake(); // ends the pause after the crash at once
    await secondRound;
    expect(reported).toEqual([new Error('round one broke')]);
    expect(loop.isRunning).toBe(true);
    await loop.stop();
  });
});
