// The delivery loop: claim due deliveries (with a lease, so a crashed worker's tasks come back),
// run up to `concurrency` exchanges with DMS at once, sleep until the next one is due or until woken
// by an ingest. A slot is free again as soon as its exchange is over: on SQLite the next claim is
// queued right behind that attempt's record and shares its group commit (on PostgreSQL it runs on
// another connection, and the person's next event waits for the record's commit, as before). A
// circuit breaker stops attempts while DMS is down and, once a probe gets through, brings waiting
// retries forward so the queue drains. Stopping waits for attempts in flight.
import { randomUUID } from 'node:crypto';
import type { ClaimedDelivery } from './model/attempt-record.ts';
import type { Deliveries } from '../store/deliveries.ts';
import { attemptDelivery, signAhead, type AttemptDeps } from './attempt.ts';
import { CircuitBreaker, type BreakerOptions } from './circuit-breaker.ts';
import { PollingLoop } from './polling-loop.ts';

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
  /** Attempts until recorded: stop() waits for them. */
  private readonly active = new Set<Promise<unknown>>();
  /** Attempts whose exchange with DMS is not over yet: what `concurrency` bounds. */
  private exchanging = 0;
  private readonly loop = new PollingLoop(
    () => this.round(),
    (err) => this.deps.logger.error({ err }, 'a delivery round crashed; the worker goes on'),
  );

  constructor(deps: WorkerDeps, options: WorkerOptions) {
    this.deps = deps;
    this.options = options;
    this.breaker = new CircuitBreaker(deps.dmsUrl, options.breaker);
  }

  get isRunning(): boolean {
    return this.loop.isRunning;
  }

  start(): void {
    this.loop.start();
  }

  /** Something became due now (an ingest, an operator's retry): don't wait for the poll interval. */
  wake(): void {
    this.loop.wake();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await Promise.allSettled([...this.active]);
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private async round(): Promise<void> {
    const free = Math.min(this.options.concurrency - this.exchanging, this.breaker.permits(this.now()));
    let claimed = 0;
    if (free > 0) {
      try {
        const now = this.now();
        // A message not yet signed is signed and kept by the claim itself: one commit before it goes out.
        const due = await this.deps.deliveries.claimDue(this.owner, now, this.options.leaseMs, free, (d) => signAhead(d, this.deps, now));
        claimed = due.length;
        for (const d of due) {
          this.breaker.started();
          this.track(d);
        }
      } catch (err) {
        this.deps.logger.error({ err }, 'claiming deliveries failed');
      }
    }
    if (!this.loop.isRunning || (claimed > 0 && claimed === free)) return;
    await this.idle(free);
  }

  private track(d: ClaimedDelivery): void {
    this.exchanging++;
    let over = false;
    let observed: Promise<unknown> = Promise.resolve();
    /** Once per attempt: its exchange is over (healthy: what it says of DMS), or it crashed before (null). */
    const exchanged = (healthy: boolean | null): void => {
      if (over) return;
      over = true;
      this.exchanging--;
      if (healthy === null) this.breaker.released();
      else observed = this.observe(healthy).catch((err: unknown) => this.deps.logger.error({ err }, 'the circuit breaker could not act on an attempt (bringing retries forward failed)'));
      this.wake();
    };
    const tracked: Promise<unknown> = attemptDelivery(d, this.owner, this.deps, exchanged)
      .catch((err: unknown) => this.crashed(err, d.id))
      .finally(() => {
        exchanged(null);
        return observed;
      })
      .finally(() => {
        this.active.delete(tracked);
        this.wake();
      });
    this.active.add(tracked);
  }

  private crashed(err: unknown, deliveryId: string): void {
    this.deps.logger.error({ err, deliveryId }, 'delivery attempt crashed; the delivery is tried again when its lease expires');
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
    await this.loop.sleep(waitMs);
  }
}
