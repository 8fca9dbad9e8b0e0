// Token buckets, one per key (a register's or operator's id, a client IP): `burst` tokens at most,
// refilled at `ratePerSecond`; each request takes one. In memory, per instance: several instances
// each count on their own (see README, Security). The clock is injected, so tests need no sleeps.

export interface BucketPolicy {
  /** The policy's name in the RateLimit headers (`"register"`, `"ip"`). */
  name: string;
  ratePerSecond: number;
  burst: number;
}

export interface BucketAnswer {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Seconds until the bucket is full again (the draft's `t`). */
  resetSeconds: number;
  /** Seconds until one token is back (Retry-After when refused); 0 when allowed. */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** A bounded map: past `maxKeys` the least recently used bucket is dropped (it was full, or nearly). */
export class TokenBuckets {
  readonly policy: BucketPolicy;
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(policy: BucketPolicy, now: () => number = Date.now, maxKeys = 100_000) {
    if (!(policy.ratePerSecond > 0) || !(policy.burst >= 1)) throw new Error('a token bucket needs a positive rate and a burst of at least 1');
    this.policy = policy;
    this.now = now;
    this.maxKeys = maxKeys;
  }

  /** Takes a token for `key` when there is one. */
  take(key: string): BucketAnswer {
    return this.answer(key, true);
  }

  /** Whether `key` has a token, taking none. */
  peek(key: string): BucketAnswer {
    return this.answer(key, false);
  }

  private answer(key: string, take: boolean): BucketAnswer {
    const { ratePerSecond: rate, burst } = this.policy;
    const now = this.now();
    const found = this.buckets.get(key);
    const tokens = found ? Math.min(burst, found.tokens + (Math.max(0, now - found.at) / 1000) * rate) : burst;
    const allowed = tokens >= 1;
    const left = allowed && take ? tokens - 1 : tokens;
    if (take) {
      this.buckets.delete(key);
      this.buckets.set(key, { tokens: left, at: now });
      if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    }
    return {
      allowed,
      remaining: Math.floor(left),
      resetSeconds: Math.ceil((burst - left) / rate),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / rate)),
    };
  }
}

/**
 * The IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers): the policy (quota `q` per
 * window `w` seconds: the burst, refilled in burst/rate seconds) and the current state (`r` left,
 * `t` seconds until the quota is whole again), as structured fields.
 */
export function rateLimitHeaders(policy: BucketPolicy, answer: BucketAnswer): Record<string, string> {
  const name = `"${policy.name}"`;
  return {
    'ratelimit-policy': `${name};q=${policy.burst};w=${Math.max(1, Math.ceil(policy.burst / policy.ratePerSecond))}`,
    ratelimit: `${name};r=${answer.remaining};t=${answer.resetSeconds}`,
  };
}
