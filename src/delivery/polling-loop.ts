// The background loop the delivery worker, the webhook worker and the replay runner share: rounds
// one after another until stopped. A round that has nothing more to do at once ends with `sleep`,
// which a `wake` (an ingest, an operator's retry, a finished attempt) or `stop` cuts short.
import { Waker } from './waker.ts';

const CRASH_PAUSE_MS = 1000;

export class PollingLoop {
  private readonly waker = new Waker();
  private running = false;
  /** Which start() the loop under way belongs to: a loop of an earlier one ends after its round. */
  private generation = 0;
  private done: Promise<void> = Promise.resolve();
  private readonly round: () => Promise<void>;
  private readonly crashed: (err: unknown) => void;

  /** `crashed` hears of a round that threw (rounds catch what they expect): the loop goes on after a pause. */
  constructor(round: () => Promise<void>, crashed: (err: unknown) => void) {
    this.round = round;
    this.crashed = crashed;
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const generation = ++this.generation;
    // After a stop() whose round is still under way, the new loop begins once that round is over:
    // never two rounds at once.
    this.done = this.done.then(
      () => this.run(generation),
      () => this.run(generation),
    );
  }

  wake(): void {
    this.waker.wake();
  }

  /** Ends the round under way (a sleep at once) and waits for it. */
  async stop(): Promise<void> {
    this.running = false;
    this.generation++;
    this.waker.wake();
    await this.done;
  }

  sleep(ms: number): Promise<void> {
    return this.waker.sleep(ms);
  }

  private async run(generation: number): Promise<void> {
    while (this.generation === generation) {
      // Wakes from before this round are answered by it.
      this.waker.rearm();
      try {
        await this.round();
      } catch (err) {
        // Not the end of the loop: a worker that silently stopped would still look running.
        this.crashed(err);
        await this.waker.sleep(CRASH_PAUSE_MS);
      }
    }
  }
}
