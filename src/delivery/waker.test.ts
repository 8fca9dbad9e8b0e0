import { describe, expect, it } from 'vitest';
import { Waker } from './waker.ts';

const HOUR = 3_600_000;

describe('Waker', () => {
  it('ends a sleep when woken', async () => {
    const w = new Waker();
    const slept = w.sleep(HOUR).then(() => 'woken');
    w.wake();
    expect(await slept).toBe('woken');
  });

  it('keeps a wake that came while busy for the next sleep, until rearmed after it', async () => {
    const w = new Waker();
    w.rearm();
    w.wake(); // while the loop was busy
    expect(await w.sleep(HOUR).then(() => 'at once')).toBe('at once');
    w.rearm();
    let done = false;
    const next = w.sleep(HOUR).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    w.wake();
    await next;
    expect(done).toBe(true);
  });
});

describe('Waker sleeping its time out', () => {
  it('ends a sleep at its time when nobody wakes it, and a later wake ends only the sleep then running', async () => {
    const w = new Waker();
    await w.sleep(5); // would hang the test if the timer never ended it
    w.rearm();
    const first = w.sleep(HOUR).then(() => 'first');
    w.wake();
    expect(await first).toBe('first');
    w.rearm();
    let second = false;
    const next = w.sleep(HOUR).then(() => (second = true));
    await Promise.resolve();
    expect(second).toBe(false); // the earlier wake was forgotten by rearm
    w.wake();
    await next;
    expect(second).toBe(true);
  });
});
