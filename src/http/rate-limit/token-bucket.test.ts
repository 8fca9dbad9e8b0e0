import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.ts';
import { rateLimitHeaders, TokenBuckets } from './token-bucket.ts';

describe('token buckets (injected clock)', () => {
  it('allows the burst, refuses the next with the wait for one token, and refills at the rate', () => {
    let now = 0;
    const buckets = new TokenBuckets({ name: 'key', ratePerSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => buckets.take('a')).map((a) => [a.allowed, a.remaining])).toEqual([[true, 2], [true, 1], [true, 0]]);
    const refused = buckets.take('a');
    expect(refused).toEqual({ allowed: false, remaining: 0, resetSeconds: 2, retryAfterSeconds: 1 });
    expect(buckets.take('b').allowed).toBe(true); // keys are apart
    now = 499;
    expect(buckets.take('a').allowed).toBe(false);
    now = 500; // half a second at 2/s: one token
    expect(buckets.take('a')).toMatchObject({ allowed: true, remaining: 0 });
    now = 10_000; // never more than the burst
    expect(buckets.peek('a')).toMatchObject({ allowed: true, remaining: 3, resetSeconds: 0 });
  });

  it('forgets the least recently used key beyond its bound (a fresh key starts full)', () => {
    const buckets = new TokenBuckets({ name: 'ip', ratePerSecond: 1, burst: 1 }, () => 0, 2);
    buckets.take('a');
    buckets.take('b');
    buckets.take('c');
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('c').allowed).toBe(false);
  });

  it('writes the IETF RateLimit-Policy and RateLimit fields', () => {
    const policy = { name: 'key', ratePerSecond: 10, burst: 100 };
    expect(rateLimitHeaders(policy, { allowed: true, remaining: 42, resetSeconds: 6, retryAfterSeconds: 0 })).toEqual({
      'ratelimit-policy': '"key";q=100;w=10',
      ratelimit: '"key";r=42;t=6',
    });
  });
});

describe('the sign-in throttle (injected clock)', () => {
  it('locks out after the free failures, doubling up to the maximum; success resets', () => {
    let now = 0;
    const throttle = new LoginThrottle({ freeFailures: 2, lockoutMs: 10_000, maxLockoutMs: 35_000 }, () => now);
    expect([throttle.failed('ip'), throttle.failed('ip')]).toEqual([0, 0]);
    expect(throttle.lockedFor('ip')).toBe(0);
    expect(throttle.failed('ip')).toBe(10);
    now = 10_000;
    expect(throttle.lockedFor('ip')).toBe(0);
    expect(throttle.failed('ip')).toBe(20);
    now = 30_000;
    expect(throttle.failed('ip')).toBe(35); // 40 s capped at 35
    expect(throttle.lockedFor('other')).toBe(0);
    throttle.succeeded('ip');
    expect(throttle.lockedFor('ip')).toBe(0);
    expect(throttle.failed('ip')).toBe(0);
  });

  it('forgets failures once they are older than the longest lockout', () => {
    let now = 0;
    const throttle = new LoginThrottle({ freeFailures: 1, lockoutMs: 1_000, maxLockoutMs: 5_000 }, () => now);
    throttle.failed('ip');
    now = 5_001;
    expect(throttle.failed('ip')).toBe(0);
  });
});
