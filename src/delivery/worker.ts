// The delivery loop: claim due deliveries (with a lease, so a crashed worker's tasks come back),
// run up to `concurrency` attempts at once, sleep until the next one is due or until woken by an
// ingest. A circuit breaker stops attempts while DMS is down and, once a probe gets through, brings
// waiting retries forward so the queue drains. Stopping waits for attempts in flight.
import { randomUUID } from 'node:crypto';
import type { Deliveries } from '../store/deliveries.ts';
import { attemptDelivery, signAhead, type AttemptDeps } from './attempt.ts';
import { CircuitBreaker, type BreakerOptions } from './circuit-breaker.ts';
import { Waker } from './waker.ts';

export interface WorkerOptions {
  concurrency: number;
  pollMs: number;
  leaseMs: number;
  breaker: BreakerOptions;
}

/** The worker claims, schedules and records through the deliveries module only. */
export interface WorkerDeps extends AttemptDeps {
  deliveries: Pick<Deliveries, 'claimDue' | 'saveSignedRequest' | 'recordAttempt' | 'nextDueAt' | 'expediteRetries'>;
}

export class DeliveryWorker {
  readonly owner = `worker-${randomUUID()}`;
  readonly breaker: CircuitBreaker;
  private readonly deps: WorkerDeps;
  private readonly options: WorkerOptions;
  private readonly active = new Set<Promise<unknown>>();
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly waker = new Waker();

  constructor(deps: WorkerDeps, options: WorkerOptions) {
    this.deps = deps;
    this.options = options;
    this.breaker = new CircuitBreaker(deps.dmsUrl, options.breaker);
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Something became due now (an ingest, an operator's retry): don't wait for the poll interval. */
  wake(): void {
    this.waker.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.active]);
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.waker.rearm();
      const free = Math.min(this.options.concurrency - this.active.size, this.breaker.permits(this.now()));
      let claimed = 0;
      if (free > 0) {
        try {
          const now = this.now();
          // A message not yet signed is signed and kept by the claim itself: one commit before it goes out.
          const due = await this.deps.deliveries.claimDue(this.owner, now, this.options.leaseMs, free, (d) => signAhead(d, this.deps, now));
          claimed = due.length;
          for (const d of due) {
            this.breaker.started();
            this.track(d.id, attemptDelivery(d, this.owner, this.deps));
          }
        } catch (err) {
          this.deps.logger.error({ err }, 'claiming deliveries failed');
        }
      }
      if (!this.running) break;
      if (claimed > 0 && claimed === free) continue;
      await this.idle(free);
    }
  }

  private track(deliveryId: string, attempt: ReturnType<typeof attemptDelivery>): void {
    const tracked: Promise<unknown> = attempt
      .then((outcome) => {
        if (outcome.dmsHealthy === null) this.breaker.released();
        else return this.observe(outcome.dmsHealthy);
      })
      .catch((err: unknown) => {
        this.breaker.released();
        this.deps.logger.error({ err, deliveryId }, 'delivery attempt crashed; the delivery is tried again when its lease expires');
      })
      .finally(() => {
        this.active.delete(tracked);
        this.wake();
      });
    this.active.add(tracked);
  }

  private async observe(healthy: boolean): Promise<void> {
    const transition = this.breaker.record(healthy, this.now());
    const snapshot = this.breaker.snapshot();
    if (transition === 'opened') {
      this.deps.logger.warn({ destination: snapshot.destination, openUntil: snapshot.openUntil }, 'circuit breaker opened: DMS keeps failing, attempts paused');
    } else if (transition === 'closed') {
      const expedited = await this.deps.deliveries.expediteRetries(this.now());
      this.deps.logger.info({ destination: snapshot.destination, expedited }, 'circuit breaker closed: DMS answers again, waiting retries brought forward');
    }
  }

  private async idle(free: number): Promise<void> {
    let waitMs = this.options.pollMs;
    const reopensAt = this.breaker.reopensAt();
    if (reopensAt !== null) {
      waitMs = Math.max(5, Math.min(waitMs, reopensAt - this.now()));
    } else if (free > 0) {
      const due = await this.deps.deliveries.nextDueAt().catch(() => null);
      // A few milliseconds at least, so a task due "now" but not yet claimable cannot spin the loop.
      if (due !== null) waitMs = Math.max(5, Math.min(waitMs, due - this.now()));
    }
    await this.waker.sleep(waitMs);
  }
}
