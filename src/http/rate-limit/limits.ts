// The gateway's limits, made once per app: a token bucket per register or operator on the API, one
// per client IP for requests that fail authentication, and the console's sign-in throttle.
import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import { ProblemError } from '../../errors.ts';
import { LoginThrottle, type LoginThrottlePolicy } from './login-throttle.ts';
import { rateLimitHeaders, TokenBuckets, type BucketAnswer, type BucketPolicy } from './token-bucket.ts';

export interface RateLimitSettings {
  /** Per register key or operator token, on the register API (/v1). */
  api: { ratePerSecond: number; burst: number };
  /** Per client IP, for requests without a valid key (guessing keys, floods before authentication). */
  unauthenticated: { ratePerSecond: number; burst: number };
  login: LoginThrottlePolicy;
}

/** Generous: a register posting a backlog, the chaos run and the test suites stay below them. */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  api: { ratePerSecond: 100, burst: 1000 },
  unauthenticated: { ratePerSecond: 20, burst: 200 },
  login: { freeFailures: 5, lockoutMs: 30_000, maxLockoutMs: 15 * 60_000 },
};

export interface RateLimits {
  api: TokenBuckets;
  unauthenticated: TokenBuckets;
  login: LoginThrottle;
}

export function createRateLimits(settings: RateLimitSettings = DEFAULT_RATE_LIMITS, now: () => number = Date.now): RateLimits {
  const policy = (name: string, s: { ratePerSecond: number; burst: number }): BucketPolicy => ({ name, ...s });
  return {
    api: new TokenBuckets(policy('key', settings.api), now),
    unauthenticated: new TokenBuckets(policy('ip', settings.unauthenticated), now),
    login: new LoginThrottle(settings.login, now),
  };
}

/** The peer's address as the socket has it (behind a proxy: the proxy's, see README). */
export function clientIp(c: Context): string {
  const incoming = (c.env as { incoming?: Pick<IncomingMessage, 'socket'> } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

export function rateLimited(policy: BucketPolicy, answer: BucketAnswer): ProblemError {
  return new ProblemError({
    status: 429,
    code: 'RATE_LIMITED',
    message: {
      uk: `Забагато запитів: дозволено ${policy.burst} поспіль і ${policy.ratePerSecond} на секунду. Повторіть через ${answer.retryAfterSeconds} с (заголовок Retry-After).`,
      en: `Too many requests: ${policy.burst} in a burst and ${policy.ratePerSecond} per second are allowed. Retry in ${answer.retryAfterSeconds} s (the Retry-After header).`,
    },
    headers: { 'retry-after': String(answer.retryAfterSeconds), ...rateLimitHeaders(policy, answer) },
  });
}
