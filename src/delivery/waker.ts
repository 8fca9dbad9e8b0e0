// The wake-up of a polling loop: it sleeps until its next poll unless woken first. A wake that
// comes while the loop is busy (between `rearm` and `sleep`) makes the next sleep end at once.
// A plain timer and resolver, not an AbortSignal: timers/promises answers an abort by building an
// AbortError (and its stack) on every wake, and the worker is woken after every attempt.

export class Waker {
  private woken = false;
  private endSleep: (() => void) | undefined;

  /** Cheap enough for every accepted event: a wake on an already woken loop does nothing. */
  wake(): void {
    if (this.woken) return;
    this.woken = true;
    this.endSleep?.();
  }

  /** At the top of each round: forget wakes that this round already answers. */
  rearm(): void {
    this.woken = false;
  }

  sleep(ms: number): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const end = (): void => {
        clearTimeout(timer);
        if (this.endSleep === end) this.endSleep = undefined;
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.endSleep = end;
    });
  }
}
