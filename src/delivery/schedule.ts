// When to try again. The schedule is data (RETRY_SCHEDULE): the n-th entry is the wait after the
// n-th failed attempt; once it is used up the delivery is failed. Jitter spreads retries of many
// deliveries that failed together; a Retry-After from DMS is honoured up to a ceiling.

export interface RetryPolicy {
  schedule: number[];
  jitter: number;
  retryAfterMaxMs: number;
}

/** Milliseconds to wait before the next attempt, or null when the schedule is exhausted. */
export function retryDelay(attemptsMade: number, policy: RetryPolicy, retryAfterMs: number | null, random: () => number = Math.random): number | null {
  const base = policy.schedule[attemptsMade - 1];
  if (base === undefined) return null;
  const jittered = Math.round(base * (1 + (random() * 2 - 1) * policy.jitter));
  if (retryAfterMs === null) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, policy.retryAfterMaxMs));
}
