// A circuit breaker for one destination. After `failureThreshold` failures in a row it opens: no
// attempts (so a DMS outage does not burn through every delivery's retry schedule); after the
// cooldown one probe goes out (half-open); its success closes the breaker, its failure opens it
// again for twice as long, up to `maxCooldownMs`.

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  maxCooldownMs: number;
}

export interface BreakerSnapshot {
  destination: string;
  state: BreakerState;
  consecutiveFailures: number;
  openUntil: number | null;
  timesOpened: number;
}

export type BreakerTransition = 'opened' | 'closed' | null;

export class CircuitBreaker {
  readonly destination: string;
  private readonly options: BreakerOptions;
  private state: BreakerState = 'closed';
  private failures = 0;
  private openUntil = 0;
  private cooldown: number;
  private probing = false;
  private opened = 0;

  constructor(destination: string, options: BreakerOptions) {
    this.destination = destination;
    this.options = options;
    this.cooldown = options.cooldownMs;
  }

  /** How many attempts may start now. */
  permits(now: number): number {
    if (this.state === 'open' && now >= this.openUntil) this.state = 'half_open';
    if (this.state === 'closed') return Number.POSITIVE_INFINITY;
    if (this.state === 'half_open') return this.probing ? 0 : 1;
    return 0;
  }

  /** When an open breaker lets a probe through; null when it is not open. */
  reopensAt(): number | null {
    return this.state === 'open' ? this.openUntil : null;
  }

  started(): void {
    if (this.state === 'half_open') this.probing = true;
  }

  /** The outcome of an attempt: did the destination answer meaningfully? */
  record(healthy: boolean, now: number): BreakerTransition {
    const wasClosed = this.state === 'closed';
    this.probing = false;
    if (healthy) {
      this.failures = 0;
      this.cooldown = this.options.cooldownMs;
      if (wasClosed) return null;
      this.state = 'closed';
      return 'closed';
    }
    this.failures++;
    if (this.state === 'half_open') return this.open(now, Math.min(this.cooldown * 2, this.options.maxCooldownMs));
    if (this.state === 'closed' && this.failures >= this.options.failureThreshold) return this.open(now, this.options.cooldownMs);
    return null;
  }

  snapshot(): BreakerSnapshot {
    return {
      destination: this.destination,
      state: this.state,
      consecutiveFailures: this.failures,
      openUntil: this.state === 'open' ? this.openUntil : null,
      timesOpened: this.opened,
    };
  }

  private open(now: number, cooldown: number): BreakerTransition {
    this.cooldown = cooldown;
    this.state = 'open';
    this.openUntil = now + cooldown;
    this.opened++;
    return 'opened';
  }
}
