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
