// Console sign-in throttling per client IP: after `freeFailures` failed attempts, each further one
// locks the IP out for a lockout that doubles (base, 2×base, 4×base … up to `maxLockoutMs`). A
// successful sign-in resets it; failures older than `maxLockoutMs` are forgotten. In memory, per
// instance. Sign-in takes a 256-bit token, not a password, so there is no account name to guess
// against: counting per IP stops floods without letting anyone lock an operator out by name.

export interface LoginThrottlePolicy {
  freeFailures: number;
  lockoutMs: number;
  maxLockoutMs: number;
}

interface Failures {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

export class LoginThrottle {
  private readonly records = new Map<string, Failures>();
  private readonly policy: LoginThrottlePolicy;
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(policy: LoginThrottlePolicy, now: () => number = Date.now, maxKeys = 100_000) {
    this.policy = policy;
    this.now = now;
    this.maxKeys = maxKeys;
  }

  /** Seconds the key must still wait, or 0 when it may try. */
  lockedFor(key: string): number {
    const r = this.current(key);
    return r ? Math.max(0, Math.ceil((r.lockedUntil - this.now()) / 1000)) : 0;
  }

  /** A failed attempt; returns the seconds of the lockout it starts (0: none yet). */
  failed(key: string): number {
    const now = this.now();
    const r = this.current(key) ?? { failures: 0, lastFailureAt: now, lockedUntil: 0 };
    r.failures += 1;
    r.lastFailureAt = now;
    const over = r.failures - this.policy.freeFailures;
    if (over > 0) r.lockedUntil = now + Math.min(this.policy.maxLockoutMs, this.policy.lockoutMs * 2 ** Math.min(over - 1, 30));
    this.records.delete(key);
    this.records.set(key, r);
    if (this.records.size > this.maxKeys) this.records.delete(this.records.keys().next().value as string);
    return this.lockedFor(key);
  }

  succeeded(key: string): void {
    this.records.delete(key);
  }

  private current(key: string): Failures | undefined {
    const r = this.records.get(key);
    if (r && this.now() - r.lastFailureAt > this.policy.maxLockoutMs && this.now() >= r.lockedUntil) {
      this.records.delete(key);
      return undefined;
    }
    return r;
  }
}
