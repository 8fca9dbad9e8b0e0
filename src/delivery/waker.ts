// The wake-up of a polling loop: it sleeps until its next poll unless woken first. A wake that
// comes while the loop is busy (between `rearm` and `sleep`) makes the next sleep end at once.
import { setTimeout as sleep } from 'node:timers/promises';

/** One reason for every wake: abort() with none builds a DOMException (and its stack) on each call. */
const WOKEN = Symbol('woken');

export class Waker {
  private controller = new AbortController();

  /** Cheap enough for every accepted event: a wake on an already woken loop does nothing. */
  wake(): void {
    if (!this.controller.signal.aborted) this.controller.abort(WOKEN);
  }

  /** At the top of each round: forget wakes that this round already answers. */
  rearm(): void {
    if (this.controller.signal.aborted) this.controller = new AbortController();
  }

  async sleep(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.controller.signal }).catch(() => undefined);
  }
}
