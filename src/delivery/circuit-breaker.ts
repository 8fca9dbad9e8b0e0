// A circuit breaker for one destination (the Convoy way: a failure rate over a sliding window, not
// a run of failures, so a DMS that drops a third of its requests keeps being used while one that
// is down stops being hammered). When at least `minRequests` attempts in the last `windowMs` failed
// at `failureRate` or more, it opens: no attempts, so an outage does not burn through every
// delivery's retry schedule. After the cooldown one probe goes out (half-open); its success closes
// the breaker, its failure opens it again for twice as long, up to `maxCooldownMs`.

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  minRequests: number;
  failureRate: number;
  windowMs: number;
  cooldownMs: number;
  maxCooldownMs: number;
}

export interface BreakerSnapshot {
  destination: string;
  state: BreakerState;
  consecutiveFailures: number;
  windowRequests: number;
  windowFailures: number;
  openUntil: number | null;
  timesOpened: number;
}

export type BreakerTransition = 'opened' | 'closed' | null;

export class CircuitBreaker {
  readonly destination: string;
  private readonly options: BreakerOptions;
  private state: BreakerState = 'closed';
  /**
   * Outcomes, oldest first: [time, healthy]; those from `first` on are within the window. The ones
   * that left it are cut off in bulk, and the failures among the rest are counted as they come and
   * go: each outcome costs the same however many the window holds.
   */
  private window: Array<[number, boolean]> = [];
  private first = 0;
  private failures = 0;
  private consecutive = 0;
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

  /** An attempt ended without a verdict on the destination (our own fault, or a crash): a probe may go again. */
  released(): void {
    this.probing = false;
  }

  /** The outcome of an attempt: did the destination answer meaningfully? */
  record(healthy: boolean, now: number): BreakerTransition {
    this.probing = false;
    this.consecutive = healthy ? 0 : this.consecutive + 1;
    if (this.state !== 'closed') {
      if (healthy) return this.close();
      // A failed probe (or a late failure while open) keeps it open, for longer.
      return this.state === 'half_open' ? this.open(now, Math.min(this.cooldown * 2, this.options.maxCooldownMs)) : null;
    }
    this.window.push([now, healthy]);
    if (!healthy) this.failures++;
    this.trim(now);
    const requests = this.window.length - this.first;
    if (requests >= this.options.minRequests && this.failures / requests >= this.options.failureRate) {
      return this.open(now, this.options.cooldownMs);
    }
    return null;
  }

  snapshot(now = Date.now()): BreakerSnapshot {
    this.trim(now);
    return {
      destination: this.destination,
      state: this.state,
      consecutiveFailures: this.consecutive,
      windowRequests: this.window.length - this.first,
      windowFailures: this.failures,
      openUntil: this.state === 'open' ? this.openUntil : null,
      timesOpened: this.opened,
    };
  }

  private trim(now: number): void {
    const from = now - this.options.windowMs;
    for (let oldest = this.window[this.first]; oldest !== undefined && oldest[0] < from; oldest = this.window[++this.first]) {
      if (!oldest[1]) this.failures--;
    }
    // Cut off what left, once it is at least half of what is kept.
    if (this.first > 64 && this.first * 2 > this.window.length) {
      this.window = this.window.slice(this.first);
      this.first = 0;
    }
  }

  private restartWindow(): void {
    this.window = [];
    this.first = 0;
    this.failures = 0;
  }

  private open(now: number, cooldown: number): BreakerTransition {
    this.cooldown = cooldown;
    this.state = 'open';
    this.openUntil = now + cooldown;
    this.opened++;
    this.restartWindow();
    return 'opened';
  }

  private close(): BreakerTransition {
    this.state = 'closed';
    this.cooldown = this.options.cooldownMs;
    this.restartWindow();
    return 'closed';
  }
}
