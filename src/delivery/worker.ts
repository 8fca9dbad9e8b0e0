// The delivery loop: claim due deliveries (with a lease, so a crashed worker's tasks come back),
// run up to `concurrency` attempts at once, sleep until the next one is due or until woken by an
// ingest. Stopping waits for attempts in flight, so a clean shutdown records every attempt.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { attemptDelivery, type AttemptDeps } from './attempt.ts';

export interface WorkerOptions {
  concurrency: number;
  pollMs: number;
  leaseMs: number;
}

export class DeliveryWorker {
  readonly owner = `worker-${randomUUID()}`;
  private readonly deps: AttemptDeps;
  private readonly options: WorkerOptions;
  private readonly active = new Set<Promise<unknown>>();
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: AbortController = new AbortController();

  constructor(deps: AttemptDeps, options: WorkerOptions) {
    this.deps = deps;
    this.options = options;
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Something became due now (an ingest): don't wait for the poll interval. */
  wake(): void {
    this.wakeUp.abort();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.active]);
  }

  private async run(): Promise<void> {
    const now = this.deps.now ?? Date.now;
    while (this.running) {
      if (this.wakeUp.signal.aborted) this.wakeUp = new AbortController();
      const free = this.options.concurrency - this.active.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const due = await this.deps.store.claimDue(this.owner, now(), this.options.leaseMs, free);
          claimed = due.length;
          for (const d of due) this.track(attemptDelivery(d, this.owner, this.deps));
        } catch (err) {
          this.deps.logger.error({ err }, 'claiming deliveries failed');
        }
      }
      if (!this.running) break;
      if (claimed > 0 && claimed === free) continue;
      await this.idle(free === 0);
    }
  }

  private track(attempt: Promise<unknown>): void {
    const tracked: Promise<unknown> = attempt
      .catch((err: unknown) => this.deps.logger.error({ err }, 'delivery attempt crashed'))
      .finally(() => {
        this.active.delete(tracked);
        this.wake();
      });
    this.active.add(tracked);
  }

  private async idle(full: boolean): Promise<void> {
    let waitMs = this.options.pollMs;
    if (!full) {
      const due = await this.deps.store.nextDueAt().catch(() => null);
      const now = (this.deps.now ?? Date.now)();
      // A few milliseconds at least, so a task due "now" but not yet claimable cannot spin the loop.
      if (due !== null) waitMs = Math.max(5, Math.min(waitMs, due - now));
    }
    await sleep(waitMs, undefined, { signal: this.wakeUp.signal }).catch(() => undefined);
  }
}
